package org.nljdbc.translator.internal.conversation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ForeignKey;

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

    /**
     * The steps joining {@code target} to one of {@code present}: empty steps when it is present, empty when no
     * path exists. Throws when several shortest paths exist (the region of a customer or of a supplier?), since
     * the choice is the user's, not the driver's.
     */
    static Optional<List<Step>> path(Catalog catalog, Collection<String> present, String target) throws Ambiguous {
        Map<String, String> canonical = new HashMap<>();
        catalog.tables().forEach(t -> canonical.put(key(t.name()), t.name()));
        String goal = key(target);
        Map<String, List<Step>> parents = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        List<String> level = new ArrayList<>();
        for (String p : present) {
            String k = key(p);
            if (k.equals(goal)) {
                return Optional.of(List.of());
            }
            depth.put(k, 0);
            level.add(k);
        }
        List<ForeignKey> keys = catalog.foreignKeys();
        for (int d = 1; !level.isEmpty() && !parents.containsKey(goal); d++) {
            List<String> next = new ArrayList<>();
            for (String at : level) {
                for (ForeignKey fk : keys) {
                    String to;
                    boolean forward;
                    if (key(fk.fromTable()).equals(at)) {
                        to = key(fk.toTable());
                        forward = true;
                    } else if (key(fk.toTable()).equals(at)) {
                        to = key(fk.fromTable());
                        forward = false;
                    } else {
                        continue;
                    }
                    Integer seen = depth.get(to);
                    if (seen != null && seen < d) {
                        continue;
                    }
                    if (seen == null) {
                        depth.put(to, d);
                        next.add(to);
                    }
                    parents.computeIfAbsent(to, x -> new ArrayList<>()).add(new Step(canonical.getOrDefault(at, at),
                            canonical.getOrDefault(to, to), fk, forward));
                }
            }
            level = next;
        }
        if (!parents.containsKey(goal)) {
            return Optional.empty();
        }
        List<List<Step>> paths = paths(goal, parents, depth);
        if (paths.size() > 1) {
            throw new Ambiguous(target + " joins the query along " + paths.size() + " equally short paths: "
                    + String.join(" or ", paths.stream().limit(3).map(JoinPlanner::describe).toList()));
        }
        return Optional.of(paths.get(0));
    }

    private static List<List<Step>> paths(String node, Map<String, List<Step>> parents, Map<String, Integer> depth) {
        if (depth.get(node) == 0) {
            return List.of(List.of());
        }
        List<List<Step>> out = new ArrayList<>();
        for (Step s : parents.get(node)) {
            for (List<Step> head : paths(key(s.from()), parents, depth)) {
                List<Step> p = new ArrayList<>(head);
                p.add(s);
                out.add(p);
            }
        }
        return out;
    }

    private static String describe(List<Step> path) {
        StringBuilder sb = new StringBuilder(path.get(0).from());
        path.forEach(s -> sb.append(" -> ").append(s.table()));
        return sb.toString();
    }

    /** Several shortest join paths: which one the user means is not clear. */
    static final class Ambiguous extends Exception {
        Ambiguous(String message) {
            super(message, null, false, false);
        }
    }

    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
