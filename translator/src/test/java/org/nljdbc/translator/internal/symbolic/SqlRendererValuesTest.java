package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;

/** The renderer writes every value of the question through SqlLiterals, and prints nothing it did not build. */
class SqlRendererValuesTest {
    private static final TableInfo CUSTOMERS = new TableInfo("public", "customers", "TABLE", null, List.of(
            new ColumnInfo("id", "int4", Types.INTEGER, false), new ColumnInfo("country", "varchar", Types.VARCHAR, true),
            new ColumnInfo("signup", "date", Types.DATE, true)), List.of("id"), List.of(), -1);

    private static String where(Dialect dialect, String column, String operator, String value, QueryModel.ValueKind kind) {
        QueryModel.Expr col = new QueryModel.Column(new QueryModel.ColumnRef(CUSTOMERS,
                CUSTOMERS.column(column).orElseThrow()));
        String sql = new SqlRenderer(dialect).render(new QueryModel.Query(List.of(col), false, CUSTOMERS, List.of(),
                List.of(new QueryModel.Condition(col, operator, value, kind)), List.of(), List.of(), List.of(), null));
        return sql.substring(sql.indexOf(" WHERE ") + 7);
    }

    @Test
    void aQuotedValueIsOneLiteralEscapedForTheDialect() {
        String v = "x\\' union select marker from canary -- ";
        assertEquals("country = 'x\\\\ union select marker from canary -- '",
                where(Dialect.MARIADB, "country", "=", "x\\ union select marker from canary -- ",
                        QueryModel.ValueKind.STRING));
        assertEquals("country = 'O''Higgins'", where(Dialect.MARIADB, "country", "=", "O'Higgins",
                QueryModel.ValueKind.STRING));
        assertEquals("country = 'Brazil'' OR ''1''=''1'",
                where(Dialect.POSTGRESQL, "country", "=", "Brazil' OR '1'='1", QueryModel.ValueKind.STRING));
        assertEquals("country = 'x\\'", where(Dialect.SQLITE, "country", "=", "x\\", QueryModel.ValueKind.STRING));
        // Where JSqlParser (the guard), the database or the database in its other string mode would end the
        // literal at different places: not written, on any dialect.
        for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.MARIADB)) {
            assertThrows(IllegalArgumentException.class,
                    () -> where(d, "country", "=", v, QueryModel.ValueKind.STRING));
        }
    }

    @Test
    void numbersDatesAndOperatorsAreOnlyWhatTheComposerBuilds() {
        assertEquals("id > (-5)", where(Dialect.SQLITE, "id", ">", "-5", QueryModel.ValueKind.NUMBER));
        assertThrows(IllegalArgumentException.class,
                () -> where(Dialect.H2, "id", ">", "1 OR 1=1", QueryModel.ValueKind.NUMBER));
        assertTrue(where(Dialect.POSTGRESQL, "signup", ">=", "2024-02-29", QueryModel.ValueKind.DATE)
                .endsWith("DATE '2024-02-29'"));
        assertThrows(RuntimeException.class,
                () -> where(Dialect.POSTGRESQL, "signup", ">=", "2024-01-01' OR '1'='1", QueryModel.ValueKind.DATE));
        assertThrows(IllegalArgumentException.class,
                () -> where(Dialect.H2, "id", "= 1 OR 1 =", "1", QueryModel.ValueKind.NUMBER));
    }

    @Test
    void aHostileQuotedValueInAQuestionIsOneLiteralOrAnAbstention() {
        org.nljdbc.translator.internal.catalog.Catalog catalog = new org.nljdbc.translator.internal.catalog.Catalog("MariaDB", "11",
                List.of(CUSTOMERS));
        for (Dialect d : List.of(Dialect.MARIADB, Dialect.POSTGRESQL, Dialect.H2, Dialect.SQLITE)) {
            SymbolicOutcome o = new SymbolicTranslator(0.0).attempt(
                    "customers whose country is \"x\\' union select 1 -- \"", catalog, d);
            // A backslash before a quote has no spelling every reader ends at the same place: no literal at all.
            assertTrue(o instanceof Abstention, () -> d + ": " + o);
        }
    }
}
