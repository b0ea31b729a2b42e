package org.nljdbc.translator.internal.retrieval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * The catalog's foreign keys as an undirected graph over table positions, for finding the tables that
 * connect a chosen set (a greedy shortest-path approximation of the Steiner tree) and the join conditions
 * among a set of tables.
 */
final class ForeignKeyGraph {
    private final List<TableInfo> tables;
    private final List<List<int[]>> adjacent; // neighbour index, fk index
    private final List<ForeignKey> keys = new ArrayList<>();

    ForeignKeyGraph(Catalog catalog) {
        this.tables = catalog.tables();
        Map<String, Integer> index = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < tables.size(); i++) {
            index.putIfAbsent(tables.get(i).name(), i);
        }
        adjacent = new ArrayList<>();
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
                adjacent.get(i).add(new int[] {to, k});
                if (to != i) {
                    adjacent.get(to).add(new int[] {i, k});
                }
            }
        }
    }

    /**
     * The tables on a shortest path from {@code from} to any table of {@code tree}, excluding both ends;
     * null when none is within {@code maxHops} edges. An empty list means {@code from} is adjacent to the tree.
     */
    List<Integer> connector(int from, Set<Integer> tree, int maxHops) {
        if (tree.isEmpty() || tree.contains(from)) {
            return List.of();
        }
        // Maps, not arrays over every table: a search of a few hops visits a handful of a 20,000-table catalog.
        Map<Integer, Integer> parent = new java.util.HashMap<>();
        Map<Integer, Integer> depth = new java.util.HashMap<>();
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

    /** Greedy Steiner tree: the given tables (first is the root) plus the tables that connect them. */
    List<Integer> closure(List<Integer> chosen, int maxHops) {
        java.util.LinkedHashSet<Integer> tree = new java.util.LinkedHashSet<>();
        for (int t : chosen) {
            List<Integer> path = connector(t, tree, maxHops);
            if (path != null) {
                tree.addAll(path);
            }
            tree.add(t);
        }
        return new ArrayList<>(tree);
    }

    /** Join conditions of every foreign key between two of {@code chosen}, as {@code a.x = b.y [AND ...]}. */
    List<String> joinHints(Collection<Integer> chosen) {
        Set<Integer> in = new java.util.HashSet<>(chosen);
        List<String> hints = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i : chosen) {
            for (int[] edge : adjacent.get(i)) {
                if (in.contains(edge[0]) && seen.add(edge[1])) {
                    hints.add(joinHint(keys.get(edge[1])));
                }
            }
        }
        return hints;
    }

    /** Connected components: for each table, the index of its component (tables joined by any FK path). */
    int[] components() {
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

    /** Tables one foreign key away, either direction. */
    List<int[]> neighbours(int table) {
        return adjacent.get(table);
    }

    int degree(int table) {
        return adjacent.get(table).size();
    }

    static String joinHint(ForeignKey fk) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < fk.fromColumns().size(); c++) {
            if (c > 0) {
                sb.append(" AND ");
            }
            sb.append(fk.fromTable()).append('.').append(fk.fromColumns().get(c)).append(" = ")
                    .append(fk.toTable()).append('.').append(fk.toColumns().get(c));
        }
        return sb.toString();
    }
}
