package org.nljdbc.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nljdbc.driver.observe.Statistics;

/** {@code NL STATS}: one row per measure, of this process and then of this connection (scope, measure, value). */
final class NlStats {
    private NlStats() {
    }

    static ResultSet rows(Statement owner, Statistics connection) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : Statistics.process().snapshot().entrySet()) {
            rows.add(new Object[] {"process", e.getKey(), e.getValue()});
        }
        for (Map.Entry<String, Long> e : connection.snapshot().entrySet()) {
            rows.add(new Object[] {"connection", e.getKey(), e.getValue()});
        }
        return InMemoryResults.rows(owner, new String[] {"scope", "measure", "value"}, rows);
    }
}
