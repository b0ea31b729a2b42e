package org.nljdbc.bench.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.nljdbc.driver.NlResult;

/**
 * One process of {@link FleetBenchmark}: asks the shared question mix (in its own order) {@code rounds} times, then
 * {@code own} questions no other process asks, under the rate limit given; prints one JSON line of what happened.
 * {@code FleetProbe <jdbc:nl:url> <redis url> <llm base URL> <run id> <process> <questions> <rounds> <own> <perMinute>}
 */
public final class FleetProbe {
    private FleetProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String run = args[3];
        int process = Integer.parseInt(args[4]);
        int questions = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        int own = Integer.parseInt(args[7]);
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", args[2]);
        p.setProperty("nl.llm.model", "scripted");
        p.setProperty("nl.llm.maxAttempts", "1");
        p.setProperty("nl.symbolic.minConfidence", "1.1");
        p.setProperty("nl.rateLimit.perMinute", "0");
        if (!args[1].equals("none")) {
            p.setProperty("nl.cache.redis", args[1]);
        }
        // The limited phase: another runtime (other settings), the same user and Redis.
        Properties limitedSettings = new Properties();
        limitedSettings.putAll(p);
        limitedSettings.setProperty("nl.rateLimit.perMinute", args[8]);
        int answered = 0;
        int fromCache = 0;
        int failed = 0;
        int limited = 0;
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < questions; i++) {
                order.add(i);
            }
            for (int r = 0; r < rounds; r++) {
                Collections.shuffle(order, new Random(process * 31L + r));
                for (int i : order) {
                    String source = ask(s, "how many rows are in " + table(i) + " (run " + run + ")");
                    if (source == null) {
                        failed++;
                    } else {
                        answered++;
                        fromCache += source.equals("cache") ? 1 : 0;
                    }
                }
            }
        }
        try (Connection c = DriverManager.getConnection(url, limitedSettings); Statement s = c.createStatement()) {
            for (int i = 0; i < own; i++) {
                try {
                    ask(s, "how many rows are in " + table(i) + " (run " + run + ", process " + process + ", " + i + ")");
                } catch (SQLException e) {
                    if (e.getMessage() != null && e.getMessage().contains("rate limit")) {
                        limited++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        System.out.printf("{\"process\": %d, \"answered\": %d, \"fromCache\": %d, \"failed\": %d, \"ownRateLimited\": %d,"
                + " \"ownAsked\": %d}%n", process, answered, fromCache, failed, limited, own);
    }

    private static String table(int i) {
        return String.format("t%05d", i);
    }

    /** The answer's source (llm, cache), or null when the shared question failed. */
    private static String ask(Statement s, String question) throws SQLException {
        try (ResultSet rs = s.executeQuery("NL: " + question)) {
            rs.next();
            return s.unwrap(NlResult.class).source();
        } catch (SQLException e) {
            if (question.contains("process")) {
                throw e;
            }
            System.err.println("failed: " + e.getMessage());
            return null;
        }
    }
}
