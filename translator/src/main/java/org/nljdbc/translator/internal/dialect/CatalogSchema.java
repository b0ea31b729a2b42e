package org.nljdbc.translator.internal.dialect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/**
 * Calcite's view of a {@link Catalog}: every table at the root under its bare name and, when it has one, under its
 * schema too, with row types from the JDBC types and the catalog's row counts as statistics. Built once per catalog
 * fingerprint; the result is never modified after construction, so it is shared between threads.
 */
final class CatalogSchema {
    /** Rows Calcite assumes for a table whose count the catalog does not know (Calcite's own default). */
    static final double UNKNOWN_ROWS = 100d;

    private static final Cache<String, CalciteSchema> CACHE = Caffeine.newBuilder().maximumSize(64).build();

    private CatalogSchema() {
    }

    /** The root schema for {@code catalog}, from the cache when the fingerprint was seen before. */
    static CalciteSchema of(Catalog catalog) {
        return CACHE.get(catalog.fingerprint(), k -> build(catalog));
    }

    private static CalciteSchema build(Catalog catalog) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        SchemaPlus plus = root.plus();
        Map<String, SchemaPlus> schemas = new HashMap<>();
        for (TableInfo t : catalog.tables()) {
            CatalogTable table = new CatalogTable(t);
            if (plus.tables().get(t.name()) == null) {
                plus.add(t.name(), table);
            }
            if (t.schema() != null && !t.schema().isEmpty()) {
                SchemaPlus sub = schemas.computeIfAbsent(t.schema(), s -> plus.add(s, new AbstractSchema()));
                sub.add(t.name(), table);
            }
        }
        return root;
    }

    /** One catalog table; the row type follows the column order of the catalog. */
    static final class CatalogTable extends AbstractTable {
        private final TableInfo info;
        private final Statistic statistic;

        CatalogTable(TableInfo info) {
            this.info = info;
            List<ImmutableBitSet> keys = new ArrayList<>();
            List<Integer> pk = new ArrayList<>();
            for (String k : info.primaryKey()) {
                for (int i = 0; i < info.columns().size(); i++) {
                    if (info.columns().get(i).name().equalsIgnoreCase(k)) {
                        pk.add(i);
                    }
                }
            }
            if (!pk.isEmpty() && pk.size() == info.primaryKey().size()) {
                keys.add(ImmutableBitSet.of(pk));
            }
            double rows = info.rowCount() >= 0 ? Math.max(1d, info.rowCount()) : UNKNOWN_ROWS;
            this.statistic = Statistics.of(rows, keys);
        }

        TableInfo info() {
            return info;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder b = typeFactory.builder();
            for (ColumnInfo c : info.columns()) {
                b.add(c.name(), typeFactory.createTypeWithNullability(type(typeFactory, c), c.nullable()));
            }
            return b.build();
        }

        @Override
        public Statistic getStatistic() {
            return statistic;
        }
    }

    /**
     * The Calcite type of a column. Types Calcite does not model (JSON, arrays, user types) become {@code ANY}, which
     * validates against everything: validation must not reject what the database would accept.
     */
    static RelDataType type(RelDataTypeFactory f, ColumnInfo c) {
        SqlTypeName name = switch (c.jdbcType()) {
            case Types.BIT, Types.BOOLEAN -> SqlTypeName.BOOLEAN;
            case Types.TINYINT -> SqlTypeName.TINYINT;
            case Types.SMALLINT -> SqlTypeName.SMALLINT;
            case Types.INTEGER -> SqlTypeName.INTEGER;
            case Types.BIGINT -> SqlTypeName.BIGINT;
            case Types.REAL, Types.FLOAT -> SqlTypeName.REAL;
            case Types.DOUBLE -> SqlTypeName.DOUBLE;
            case Types.NUMERIC, Types.DECIMAL -> SqlTypeName.DECIMAL;
            case Types.CHAR, Types.NCHAR -> SqlTypeName.CHAR;
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB ->
                    SqlTypeName.VARCHAR;
            case Types.DATE -> SqlTypeName.DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> SqlTypeName.TIME;
            case Types.TIMESTAMP -> SqlTypeName.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> SqlTypeName.VARBINARY;
            default -> SqlTypeName.ANY;
        };
        return switch (name) {
            case DECIMAL -> f.createSqlType(name, f.getTypeSystem().getMaxNumericPrecision(), 6);
            case CHAR, VARCHAR -> f.createSqlType(SqlTypeName.VARCHAR);
            default -> f.createSqlType(name);
        };
    }
}
