package org.nljdbc.guard;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllTableColumns;

/**
 * Generic traversal of JSqlParser's AST through its fields. Visitors must be told about every node type
 * and a forgotten one is a hole; a walk over fields reaches every node, whatever its type, so the rules
 * that must hold everywhere (denied functions, tables, locking, INTO) cannot be bypassed by an
 * expression type the guard does not know about.
 */
final class AstTree {
    private static final String AST_PACKAGE = "net.sf.jsqlparser.";
    private static final String PARSER_PACKAGE = "net.sf.jsqlparser.parser.";

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(AST_PACKAGE); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.getType() == String.class
                            || f.getType().isEnum() || f.isSynthetic()) {
                        continue;
                    }
                    if (f.getType().getName().startsWith(PARSER_PACKAGE)) {
                        continue; // the parser's token tree: a parallel structure, not the AST
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return List.copyOf(out);
        }
    };

    private AstTree() {
    }

    /** True for objects of JSqlParser's AST (not the parser's own token nodes). */
    static boolean isNode(Object o) {
        if (o == null) {
            return false;
        }
        String n = o.getClass().getName();
        return n.startsWith(AST_PACKAGE) && !n.startsWith(PARSER_PACKAGE) && !o.getClass().isEnum();
    }

    /** The direct child nodes of {@code node}, looking through collections, arrays and maps. */
    static void children(Object node, Consumer<Object> sink) {
        children(node, Set.of(), sink);
    }

    /** Like {@link #children(Object, Consumer)}, leaving out the fields named in {@code skipFields}. */
    static void children(Object node, Set<String> skipFields, Consumer<Object> sink) {
        if (node instanceof Collection<?> c) {
            for (Object o : c) {
                addChild(o, sink);
            }
            if (!isNode(node)) {
                return;
            }
        }
        for (Field f : FIELDS.get(node.getClass())) {
            if (node instanceof Column && f.getName().equals("table")) {
                continue; // a column's qualifier names a range variable, it does not read a table
            }
            if (node instanceof AllTableColumns && f.getName().equals("table")) {
                continue;
            }
            if (skipFields.contains(f.getName())) {
                continue;
            }
            Object v;
            try {
                v = f.get(node);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            addChild(v, sink);
        }
    }

    private static void addChild(Object v, Consumer<Object> sink) {
        if (v == null) {
            return;
        }
        if (isNode(v)) {
            sink.accept(v);
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) {
                addChild(o, sink);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                addChild(e.getKey(), sink);
                addChild(e.getValue(), sink);
            }
        } else if (v.getClass().isArray() && !v.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                addChild(Array.get(v, i), sink);
            }
        }
    }

    /** Every node reachable from {@code root} (root included), each once, without recursion. */
    static List<Object> allNodes(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> out = new ArrayList<>();
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Object n = stack.pop();
            if (!seen.add(n)) {
                continue;
            }
            out.add(n);
            children(n, stack::push);
        }
        return out;
    }
}
