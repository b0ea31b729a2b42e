package org.nljdbc.translator.internal.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The catalog's foreign keys as an undirected graph over its tables: the one place join paths are found. Made once
 * per catalog ({@link Catalog#joinGraph()}). A key's owner is its table; the table it references is found by bare
 * name, case-insensitively, the first of that name in catalog order (as {@link Catalog#table} does for bare names).
 *
 * <p>{@link #path} answers {@link Unique}, {@link Ambiguous} or {@link None}; how to read an ambiguity is the
 * caller's choice (the symbolic translator and follow-up edits refuse it; retrieval, which only needs tables that
 * connect, takes the first shortest path through {@link #nearest}).
 */
public final class JoinGraph {
    /**
     * One foreign key walked from {@code from} to {@code to}.
     *
     * @param forward true when {@code from} holds the key (the join is many-to-one)
     */
    public record Step(TableInfo from, TableInfo to, ForeignKey key, boolean forward) {
        /** The key's columns on the {@code from} side. */
        public List<String> fromColumns() {
            return forward ? key.fromColumns() : key.toColumns();
        }

        /** The key's columns on the {@code to} side. */
        public List<String> toColumns() {
            return forward ? key.toColumns() : key.fromColumns();
        }

        /**
         * Whether the key references one column twice: foreign keys without names can arrive merged into one
         * ("Friend(student_id, friend_id) -> Highschooler(id, id)"), which is really several keys.
         */
        public boolean merged() {
            return key.toColumns().stream().distinct().count() < key.toColumns().size();
        }
    }

    /** What {@link #path} found. */
    public sealed interface Path permits Unique, Ambiguous, None {
    }

    /** Exactly one shortest path; no steps when the target is already a start. */
    public record Unique(List<Step> steps) implements Path {
    }

    /** Several shortest paths: {@code count} of them, the first few of which are {@code examples}. */
    public record Ambiguous(int count, List<List<Step>> examples) implements Path {
    }

    /** No path. */
    public record None() implements Path {
    }

    private static final None NONE = new None();
    private static final int EXAMPLES = 3;

    private final List<TableInfo> tables;
    private final Map<TableInfo, Integer> position = new IdentityHashMap<>();
    private final List<ForeignKey> keys = new ArrayList<>();
    private final List<Integer> keyFrom = new ArrayList<>();
    private final List<Integer> keyTo = new ArrayList<>();
    /** Per table, in key order: {neighbour, key index}; a key from a table to itself appears once. */
    private final List<List<int[]>> adjacent;

    JoinGraph(List<TableInfo> tables) {
        this.tables = tables;
        Map<String, Integer> index = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < tables.size(); i++) {
            index.putIfAbsent(tables.get(i).name(), i);
            position.put(tables.get(i), i);
        }
        adjacent = new ArrayList<>(tables.size());
        for (int i = 0; i < tables.size(); i++) {
            adjacent.add(new ArrayList<>());
        }
        for (int i = 0; i < tables.size(); i++) {
            for (ForeignKey fk : tables.get(i).importedKeys()) {
                Integer to = index.get(fk.toTable());
                if (to == null) {
                    continue;
                }
                int k = keys.size();
                keys.add(fk);
                keyFrom.add(i);
                keyTo.add(to);
                adjacent.get(i).add(new int[] {to, k});
                if (to != i) {
                    adjacent.get(to).add(new int[] {i, k});
                }
            }
        }
    }

    /** The shortest join paths from {@code from} to {@code to}. */
    public Path path(TableInfo from, TableInfo to) {
        return path(List.of(from), to);
    }

    /**
     * The shortest join paths from any of {@code starts} to {@code target}: a path from each start counts, so two
     * starts equally near the target make it ambiguous. A table of another catalog has no path.
     */
    public Path path(Collection<TableInfo> starts, TableInfo target) {
        Integer goal = position.get(target);
        if (goal == null) {
            return NONE;
        }
        Map<Integer, Integer> depth = new HashMap<>();
        Map<Integer, List<Step>> parents = new HashMap<>();
        List<Integer> level = new ArrayList<>();
        for (TableInfo s : starts) {
            Integer p = position.get(s);
            if (p == null) {
                continue;
            }
            if (p.equals(goal)) {
                return new Unique(List.of());
            }
            if (depth.putIfAbsent(p, 0) == null) {
                level.add(p);
            }
        }
        for (int d = 1; !level.isEmpty() && !parents.containsKey(goal); d++) {
            List<Integer> next = new ArrayList<>();
            for (int at : level) {
                for (int[] edge : adjacent.get(at)) {
                    int k = edge[1];
                    boolean forward = keyFrom.get(k) == at;
                    int to = forward ? keyTo.get(k) : keyFrom.get(k);
                    Integer seen = depth.get(to);
                    if (seen != null && seen < d) {
                        continue;
                    }
                    if (seen == null) {
                        depth.put(to, d);
                        next.add(to);
                    }
                    parents.computeIfAbsent(to, x -> new ArrayList<>())
                            .add(new Step(tables.get(at), tables.get(to), keys.get(k), forward));
                }
            }
            level = next;
        }
        if (!parents.containsKey(goal)) {
            return NONE;
        }
        Map<Integer, Integer> ways = new HashMap<>();
        int count = ways(goal, parents, depth, ways);
        List<List<Step>> examples = new ArrayList<>();
        examples(goal, parents, depth, new ArrayDeque<>(), examples, count > 1 ? EXAMPLES : 1);
        return count > 1 ? new Ambiguous(count, List.copyOf(examples)) : new Unique(examples.get(0));
    }

    private int ways(int node, Map<Integer, List<Step>> parents, Map<Integer, Integer> depth,
            Map<Integer, Integer> memo) {
        if (depth.get(node) == 0) {
            return 1;
        }
        Integer known = memo.get(node);
        if (known != null) {
            return known;
        }
        long sum = 0;
        for (Step s : parents.get(node)) {
            sum += ways(position.get(s.from()), parents, depth, memo);
        }
        int w = (int) Math.min(Integer.MAX_VALUE, sum);
        memo.put(node, w);
        return w;
    }

    /** The first {@code limit} paths to {@code node}, in the order the search found their steps. */
    private void examples(int node, Map<Integer, List<Step>> parents, Map<Integer, Integer> depth,
            Deque<Step> tail, List<List<Step>> out, int limit) {
        if (out.size() >= limit) {
            return;
        }
        if (depth.get(node) == 0) {
            out.add(List.copyOf(tail));
            return;
        }
        for (Step s : parents.get(node)) {
            tail.addFirst(s);
            examples(position.get(s.from()), parents, depth, tail, out, limit);
            tail.removeFirst();
            if (out.size() >= limit) {
                return;
            }
        }
    }

    /**
     * The tables (positions in the catalog) on the first shortest path from {@code from} to any table of
     * {@code tree}, excluding both ends; null when none is within {@code maxHops} keys. An empty list means
     * {@code from} is in or next to the tree. Ties go to the first found: retrieval only needs some connection.
     */
    public List<Integer> nearest(int from, Set<Integer> tree, int maxHops) {
        if (tree.isEmpty() || tree.contains(from)) {
            return List.of();
        }
        // Maps, not arrays over every table: a search of a few hops visits a handful of a 20,000-table catalog.
        Map<Integer, Integer> parent = new HashMap<>();
        Map<Integer, Integer> depth = new HashMap<>();
        parent.put(from, -1);
        depth.put(from, 0);
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        while (!queue.isEmpty()) {
            int cur = queue.poll();
            int curDepth = depth.get(cur);
            if (curDepth >= maxHops) {
                continue;
            }
            for (int[] edge : adjacent.get(cur)) {
                int next = edge[0];
                if (parent.containsKey(next)) {
                    continue;
                }
                parent.put(next, cur);
                depth.put(next, curDepth + 1);
                if (tree.contains(next)) {
                    List<Integer> path = new ArrayList<>();
                    for (int p = cur; p != from; p = parent.get(p)) {
                        path.add(p);
                    }
                    return path;
                }
                queue.add(next);
            }
        }
        return null;
    }

    /** Keys at table position {@code table}, either direction, as {neighbour position, key index}. */
    public List<int[]> neighbours(int table) {
        return adjacent.get(table);
    }

    public int degree(int table) {
        return adjacent.get(table).size();
    }

    /** The key of index {@code k} (as {@link #neighbours} gives it). */
    public ForeignKey key(int k) {
        return keys.get(k);
    }

    /** Connected components: for each table position, the index of its component. */
    public int[] components() {
        int[] comp = new int[tables.size()];
        Arrays.fill(comp, -1);
        int next = 0;
        for (int start = 0; start < comp.length; start++) {
            if (comp[start] >= 0) {
                continue;
            }
            Deque<Integer> queue = new ArrayDeque<>();
            queue.add(start);
            comp[start] = next;
            while (!queue.isEmpty()) {
                for (int[] edge : adjacent.get(queue.poll())) {
                    if (comp[edge[0]] < 0) {
                        comp[edge[0]] = next;
                        queue.add(edge[0]);
                    }
                }
            }
            next++;
        }
        return comp;
    }
}
