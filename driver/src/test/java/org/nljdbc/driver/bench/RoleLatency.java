package org.nljdbc.driver.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Not a test: prints the latency of one NL question on PostgreSQL with and without {@code nl.role} (the
 * translation is cached after the first run, so this is the pipeline plus the database, no model time).
 */
public final class RoleLatency {
    private RoleLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String role = "nl_bench_role_" + ProcessHandle.current().pid();
        String server = TestDatabases.server(Target.POSTGRESQL);
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "bench")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
            TestDatabases.exec(server, "CREATE ROLE " + role + " NOLOGIN");
            try {
                String schema;
                try (Connection c = db.open()) {
                    schema = c.getSchema();
                }
                db.exec("GRANT USAGE ON SCHEMA " + schema + " TO " + role, "GRANT SELECT ON items TO " + role);
                llm.otherwise(req -> ScriptedLlmServer.completion("SELECT id, name FROM items"));
                for (int round = 0; round < 2; round++) {
                    for (String r : new String[] {null, role}) {
                        Properties p = new Properties();
                        p.setProperty("nl.llm.provider", "openai");
                        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
                        p.setProperty("nl.llm.model", "m");
                        if (r != null) {
                            p.setProperty("nl.role", r);
                        }
                        long[] nanos = new long[runs];
                        try (Connection c = DriverManager.getConnection(db.nlUrl(), p); Statement s = c.createStatement()) {
                            for (int i = 0; i < 20; i++) {
                                read(s);
                            }
                            for (int i = 0; i < runs; i++) {
                                long t = System.nanoTime();
                                read(s);
                                nanos[i] = System.nanoTime() - t;
                            }
                        }
                        Arrays.sort(nanos);
                        System.out.printf("round %d %-12s runs=%d median=%.3f ms p90=%.3f ms mean=%.3f ms%n", round,
                                r == null ? "no role" : "nl.role", runs, nanos[runs / 2] / 1e6, nanos[runs * 9 / 10] / 1e6,
                                Arrays.stream(nanos).average().orElse(0) / 1e6);
                    }
                }
            } finally {
                TestDatabases.exec(server, "DROP OWNED BY " + role);
                TestDatabases.exec(server, "DROP ROLE " + role);
            }
        }
    }

    private static void read(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("NL: all items")) {
            while (rs.next()) {
                rs.getString(2);
            }
        }
    }
}
