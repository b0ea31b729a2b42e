package org.nljdbc.translator.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the driver knows of one database: its tables with columns and keys, and the product it runs on.
 * Immutable; {@link #fingerprint()} changes whenever anything a translation depends on changes.
 */
public final class Catalog {
    private final String productName;
    private final String productVersion;
    private final List<TableInfo> tables;
    private final Map<String, TableInfo> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final String fingerprint;
    /** The guard's view, made on first use: every check of every question asks for it. */
    private volatile org.nljdbc.guard.VisibleSchema visible;
    /** The foreign-key graph, made on first use and shared by retrieval, the symbolic translator and follow-ups. */
    private volatile JoinGraph joins;

    public Catalog(String productName, String productVersion, List<TableInfo> tables) {
        this(productName, productVersion, tables, null);
    }

    /** With the fingerprint already known (a snapshot saved it): hashing a 20,000-table catalog again costs time. */
    Catalog(String productName, String productVersion, List<TableInfo> tables, String knownFingerprint) {
        this.productName = productName;
        this.productVersion = productVersion;
        this.tables = List.copyOf(tables);
        for (TableInfo t : this.tables) {
            byName.putIfAbsent(t.name(), t);
            if (t.schema() != null) {
                byName.putIfAbsent(t.schema() + "." + t.name(), t);
            }
        }
        this.fingerprint = knownFingerprint != null ? knownFingerprint : computeFingerprint();
    }

    public String productName() {
        return productName;
    }

    public String productVersion() {
        return productVersion;
    }

    public List<TableInfo> tables() {
        return tables;
    }

    /** A table by bare or schema-qualified name, case-insensitively. */
    public Optional<TableInfo> table(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every foreign key of every table. */
    public List<ForeignKey> foreignKeys() {
        List<ForeignKey> all = new ArrayList<>();
        tables.forEach(t -> all.addAll(t.importedKeys()));
        return all;
    }

    /** Foreign keys of other tables (or this one) that reference {@code tableName}: the keys exported by it. */
    public List<ForeignKey> referencingKeys(String tableName) {
        List<ForeignKey> out = new ArrayList<>();
        for (TableInfo t : tables) {
            for (ForeignKey fk : t.importedKeys()) {
                if (fk.toTable().equalsIgnoreCase(tableName)) {
                    out.add(fk);
                }
            }
        }
        return out;
    }

    /** A catalog with only the tables {@code visible} accepts, and foreign keys between those. */
    public Catalog filter(Predicate<TableInfo> visible) {
        List<TableInfo> kept = tables.stream().filter(visible).toList();
        java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        kept.forEach(t -> names.add(t.name()));
        List<TableInfo> cleaned = kept.stream().map(t -> t.withImportedKeys(
                t.importedKeys().stream().filter(fk -> names.contains(fk.toTable())).toList())).toList();
        return new Catalog(productName, productVersion, cleaned);
    }

    /**
     * The catalog as plain data for the guard: every table once, with its schema and names as stored. Made once per
     * catalog (a pass over every column, which a large catalog would otherwise pay at every check).
     */
    public org.nljdbc.guard.VisibleSchema visibleSchema() {
        org.nljdbc.guard.VisibleSchema v = visible;
        if (v == null) {
            List<org.nljdbc.guard.VisibleSchema.Table> out = new ArrayList<>(tables.size());
            for (TableInfo t : tables) {
                out.add(new org.nljdbc.guard.VisibleSchema.Table(t.schema(), t.name(),
                        t.columns().stream().map(ColumnInfo::name).toList()));
            }
            v = org.nljdbc.guard.VisibleSchema.of(out);
            visible = v;
        }
        return v;
    }

    /** The foreign keys as a graph for join paths, made once per catalog. */
    public JoinGraph joinGraph() {
        JoinGraph g = joins;
        if (g == null) {
            g = new JoinGraph(tables);
            joins = g;
        }
        return g;
    }

    /** Stable hash of product, tables, columns, types and keys. */
    public String fingerprint() {
        return fingerprint;
    }

    private String computeFingerprint() {
        StringBuilder sb = new StringBuilder(productName).append('|').append(productVersion);
        for (TableInfo t : tables) {
            sb.append('\n').append(t.schema()).append('.').append(t.name()).append(':').append(t.type())
                    .append(':').append(t.remarks());
            t.columns().forEach(c -> sb.append(',').append(c.name()).append(' ').append(c.typeName())
                    .append(c.nullable() ? "" : "!").append(c.sampleValues()).append(c.remarks()));
            sb.append(" pk").append(t.primaryKey());
            t.importedKeys().forEach(fk -> sb.append(" fk").append(fk));
            sb.append(" reads").append(t.readsTables()).append(t.readsKnown());
        }
        return org.nljdbc.translator.internal.Digests.sha256Hex(sb.toString(), 12);
    }

    @Override
    public String toString() {
        return "Catalog[" + productName.toLowerCase(Locale.ROOT) + ", " + tables.size() + " tables, " + fingerprint + "]";
    }
}
