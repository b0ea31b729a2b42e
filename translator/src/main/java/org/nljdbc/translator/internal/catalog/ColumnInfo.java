package org.nljdbc.translator.internal.catalog;

import java.util.List;

/**
 * One column as {@code DatabaseMetaData} describes it.
 *
 * @param sampleValues a bounded sample of distinct values for low-cardinality text columns; empty otherwise
 */
public record ColumnInfo(String name, String typeName, int jdbcType, boolean nullable, String remarks,
                         List<String> sampleValues) {
    public ColumnInfo {
        sampleValues = List.copyOf(sampleValues);
    }

    public ColumnInfo(String name, String typeName, int jdbcType, boolean nullable) {
        this(name, typeName, jdbcType, nullable, null, List.of());
    }
}
