package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * Walls that hold even when the guard is wrong: NL SQL (and plain SQL under {@code nl.passthrough=readonly}) never
 * runs in a writable transaction, the JDBC surface of a readonly/deny connection cannot write or hand out the
 * delegate, the namespace NL questions resolve in is the catalog's, and a session that lexes SQL differently from
 * the guard is refused.
 */
class ReadOnlyWallsTest {
    private ScriptedLlmServer llm;

    @BeforeEach
    void startModel() {
        llm = ScriptedLlmServer.start();
    }

    @AfterEach
    void stopModel() {
        llm.close();
    }

    private Properties props(String... extra) {
        Properties p = new Properties();
        p.setProperty("nl.llm.provider", "openai");
        p.setProperty("nl.llm.baseUrl", llm.baseUrl());
        p.setProperty("nl.llm.model", "m");
        // Many model calls in one JVM for one database user: the per-user rate limit is not what this tests.
        p.setProperty("nl.rateLimit.perMinute", "0");
        // The guard refuses bump() as an unknown function; allowing it here tests the walls behind the guard.
        p.setProperty("nl.functions.allow", "bump");
        p.setProperty("nl.llm.maxAttempts", "1");
        for (int i = 0; i < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static int queryInt(TestDb db, String sql) throws SQLException {
        try (Connection raw = db.open(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    /** A table {@code counter} and a function {@code bump()} that writes to it whenever it is called. */
    private static TestDb withWritingFunction(Target target) throws SQLException {
        TestDb db = TestDatabases.fresh(target, "walls");
        if (target == Target.POSTGRESQL) {
            db.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)", "INSERT INTO counter VALUES (1, 0)",
                    "CREATE TABLE notes (id INTEGER)",
                    "CREATE FUNCTION bump() RETURNS int LANGUAGE sql AS $$ UPDATE counter SET n = n + 1 RETURNING n $$");
        } else {
            db.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)", "INSERT INTO counter VALUES (1, 0)",
                    "CREATE TABLE notes (id INTEGER)", "CREATE TABLE bumps (at_n INTEGER)",
                    // It must not touch counter: MariaDB refuses a function that writes a table its caller reads.
                    "CREATE FUNCTION bump() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO bumps VALUES (1); "
                            + "RETURN 1; END");
        }
        return db;
    }

    private static int writes(TestDb db) throws SQLException {
        int n = queryInt(db, "SELECT n FROM counter WHERE id = 1");
        return db.target() == Target.MARIADB ? n + queryInt(db, "SELECT COUNT(*) FROM bumps") : n;
    }

    // ---- 1. never a writable transaction ------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aWritingFunctionInAnNlQueryWritesNothingInsideTheCallersTransaction(Target target) throws SQLException {
        try (TestDb db = withWritingFunction(target)) {
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT bump() AS b FROM counter"));
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO notes VALUES (1)");
                // The guard may refuse it or let it through; either way the database must not write.
                assertThrows(SQLException.class, () -> s.executeQuery("NL: bump the counter").close());
                assertFalse(c.getAutoCommit(), "the caller's transaction is still the caller's");
                c.commit();
            }
            assertEquals(0, writes(db), "the function wrote nothing");
            assertEquals(1, queryInt(db, "SELECT COUNT(*) FROM notes"), "the caller's own write was committed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void anNlQueryInsideATransactionDoesNotSeeTheCallersUncommittedRows(Target target) throws SQLException {
        try (TestDb db = withWritingFunction(target)) {
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT COUNT(*) AS c FROM notes"));
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO notes VALUES (1)");
                try (ResultSet rs = s.executeQuery("NL: how many notes?")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "it ran on nljdbc's own read-only connection");
                }
                c.rollback();
            }
        }
    }

    @Test
    void aPooledConnectionRunsNlInsideATransactionOnAReadOnlyConnectionOfThePool() throws SQLException {
        try (TestDb db = withWritingFunction(Target.POSTGRESQL); NlDataSource ds = new NlDataSource()) {
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT COUNT(*) AS c FROM notes"));
            ds.setUrl(db.nlUrl());
            props().forEach((k, v) -> ds.setProperty((String) k, (String) v));
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO notes VALUES (1)");
                try (ResultSet rs = s.executeQuery("NL: how many notes?")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1));
                }
                c.commit();
            }
            assertEquals(1, queryInt(db, "SELECT COUNT(*) FROM notes"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void aReadonlyDataSourceLendsReadOnlySessions(Target target) throws SQLException {
        try (TestDb db = withWritingFunction(target); NlDataSource ds = new NlDataSource()) {
            ds.setUrl(db.nlUrl());
            ds.setProperty("nl.passthrough", "readonly");
            ds.setProperty("nl.functions.allow", "bump"); // past the guard, to the database's read-only session
            ds.setMaximumPoolSize(1);
            for (int checkout = 0; checkout < 2; checkout++) {
                try (Connection c = ds.getConnection()) {
                    assertTrue(c.isReadOnly());
                    assertEquals("0", queryString(c, "SELECT n FROM counter"));
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement("SELECT bump() FROM counter")) {
                        assertThrows(SQLException.class, () -> ps.executeQuery().close());
                    }
                    c.commit();
                }
            }
            assertEquals(0, writes(db));
        }
    }

    @Test
    void aPrivateInMemoryDatabaseUndoesTheNlQueryToASavepointAndKeepsTheCallersWork() throws SQLException {
        llm.otherwise(req -> ScriptedLlmServer.completion("SELECT COUNT(*) AS c FROM notes"));
        try (Connection c = DriverManager.getConnection("jdbc:nl:h2:mem:", props()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO notes VALUES (1)");
            try (ResultSet rs = s.executeQuery("NL: how many notes?")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "one connection only: the NL query runs in the caller's transaction");
            }
            c.commit();
            assertEquals("1", queryString(c, "SELECT COUNT(*) FROM notes"), "the caller's row survived the savepoint");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void readonlyPassthroughOfAWritingFunctionWritesNothingInEitherTransactionMode(Target target) throws SQLException {
        try (TestDb db = withWritingFunction(target);
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "readonly"))) {
            for (boolean autoCommit : new boolean[] {true, false}) {
                c.setAutoCommit(autoCommit);
                try (Statement s = c.createStatement()) {
                    assertThrows(SQLException.class, () -> s.executeQuery("SELECT bump() FROM counter").close());
                    assertThrows(SQLException.class, () -> s.execute("SELECT bump() FROM counter"));
                    assertThrows(SQLException.class, () -> s.executeUpdate("SELECT bump() FROM counter"));
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT bump() FROM counter")) {
                    assertThrows(SQLException.class, () -> ps.executeQuery().close());
                    assertThrows(SQLException.class, ps::executeUpdate);
                } catch (SQLException refusedByTheGuard) {
                    assertEquals("42501", refusedByTheGuard.getSQLState(), refusedByTheGuard.getMessage());
                }
                if (!autoCommit) {
                    c.commit();
                }
            }
            assertEquals(0, writes(db), "the function wrote nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void closingAnOlderNlResultNeverEndsANewerOne(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "tworesults")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY)", "INSERT INTO items VALUES (1)", "INSERT INTO items VALUES (2)");
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT id FROM items ORDER BY id"));
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props());
                 Statement s1 = c.createStatement(); Statement s2 = c.createStatement()) {
                ResultSet first = s1.executeQuery("NL: the ids");
                assertTrue(first.next());
                try (ResultSet second = s2.executeQuery("NL: the ids again")) {
                    assertTrue(first.next(), "the older result, already read, stays readable");
                    first.close();
                    assertFalse(second.isClosed());
                    assertTrue(second.next());
                    assertTrue(second.next());
                }
                assertTrue(c.getAutoCommit(), "both scopes ended");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB", "H2"})
    void aReadonlyPassthroughQueryStillAnswersAndItsResultStaysValidUntilClosed(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "rovalid")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')",
                    "INSERT INTO items VALUES (2, 'b')");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "readonly"))) {
                for (boolean autoCommit : new boolean[] {true, false}) {
                    c.setAutoCommit(autoCommit);
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM items ORDER BY id")) {
                        assertTrue(rs.next());
                        assertEquals("a", rs.getString(1));
                        assertTrue(rs.next());
                        assertEquals("b", rs.getString(1));
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                        ps.setInt(1, 2);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals("b", rs.getString(1));
                        }
                    }
                    assertEquals(autoCommit, c.getAutoCommit());
                }
            }
        }
    }

    // ---- 3. the whole JDBC surface under readonly and deny -----------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB", "H2"})
    void updatableResultSetsAreDowngradedToReadOnlyUnderReadonly(Target target) throws SQLException {
        try (TestDb db = TestDatabases.fresh(target, "upd")) {
            db.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)", "INSERT INTO counter VALUES (1, 0)");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "readonly"))) {
                try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)) {
                    assertEquals(ResultSet.CONCUR_READ_ONLY, s.getResultSetConcurrency());
                    try (ResultSet rs = s.executeQuery("SELECT id, n FROM counter")) {
                        assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
                        assertTrue(rs.next());
                        assertThrows(SQLException.class, () -> {
                            rs.updateInt(2, 99);
                            rs.updateRow();
                        });
                    }
                }
                assertNotNull(c.getWarnings(), "the downgrade is reported");
                try (PreparedStatement ps = c.prepareStatement("SELECT id, n FROM counter",
                        ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
                     ResultSet rs = ps.executeQuery()) {
                    assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
                    assertTrue(rs.next());
                    assertThrows(SQLException.class, rs::deleteRow);
                    assertThrows(SQLException.class, () -> {
                        rs.moveToInsertRow();
                        rs.updateInt(1, 2);
                        rs.updateInt(2, 5);
                        rs.insertRow();
                    });
                }
            }
            assertEquals(1, queryInt(db, "SELECT COUNT(*) FROM counter"));
            assertEquals(0, queryInt(db, "SELECT n FROM counter WHERE id = 1"));
        }
    }

    @Test
    void aReadonlySqliteConnectionOpensAndAnswers() throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.SQLITE, "rosqlite")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", "readonly"))) {
                assertEquals("a", queryString(c, "SELECT name FROM items"));
                c.setAutoCommit(false);
                assertEquals("a", queryString(c, "SELECT name FROM items"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"readonly", "deny"})
    void theDelegatesObjectsAreNotHandedOutUnderReadonlyAndDeny(String mode) throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "unwrap");
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", mode));
             Statement s = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(null, null, "%", null)) {
                Object[][] cases = {
                    {c, org.postgresql.PGConnection.class},
                    {c, org.postgresql.core.BaseConnection.class},
                    {s, org.postgresql.PGStatement.class},
                    {rs, Class.forName("org.postgresql.jdbc.PgResultSet")},
                    {md, Class.forName("org.postgresql.jdbc.PgDatabaseMetaData")},
                };
                for (Object[] k : cases) {
                    java.sql.Wrapper w = (java.sql.Wrapper) k[0];
                    Class<?> iface = (Class<?>) k[1];
                    SQLException e = assertThrows(SQLException.class, () -> w.unwrap(iface), iface.getName());
                    assertEquals("42501", e.getSQLState());
                    assertTrue(e.getMessage().contains("nl.passthrough=allow"), e.getMessage());
                    assertFalse(w.isWrapperFor(iface), iface.getName());
                }
                assertSame(c, c.unwrap(NlConnection.class), "our own types still unwrap");
                assertSame(c, c.unwrap(Connection.class));
            }
        }
    }

    @Test
    void theDelegatesObjectsAreHandedOutUnderAllow() throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "unwrapok");
             Connection c = DriverManager.getConnection(db.nlUrl(), props())) {
            assertTrue(c.isWrapperFor(org.postgresql.PGConnection.class));
            assertNotNull(c.unwrap(org.postgresql.PGConnection.class));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"readonly", "deny"})
    void aReadonlyOrDenyConnectionStaysReadOnly(String mode) throws SQLException {
        try (TestDb db = withWritingFunction(Target.POSTGRESQL);
             Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.passthrough", mode))) {
            assertTrue(c.isReadOnly());
            c.setReadOnly(false);
            assertTrue(c.isReadOnly(), "it stays read-only");
        }
    }

    // ---- 4. the namespace NL questions resolve in ----------------------------------------------------------------

    private static String schemaOf(TestDb db) throws SQLException {
        try (Connection c = db.open()) {
            return db.target() == Target.MARIADB ? c.getCatalog() : c.getSchema();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void changingTheSchemaOrCatalogIsRefusedUnderReadonly(Target target) throws SQLException {
        try (TestDb home = TestDatabases.fresh(target, "home"); TestDb other = TestDatabases.fresh(target, "other");
             Connection c = DriverManager.getConnection(home.nlUrl(), props("nl.passthrough", "readonly"))) {
            String otherName = schemaOf(other);
            SQLException e = assertThrows(SQLException.class, () -> {
                if (target == Target.MARIADB) {
                    c.setCatalog(otherName);
                } else {
                    c.setSchema(otherName);
                }
            });
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("nl.passthrough=readonly"), e.getMessage());
            c.setSchema(c.getSchema()); // staying where one is, as BI tools do, is fine
            c.setCatalog(c.getCatalog());
        }
    }

    /** Two namespaces with a table {@code items} each; only the other one's has a column {@code label}. */
    private static void twoItemsTables(TestDb home, TestDb other) throws SQLException {
        home.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'home')");
        other.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20), label VARCHAR(20))",
                "INSERT INTO items VALUES (1, 'other', 'other label')");
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"POSTGRESQL", "MARIADB"})
    void underAllowNlFollowsSetSchemaAndSetCatalog(Target target) throws SQLException {
        try (TestDb home = TestDatabases.fresh(target, "home"); TestDb other = TestDatabases.fresh(target, "other")) {
            twoItemsTables(home, other);
            llm.reply("SELECT label FROM items");
            try (Connection c = DriverManager.getConnection(home.nlUrl(), props()); Statement s = c.createStatement()) {
                if (target == Target.MARIADB) {
                    c.setCatalog(schemaOf(other));
                } else {
                    c.setSchema(schemaOf(other));
                }
                try (ResultSet rs = s.executeQuery("NL: the labels of the items")) {
                    assertTrue(rs.next(), "the guard knew the other schema's columns");
                    assertEquals("other label", rs.getString(1));
                }
            }
        }
    }

    @Test
    void plainSetSearchPathCannotPointAnNlQueryAtAnotherSchema() throws SQLException {
        try (TestDb home = TestDatabases.fresh(Target.POSTGRESQL, "home");
             TestDb other = TestDatabases.fresh(Target.POSTGRESQL, "other")) {
            twoItemsTables(home, other);
            llm.reply("SELECT name FROM items");
            try (Connection c = DriverManager.getConnection(home.nlUrl(), props()); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schemaOf(other));
                try (ResultSet rs = s.executeQuery("NL: the names of the items")) {
                    assertTrue(rs.next());
                    assertEquals("home", rs.getString(1), "the NL query read the catalog's schema");
                }
                assertEquals("other", queryString(c, "SELECT name FROM items"), "plain SQL is the caller's business");
            }
        }
    }

    @Test
    void plainUseOfAnotherDatabaseRefusesNlOnMariadb() throws SQLException {
        try (TestDb home = TestDatabases.fresh(Target.MARIADB, "home");
             TestDb other = TestDatabases.fresh(Target.MARIADB, "other")) {
            twoItemsTables(home, other);
            try (Connection c = DriverManager.getConnection(home.nlUrl(), props()); Statement s = c.createStatement()) {
                s.execute("USE " + schemaOf(other));
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: the names of the items"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("current database"), e.getMessage());
                assertTrue(llm.requests().isEmpty(), "refused before anything was translated or run");
            }
        }
    }

    @Test
    void aUrlNamingAnotherDatabaseThanNlCatalogSchemasRefusesNlAndGuardedPlainSqlOnMariadb() throws SQLException {
        try (TestDb home = TestDatabases.fresh(Target.MARIADB, "home");
             TestDb other = TestDatabases.fresh(Target.MARIADB, "other")) {
            twoItemsTables(home, other);
            llm.reply("SELECT name FROM items");
            // The administrator pins the catalog to home; the URL (the user's) names the other database, where an
            // unqualified items would resolve: the guard would check home.items while MariaDB read other.items.
            Properties p = props("nl.passthrough", "readonly", "nl.catalog.schemas", schemaOf(home));
            try (Connection c = DriverManager.getConnection(other.nlUrl(), p); Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: the names of the items"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("current database"), e.getMessage());
                SQLException plain = assertThrows(SQLException.class, () -> s.executeQuery("SELECT name FROM items"));
                assertEquals("42501", plain.getSQLState(), plain.getMessage());
                assertTrue(llm.requests().isEmpty(), "refused before anything was translated or run");
            }
            try (Connection c = DriverManager.getConnection(home.nlUrl(), p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: the names of the items")) {
                assertTrue(rs.next());
                assertEquals("home", rs.getString(1), "the URL naming a pinned database answers as before");
            }
        }
    }

    @Test
    void h2FollowsSetSchemaAndRefusesAPlainSetSchema() throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.H2, "h2ns")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'home')",
                    "CREATE SCHEMA other", "CREATE TABLE other.items (id INTEGER PRIMARY KEY, label VARCHAR(20))",
                    "INSERT INTO other.items VALUES (1, 'other label')");
            llm.reply("SELECT label FROM items");
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                c.setSchema("OTHER");
                try (ResultSet rs = s.executeQuery("NL: the labels")) {
                    assertTrue(rs.next());
                    assertEquals("other label", rs.getString(1));
                }
                c.setSchema("PUBLIC");
                s.execute("SET SCHEMA OTHER");
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: the labels again"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
    }

    @Test
    void aPooledConnectionStartsFromTheConfiguredSchemaWhateverTheLastBorrowerDid() throws SQLException {
        try (TestDb home = TestDatabases.fresh(Target.POSTGRESQL, "home");
             TestDb other = TestDatabases.fresh(Target.POSTGRESQL, "other");
             NlDataSource ds = new NlDataSource()) {
            twoItemsTables(home, other);
            ds.setUrl(home.nlUrl());
            ds.setMaximumPoolSize(1);
            Object physical;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                physical = ((NlConnection) c).delegate.unwrap(Connection.class);
                s.execute("SET search_path TO " + schemaOf(other));
                assertEquals("other", queryString(c, "SELECT name FROM items"));
            }
            try (Connection c = ds.getConnection()) {
                assertSame(physical, ((NlConnection) c).delegate.unwrap(Connection.class), "the same pooled connection");
                assertEquals(schemaOf(home), queryString(c, "SELECT current_schema()"));
                assertEquals("home", queryString(c, "SELECT name FROM items"));
            }
        }
    }

    // ---- 5. lexing settings -----------------------------------------------------------------------------------

    private void assertNlRefusedFor(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: the names of the items"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains(setting), e.getMessage());
        }
        assertTrue(llm.requests().isEmpty(), "refused before anything was translated or run");
    }

    @Test
    void postgresqlWithoutStandardConformingStringsRefusesNl() throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "scs")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))");
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT name FROM items"));
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                s.execute("SET standard_conforming_strings = off");
                assertNlRefusedFor(c, "standard_conforming_strings");
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl() + "&options=-c%20standard_conforming_strings%3Doff",
                    props("nl.passthrough", "readonly")); Statement s = c.createStatement()) {
                assertNlRefusedFor(c, "standard_conforming_strings");
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT name FROM items"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NO_BACKSLASH_ESCAPES", "ANSI_QUOTES"})
    void mariadbWithALexingSqlModeRefusesNl(String mode) throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.MARIADB, "sqlmode")) {
            db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))");
            llm.otherwise(req -> ScriptedLlmServer.completion("SELECT name FROM items"));
            try (Connection c = DriverManager.getConnection(db.nlUrl(), props()); Statement s = c.createStatement()) {
                s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, '," + mode + "')");
                assertNlRefusedFor(c, mode);
            }
            try (Connection c = DriverManager.getConnection(db.nlUrl() + "&sessionVariables=sql_mode=" + mode,
                    props("nl.passthrough", "readonly")); Statement s = c.createStatement()) {
                assertNlRefusedFor(c, mode);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT name FROM items"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
    }

    // ---- 2. nl.role ---------------------------------------------------------------------------------------------

    private static final java.util.concurrent.atomic.AtomicInteger ROLES = new java.util.concurrent.atomic.AtomicInteger();

    private static String uniqueRoleName(String prefix) {
        return (prefix + "_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet()).toLowerCase(Locale.ROOT);
    }

    @Test
    void postgresqlNlQueriesRunUnderNlRoleAndTheConnectionKeepsItsOwn() throws SQLException {
        String role = uniqueRoleName("nl_role");
        String server = TestDatabases.server(Target.POSTGRESQL);
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "role")) {
            db.exec("CREATE TABLE granted_t (id INTEGER)", "INSERT INTO granted_t VALUES (1)",
                    "CREATE TABLE secret_t (id INTEGER)", "INSERT INTO secret_t VALUES (2)");
            TestDatabases.exec(server, "CREATE ROLE " + role + " NOLOGIN");
            try {
                db.exec("GRANT USAGE ON SCHEMA " + schemaOf(db) + " TO " + role, "GRANT SELECT ON granted_t TO " + role);
                llm.reply("SELECT * FROM secret_t").reply("SELECT id FROM granted_t");
                try (Connection c = DriverManager.getConnection(db.nlUrl(), props("nl.role", role));
                     Statement s = c.createStatement()) {
                    String me = queryString(c, "SELECT current_user");
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: the secrets"));
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
                    try (ResultSet rs = s.executeQuery("NL: the granted ids")) {
                        assertTrue(rs.next());
                        assertEquals(1, rs.getInt(1));
                    }
                    assertEquals(me, queryString(c, "SELECT current_user"), "back to the connection's own role");
                    assertEquals("2", queryString(c, "SELECT id FROM secret_t"), "plain SQL keeps its privileges");
                }
            } finally {
                TestDatabases.exec(server, "DROP OWNED BY " + role);
                TestDatabases.exec(server, "DROP ROLE " + role);
            }
        }
    }

    @Test
    void mariadbNlQueriesRunUnderNlRoleAndTheConnectionKeepsItsOwn() throws SQLException {
        String role = uniqueRoleName("nl_role");
        String user = uniqueRoleName("nl_user");
        String server = TestDatabases.server(Target.MARIADB);
        try (TestDb db = TestDatabases.fresh(Target.MARIADB, "role")) {
            String name = schemaOf(db);
            db.exec("CREATE TABLE own_t (id INTEGER)", "CREATE TABLE granted_t (id INTEGER)",
                    "INSERT INTO granted_t VALUES (1)", "CREATE TABLE secret_t (id INTEGER)",
                    "INSERT INTO secret_t VALUES (2)");
            TestDatabases.exec(server, "CREATE ROLE " + role);
            TestDatabases.exec(server, "CREATE USER " + user + "@'%' IDENTIFIED BY 'pw'");
            try {
                // The user itself may read only own_t; granted_t and secret_t come through the role alone.
                db.exec("GRANT SELECT ON " + name + ".own_t TO " + user + "@'%'",
                        "GRANT SELECT ON " + name + ".granted_t TO " + role,
                        "GRANT SELECT ON " + name + ".secret_t TO " + role, "GRANT " + role + " TO " + user + "@'%'");
                String url = db.nlUrl().replace("user=root&password=", "user=" + user + "&password=pw");
                llm.reply("SELECT id FROM granted_t").reply("SELECT * FROM secret_t");
                try (Connection c = DriverManager.getConnection(url, props("nl.role", role));
                     Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("NL: the granted ids")) {
                        assertTrue(rs.next(), "the role's privileges applied");
                        assertEquals(1, rs.getInt(1));
                    }
                    // The guard's catalog still lists secret_t: the database is the wall that holds.
                    db.exec("REVOKE SELECT ON " + name + ".secret_t FROM " + role);
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: the secrets"));
                    assertTrue(e.getMessage().contains("denied"), e.getSQLState() + ": " + e.getMessage());
                    assertEquals("42000", e.getSQLState(), e.getMessage());
                    assertEquals(null, queryString(c, "SELECT CURRENT_ROLE()"), "back to no role");
                    assertThrows(SQLException.class, () -> queryString(c, "SELECT id FROM granted_t"),
                            "plain SQL has only the user's own privileges");
                }
            } finally {
                TestDatabases.exec(server, "DROP USER IF EXISTS " + user + "@'%'");
                TestDatabases.exec(server, "DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void aRoleThatIsNotASimpleIdentifierIsAConfigurationError() throws SQLException {
        try (TestDb db = TestDatabases.fresh(Target.H2, "badrole")) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(db.nlUrl(), props("nl.role", "x\"; DROP TABLE t; --")));
            assertEquals("HY024", e.getSQLState());
            assertTrue(e.getMessage().contains("nl.role"), e.getMessage());
        }
    }
}
