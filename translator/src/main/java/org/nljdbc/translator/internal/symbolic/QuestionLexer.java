package org.nljdbc.translator.internal.symbolic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a question into word, number and quoted-string tokens; spelled-out small numbers become digits. */
final class QuestionLexer {
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("one", "1"),
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("twenty", "20"), Map.entry("hundred", "100"));

    private QuestionLexer() {
    }

    static List<Token> lex(String question) {
        List<Token> out = new ArrayList<>();
        String q = question.replace('\u2019', '\'').replace('\u201c', '"').replace('\u201d', '"');
        int i = 0;
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            if (c == '"' || (c == '\'' && (i == 0 || !Character.isLetterOrDigit(q.charAt(i - 1))))) {
                int end = q.indexOf(c, i + 1);
                if (end > i + 1) {
                    out.add(Token.quotedString(q.substring(i + 1, end).trim()));
                    i = end + 1;
                    continue;
                }
                i++;
                continue;
            }
            if (isIsoDate(q, i)) {
                // "since 2024-03-01" (a bound date parameter is written so): one token, not three numbers.
                out.add(Token.word(q.substring(i, i + 10)));
                i += 10;
                continue;
            }
            if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(q.charAt(i + 1))
                    && (i == 0 || q.charAt(i - 1) == ' '))) {
                int start = i;
                i++;
                while (i < n && (Character.isDigit(q.charAt(i)) || q.charAt(i) == ','
                        || (q.charAt(i) == '.' && i + 1 < n && Character.isDigit(q.charAt(i + 1))))) {
                    i++;
                }
                out.add(Token.word(q.substring(start, i).replace(",", "")));
                continue;
            }
            if (Character.isLetter(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_'
                        || (q.charAt(i) == '\'' && i + 1 < n && Character.isLetter(q.charAt(i + 1))))) {
                    i++;
                }
                String word = q.substring(start, i);
                if (word.endsWith("'s") || word.endsWith("'S")) {
                    word = word.substring(0, word.length() - 2);
                }
                String digits = NUMBER_WORDS.get(word.toLowerCase(java.util.Locale.ROOT));
                out.add(Token.word(digits != null ? digits : word));
                continue;
            }
            i++;
        }
        return out;
    }

    /** Whether an ISO date {@code yyyy-mm-dd} starts at {@code i} (and is not part of a longer number). */
    static boolean isIsoDate(String q, int i) {
        if (i + 10 > q.length() || (i > 0 && Character.isLetterOrDigit(q.charAt(i - 1)))
                || (i + 10 < q.length() && Character.isLetterOrDigit(q.charAt(i + 10)))) {
            return false;
        }
        return q.substring(i, i + 10).matches("(19|20)\\d\\d-[01]\\d-[0-3]\\d");
    }
}
