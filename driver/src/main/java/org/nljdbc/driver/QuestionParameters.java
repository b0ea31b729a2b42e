package org.nljdbc.driver;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a prepared NL question ({@code NL: revenue by category since ?}, as JasperReports sends
 * {@code $P{since}}): a {@code ?} standing on its own (not right after a letter, digit or another {@code ?}, and
 * outside quotes) is a parameter; {@code status?} ends a sentence. A bound value becomes a literal of the question,
 * typed (a date as {@code 2024-03-01}, a number as a number, a string quoted), before the question is translated:
 * it is part of the question, never text concatenated into SQL, and the SQL made from it goes through the guard.
 */
final class QuestionParameters {
    private final String question;
    private final List<Integer> markers;

    QuestionParameters(String question) {
        this.question = question;
        this.markers = markers(question);
    }

    int count() {
        return markers.size();
    }

    private static List<Integer> markers(String q) {
        List<Integer> out = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            char prev = i == 0 ? ' ' : q.charAt(i - 1);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '"' || c == '\'' && !Character.isLetterOrDigit(prev)) && q.indexOf(c, i + 1) > 0) {
                quote = c;
            } else if (c == '?' && !Character.isLetterOrDigit(prev) && prev != '?') {
                out.add(i);
            }
        }
        return out;
    }

    /** The question with each value in place of its marker; {@code values} has one entry per marker. */
    String literalised(Object[] values) throws SQLException {
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int i = 0; i < markers.size(); i++) {
            sb.append(question, from, markers.get(i)).append(literal(i + 1, values[i]));
            from = markers.get(i) + 1;
        }
        return sb.append(question.substring(from)).toString();
    }

    /** Each value as SQL written for the question would show it ({@link QuestionShapes#sqlLiteral}). */
    List<String> sqlLiterals(Object[] values) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < markers.size(); i++) {
            out.add(QuestionShapes.sqlLiteral(values[i], literal(i + 1, values[i])));
        }
        return out;
    }

    /** Marks a parameter that was never set (distinct from one set to SQL NULL). */
    static final Object UNSET = new Object();

    private static String literal(int index, Object v) throws SQLException {
        if (v == UNSET) {
            throw new SQLException("parameter " + index + " of the NL question is not set", "07001");
        }
        if (v == null) {
            throw new SQLException("parameter " + index + " of the NL question is null: a question cannot ask about "
                    + "an unknown value; bind a value, or write the question without it", "22004");
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString().replace('T', ' ');
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (v instanceof java.time.temporal.TemporalAccessor t) {
            return t.toString().replace('T', ' ');
        }
        if (v instanceof java.util.Date d) {
            return new java.sql.Timestamp(d.getTime()).toLocalDateTime().toString().replace('T', ' ');
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        throw new java.sql.SQLFeatureNotSupportedException("parameter " + index + " of the NL question is a "
                + v.getClass().getSimpleName() + "; bind a string, number, boolean, date or timestamp", "0A000");
    }
}
