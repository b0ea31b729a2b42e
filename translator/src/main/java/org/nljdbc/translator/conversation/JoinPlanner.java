package org.nljdbc.translator.conversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nljdbc.translator.catalog.Catalog;
import org.nljdbc.translator.catalog.ForeignKey;

/** Shortest foreign-key path from the tables a query already reads to a table it must join. */
final class JoinPlanner {
    private JoinPlanner() {
    }

    /**
     * One join: {@code table} is joined to {@code from} (already in the query) along {@code key}.
     *
     * @param forward true when {@code from} holds the foreign key ({@code key.fromTable() == from})
     */
    record Step(String from, String table, ForeignKey key, boolean forward) {
        List<String> fromColumns() {
            return forward ? key.fromColumns() : key.toColumns();
        }

        List<String> tableColumns() {
            return forward ? key.toColumns() : key.fromColumns();
        }
    }

    /** The steps joining {@code target} to one of {@code present}, shortest first found; empty when none (or present). */
    static Optional<List<Step>> path(Catalog catalog, Collection<String> present, String target) {
        Map<String, String> canonical = new HashMap<>();
        catalog.tables().forEach(t -> canonical.put(key(t.name()), t.name()));
        String goal = key(target);
        Map<String, Step> via = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String p : present) {
            String k = key(p);
            if (k.equals(goal)) {
                return Optional.of(List.of());
            }
            via.put(k, null);
            queue.add(k);
        }
        List<ForeignKey> keys = catalog.foreignKeys();
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            for (ForeignKey fk : keys) {
                String next;
                boolean forward;
                if (key(fk.fromTable()).equals(at)) {
                    next = key(fk.toTable());
                    forward = true;
                } else if (key(fk.toTable()).equals(at)) {
                    next = key(fk.fromTable());
                    forward = false;
                } else {
                    continue;
                }
                if (via.containsKey(next)) {
                    continue;
                }
                via.put(next, new Step(canonical.getOrDefault(at, at), canonical.getOrDefault(next, next), fk, forward));
                if (next.equals(goal)) {
                    List<Step> steps = new ArrayList<>();
                    for (String k = next; via.get(k) != null; k = key(via.get(k).from())) {
                        steps.add(0, via.get(k));
                    }
                    return Optional.of(steps);
                }
                queue.addLast(next);
            }
        }
        return Optional.empty();
    }

    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
