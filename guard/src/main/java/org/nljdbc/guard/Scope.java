package org.nljdbc.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The sources (tables, CTEs, subqueries, functions) one SELECT reads, inside the scope of the SELECT around it. */
final class Scope {
    final Scope outer;
    final List<Source> sources = new ArrayList<>();

    Scope(Scope outer) {
        this.outer = outer;
    }

    /** One item of a FROM clause as the query can refer to it. */
    static final class Source {
        final Names.Ident range;  // the range variable as written; null when the item has no name
        final String display;     // for messages
        final List<String> columns; // null when unknown
        final Set<String> masked;   // lower-case column names whose values are masked
        final VisibleSchema.Table table; // the catalog table it reads; null for CTEs, subqueries, functions
        String qualifierRewrite;

        Source(Names.Ident range, String display, List<String> columns, Set<String> masked, VisibleSchema.Table table) {
            this.range = range;
            this.display = display;
            this.columns = columns;
            this.masked = masked;
            this.table = table;
        }

        String rangeText() {
            return range == null ? null : range.text();
        }
    }

    /** Common table expressions visible at a point, innermost first. */
    record Ctes(Ctes parent, Names.Ident name, List<String> columns, boolean alsoRealTable) {
    }
}
