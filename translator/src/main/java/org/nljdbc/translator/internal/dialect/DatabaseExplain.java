package org.nljdbc.translator.internal.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.nljdbc.guard.Dialect;

/**
 * The database's own estimate of a query, from {@code EXPLAIN (FORMAT JSON)} on PostgreSQL and
 * {@code EXPLAIN FORMAT=JSON} on MySQL and MariaDB. EXPLAIN without ANALYZE plans and does not run the query.
 */
final class DatabaseExplain {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Estimated rows and total cost; NaN where the plan does not say. */
    record Plan(double rows, double cost) {
    }

    private DatabaseExplain() {
    }

    static boolean supports(Dialect d) {
        return d == Dialect.POSTGRESQL || d == Dialect.MYSQL || d == Dialect.MARIADB;
    }

    /** The plan of {@code sql}, or empty for a database whose EXPLAIN is not read here. */
    static Optional<Plan> explain(Connection connection, String sql, Dialect dialect) throws SQLException {
        if (!supports(dialect)) {
            return Optional.empty();
        }
        String text = SqlValidation.withoutTrailingSemicolon(sql);
        if (dialect == Dialect.POSTGRESQL && text.indexOf('\\') >= 0 && !standardStrings(connection)) {
            // The guard read the text's backslashes as plain characters, as the NL transaction (which pins
            // standard_conforming_strings on) reads them; this session, outside it, would not.
            return Optional.empty();
        }
        String explain = dialect == Dialect.POSTGRESQL ? "EXPLAIN (FORMAT JSON) " + text : "EXPLAIN FORMAT=JSON " + text;
        String json;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(explain)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            json = rs.getString(1);
        }
        try {
            return Optional.of(dialect == Dialect.POSTGRESQL ? postgres(JSON.readTree(json)) : mysql(JSON.readTree(json)));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static boolean standardStrings(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('standard_conforming_strings')")) {
            return rs.next() && "on".equalsIgnoreCase(rs.getString(1));
        }
    }

    static Plan postgres(JsonNode root) {
        JsonNode plan = root.path(0).path("Plan");
        return new Plan(number(plan.path("Plan Rows")), number(plan.path("Total Cost")));
    }

    /**
     * MySQL puts the cost in {@code query_block.cost_info.query_cost}, MariaDB (11+) in {@code query_block.cost};
     * rows are per table, so the largest per-table row estimate stands for the query.
     */
    static Plan mysql(JsonNode root) {
        JsonNode block = root.path("query_block");
        double cost = number(block.path("cost_info").path("query_cost"));
        if (Double.isNaN(cost)) {
            cost = number(block.path("cost"));
        }
        return new Plan(maxRows(block), cost);
    }

    private static double maxRows(JsonNode node) {
        double max = Double.NaN;
        if (node.isObject()) {
            for (String field : new String[] {"rows_produced_per_join", "rows", "rows_examined_per_scan"}) {
                double v = number(node.path(field));
                if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                    max = v;
                }
            }
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                double v = maxRows(child);
                if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                    max = v;
                }
            }
        }
        return max;
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
