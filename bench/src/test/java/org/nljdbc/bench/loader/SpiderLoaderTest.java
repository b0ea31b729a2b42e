package org.nljdbc.bench.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nljdbc.bench.spider.SpiderData;

class SpiderLoaderTest {
    private static final Map<String, String> SERVERS = Map.of(
            "postgresql", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            "mariadb", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void loadedCopyHasSqlitesTablesRowCountsAndKeysAndIsReusedWhenUnchanged(String server) throws Exception {
        Path source = SpiderData.sqliteFile(SpiderData.locate(), "concert_singer");
        assumeTrue(Files.isRegularFile(source), "Spider data absent: no " + source);
        String serverUrl = SERVERS.get(server);
        assumeTrue(reachable(serverUrl), server + " is not reachable at " + serverUrl);
        // A private copy under its own name, so the test never touches a copy a benchmark is using.
        String dbId = "loadertest_" + ProcessHandle.current().pid();
        Path sqlite = tmp.resolve(dbId + ".sqlite");
        Files.copy(source, sqlite);
        try {
            SpiderLoader.LoadReport first = SpiderLoader.loadWithReport(sqlite, serverUrl);
            assertFalse(first.reused());
            assertEquals("spider_" + dbId, first.container());

            Map<String, Long> expected = countRows("jdbc:sqlite:" + sqlite);
            assertEquals(4, expected.size(), "concert_singer has stadium, singer, concert, singer_in_concert");
            assertEquals(expected, countRows(first.jdbcUrl()));
            assertEquals(expected, new TreeMap<>(first.rowCounts()).entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a,
                            TreeMap::new)));

            try (Connection c = DriverManager.getConnection(first.jdbcUrl())) {
                String catalog = server.equals("mariadb") ? first.container() : null;
                String schema = server.equals("postgresql") ? first.container() : null;
                try (ResultSet pk = c.getMetaData().getPrimaryKeys(catalog, schema, "singer")) {
                    assertTrue(pk.next(), "singer keeps its primary key");
                    assertEquals("singer_id", pk.getString("COLUMN_NAME").toLowerCase());
                }
                try (ResultSet fk = c.getMetaData().getImportedKeys(catalog, schema, "singer_in_concert")) {
                    assertTrue(fk.next(), "singer_in_concert keeps its foreign keys");
                }
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT max(Capacity) FROM stadium")) {
                    rs.next();
                    assertEquals(52500L, ((Number) rs.getObject(1)).longValue(), "int columns are loaded as numbers");
                }
            }

            SpiderLoader.LoadReport second = SpiderLoader.loadWithReport(sqlite, serverUrl);
            assertTrue(second.reused(), "same tables and row counts: nothing is reloaded");
            assertEquals(first.jdbcUrl(), second.jdbcUrl());
        } finally {
            SpiderLoader.drop(dbId, serverUrl);
        }
        assertFalse(containerExists(serverUrl, "spider_" + dbId), "the test drops what it created");
    }

    private static Map<String, Long> countRows(String url) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url)) {
            Map<String, String> tables = new LinkedHashMap<>();
            boolean pg = url.startsWith("jdbc:postgresql:");
            String schema = pg ? url.replaceAll(".*currentSchema=([^&]*).*", "$1") : null;
            try (ResultSet rs = c.getMetaData().getTables(pg ? null : c.getCatalog(), schema, "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.put(rs.getString("TABLE_NAME").toLowerCase(), rs.getString("TABLE_NAME"));
                }
            }
            try (Statement s = c.createStatement()) {
                for (Map.Entry<String, String> t : tables.entrySet()) {
                    String q = url.startsWith("jdbc:mariadb:") ? "`" + t.getValue() + "`" : '"' + t.getValue() + '"';
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + q)) {
                        rs.next();
                        counts.put(t.getKey(), rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }

    private static boolean containerExists(String serverUrl, String container) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl)) {
            boolean pg = serverUrl.startsWith("jdbc:postgresql:");
            try (ResultSet rs = pg ? c.getMetaData().getSchemas() : c.getMetaData().getCatalogs()) {
                while (rs.next()) {
                    if (rs.getString(1).equalsIgnoreCase(container)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean reachable(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
