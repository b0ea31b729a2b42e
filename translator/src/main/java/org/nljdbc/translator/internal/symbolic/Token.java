package org.nljdbc.translator.internal.symbolic;

/**
 * One token of a question.
 *
 * @param text   as written (quotes removed for a quoted string)
 * @param lower  lower-cased text
 * @param stem   stem of the lower-cased text (the text itself for numbers and quoted strings)
 * @param quoted whether the user put it in quotes: a literal value, never a keyword
 */
record Token(String text, String lower, String stem, boolean quoted) {
    static Token word(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return new Token(text, lower, Words.stem(lower), false);
    }

    static Token quotedString(String text) {
        return new Token(text, text.toLowerCase(java.util.Locale.ROOT), text.toLowerCase(java.util.Locale.ROOT), true);
    }

    boolean isNumber() {
        return !quoted && lower.matches("-?\\d+(\\.\\d+)?");
    }

    boolean isCapitalised() {
        return !quoted && !text.isEmpty() && Character.isUpperCase(text.charAt(0));
    }
}
