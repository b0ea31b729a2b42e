package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

class NlDataSourceTest {

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void poolsDelegateConnectionsAndAnswersQuestions(Target target) throws Exception {
        try (ScriptedLlmServer llm = ScriptedLlmServer.start(); TestDb db = TestDatabases.fresh(target, "ds");
             NlDataSource ds = new NlDataSource()) {
            db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')",
                    "INSERT INTO t VALUES (2, 'b')");
            llm.reply("SELECT v FROM t ORDER BY id").reply("SELECT COUNT(*) FROM t");
            ds.setUrl(db.nlUrl());
            ds.setProperty("nl.llm.provider", "openai");
            ds.setProperty("nl.llm.baseUrl", llm.baseUrl());
            ds.setProperty("nl.llm.model", "m");
            ds.setMaximumPoolSize(2);
            Object firstPhysical;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: list the values")) {
                assertTrue(c instanceof NlConnection);
                assertTrue(rs.next());
                assertEquals("a", rs.getString(1));
                firstPhysical = ((NlConnection) c).delegate.unwrap(Connection.class);
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("NL: how many rows?")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
                assertEquals(firstPhysical, ((NlConnection) c).delegate.unwrap(Connection.class),
                        "the physical connection came back from the pool");
                assertTrue(c.getAutoCommit(), "auto-commit is as the pool handed it out");
            }
            // Two connections at once are two physical connections, and neither waits for the catalog.
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
                assertNotSame(((NlConnection) a).delegate.unwrap(Connection.class),
                        ((NlConnection) b).delegate.unwrap(Connection.class));
            }
            assertThrows(IllegalStateException.class, () -> ds.setUrl("jdbc:nl:h2:mem:other"));
            assertFalse(ds.toString().matches(".*password=[^*&;].*"), ds.toString());
        }
    }

    @org.junit.jupiter.api.Test
    void urlsShownBackHideCredentials() {
        assertEquals("jdbc:nl:postgresql://u:****@h/db?user=u&password=****&ssl=true",
                NlUrl.redact("jdbc:nl:postgresql://u:pw@h/db?user=u&password=hunter2&ssl=true"));
        assertEquals("jdbc:nl:h2:mem:x;PASSWORD=****", NlUrl.redact("jdbc:nl:h2:mem:x;PASSWORD=s3cret"));
    }

    @org.junit.jupiter.api.Test
    void aDataSourceWithoutUrlSaysSo() {
        try (NlDataSource ds = new NlDataSource()) {
            SQLException e = assertThrows(SQLException.class, ds::getConnection);
            assertTrue(e.getMessage().contains("setUrl"), e.getMessage());
        }
    }
}
