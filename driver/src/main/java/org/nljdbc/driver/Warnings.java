package org.nljdbc.driver;

import java.sql.SQLWarning;
import java.util.List;

/** The warning chains nljdbc adds to those of the delegate. */
final class Warnings {
    private Warnings() {
    }

    /** One warning (SQLState 01000) per line, chained in order; null for no lines. */
    static SQLWarning chain(List<String> lines) {
        SQLWarning head = null;
        SQLWarning tail = null;
        for (String line : lines) {
            SQLWarning w = new SQLWarning(line, "01000");
            if (head == null) {
                head = w;
            } else {
                tail.setNextWarning(w);
            }
            tail = w;
        }
        return head;
    }

    /** A copy of {@code own} followed by {@code theirs}; {@code own} itself is left unchained, to be kept. */
    static SQLWarning followedBy(SQLWarning own, SQLWarning theirs) {
        SQLWarning head = new SQLWarning(own.getMessage(), own.getSQLState());
        SQLWarning tail = head;
        for (SQLWarning w = own.getNextWarning(); w != null; w = w.getNextWarning()) {
            SQLWarning copy = new SQLWarning(w.getMessage(), w.getSQLState());
            tail.setNextWarning(copy);
            tail = copy;
        }
        tail.setNextWarning(theirs);
        return head;
    }
}
