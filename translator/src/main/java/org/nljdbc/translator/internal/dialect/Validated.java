package org.nljdbc.translator.internal.dialect;

import java.util.Optional;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlValidator;
import org.nljdbc.guard.Dialect;

/**
 * SQL that passed validation. Either Calcite checked it against the catalog ({@link #checked()}), or Calcite could not
 * judge it (a construct it does not parse or type) and it passes through unchanged, with the reason in
 * {@link #fallbackReason()}: validation never refuses what it does not understand.
 */
public final class Validated {
    private final String sql;
    private final Dialect source;
    private final String fallbackReason;
    private final long nanos;
    // Set only when checked: what rendering and costing continue from.
    private final SqlNode node;
    private final SqlValidator validator;
    private final CalciteCatalogReader reader;
    private final SourceDialect sourceDialect;
    private RelRoot rel;

    private Validated(String sql, Dialect source, String fallbackReason, long nanos, SqlNode node,
                      SqlValidator validator, CalciteCatalogReader reader, SourceDialect sourceDialect) {
        this.sql = sql;
        this.source = source;
        this.fallbackReason = fallbackReason;
        this.nanos = nanos;
        this.node = node;
        this.validator = validator;
        this.reader = reader;
        this.sourceDialect = sourceDialect;
    }

    static Validated checked(String sql, SourceDialect source, long nanos, SqlNode node, SqlValidator validator,
                             CalciteCatalogReader reader) {
        return new Validated(sql, source.dialect(), null, nanos, node, validator, reader, source);
    }

    static Validated unchecked(String sql, Dialect source, String reason, long nanos) {
        return new Validated(sql, source, reason, nanos, null, null, null, null);
    }

    /** The SQL exactly as it was given. */
    public String sql() {
        return sql;
    }

    /** The dialect the SQL was read as. */
    public Dialect source() {
        return source;
    }

    /** Whether Calcite parsed and validated the SQL against the catalog. */
    public boolean checked() {
        return node != null;
    }

    /** Why Calcite could not check the SQL; empty when it did. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /** Time spent parsing and validating, in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    SqlNode node() {
        return node;
    }

    SqlValidator validator() {
        return validator;
    }

    CalciteCatalogReader reader() {
        return reader;
    }

    SourceDialect sourceDialect() {
        return sourceDialect;
    }

    /** The relational algebra of a checked query, converted once on first use. */
    synchronized RelRoot rel() {
        if (rel == null) {
            rel = RelConversion.convert(this);
        }
        return rel;
    }

    @Override
    public String toString() {
        return "Validated[" + (checked() ? "checked" : "fallback: " + fallbackReason) + "]";
    }
}
