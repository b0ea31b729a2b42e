package org.nljdbc.translator.internal.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.internal.explain.ChartAdvisor.ResultColumn;

class ChartAdvisorTest {
    private static final Catalog SHOP = new Catalog("H2", "2", List.of(new TableInfo(null, "orders", "TABLE", null,
            List.of(new ColumnInfo("id", "INTEGER", Types.INTEGER, false),
                    new ColumnInfo("status", "VARCHAR", Types.VARCHAR, false),
                    new ColumnInfo("order_date", "DATE", Types.DATE, false),
                    new ColumnInfo("total", "DECIMAL", Types.DECIMAL, false)), List.of("id"), List.of(), 2000)));

    @Test
    void oneNumberIsASingleValue() {
        assertEquals("single value", ChartAdvisor.advise("SELECT COUNT(*) FROM orders", SHOP).chart());
    }

    @Test
    void aCategoryWithANumberIsABarChartOrAPieWhenFew() {
        ChartAdvisor.Advice bar = ChartAdvisor.advise("SELECT status, SUM(total) AS revenue FROM orders GROUP BY status", SHOP);
        assertEquals("bar", bar.chart());
        assertEquals("status", bar.x());
        assertEquals(List.of("revenue"), bar.y());
        assertEquals("pie", ChartAdvisor.advise(List.of(ResultColumn.ofJdbcType("status", Types.VARCHAR),
                ResultColumn.ofJdbcType("n", Types.BIGINT)), 4).chart());
    }

    @Test
    void timeWithNumbersIsALineChart() {
        assertEquals("line", ChartAdvisor.advise("SELECT order_date, SUM(total) FROM orders GROUP BY order_date", SHOP)
                .chart());
    }

    @Test
    void twoMeasuresAreAScatterAndAnythingElseATable() {
        assertEquals("scatter", ChartAdvisor.advise("SELECT id, total FROM orders", SHOP).chart());
        assertEquals("table", ChartAdvisor.advise("SELECT id, status, order_date, total FROM orders", SHOP).chart());
        assertEquals("table", ChartAdvisor.advise("not sql", SHOP).chart());
    }
}
