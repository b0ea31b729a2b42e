package org.nljdbc.translator.internal.knowledge;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Verified examples in a table {@value #TABLE} of any JDBC database (created if absent), one row per database and
 * normalised question. A connection is opened per operation: examples are read once per question and written when
 * a person asks, so pooling would buy little. The URL may carry credentials and is never shown.
 */
public final class JdbcExampleStore implements ExampleStore {
    /** The table's name. */
    public static final String TABLE = "nl_verified_examples";
    private final String url;
    private final Properties properties;
    private volatile boolean tableChecked;

    public JdbcExampleStore(String url, Properties properties) {
        this.url = url;
        this.properties = properties == null ? new Properties() : properties;
    }

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url, properties);
        if (!tableChecked) {
            ensureTable(c);
            tableChecked = true;
        }
        return c;
    }

    private static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT db_key FROM " + TABLE + " WHERE 1 = 0").close();
            return;
        } catch (SQLException absent) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
        try (Statement s = c.createStatement()) {
            // Portable types only: the key is a hash, so the primary key stays short on every database.
            s.execute("CREATE TABLE " + TABLE + " (db_key VARCHAR(64) NOT NULL, question_key VARCHAR(64) NOT NULL, "
                    + "question VARCHAR(2000) NOT NULL, sql_text VARCHAR(8000) NOT NULL, policy VARCHAR(64) NOT NULL, "
                    + "created_at TIMESTAMP NOT NULL, PRIMARY KEY (db_key, question_key))");
        } catch (SQLException raced) {
            // Another process may have created it meanwhile; if not, the next statement says so.
        }
    }

    @Override
    public List<VerifiedExample> list(String database) {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT question, sql_text, policy FROM "
                + TABLE + " WHERE db_key = ? ORDER BY created_at, question_key")) {
            ps.setString(1, QuestionKey.hash(database));
            List<VerifiedExample> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VerifiedExample(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void remember(String database, VerifiedExample example) {
        String db = QuestionKey.hash(database);
        String key = QuestionKey.hash(example.question());
        try (Connection c = open()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE db_key = ? AND question_key = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE
                         + " (db_key, question_key, question, sql_text, policy, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                del.setString(1, db);
                del.setString(2, key);
                del.executeUpdate();
                ins.setString(1, db);
                ins.setString(2, key);
                ins.setString(3, example.question());
                ins.setString(4, example.sql());
                ins.setString(5, example.policy());
                ins.setTimestamp(6, Timestamp.from(Instant.now()));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    @Override
    public boolean forget(String database, String question) {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
                + " WHERE db_key = ? AND question_key = ?")) {
            ps.setString(1, QuestionKey.hash(database));
            ps.setString(2, QuestionKey.hash(question));
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static ExampleStoreException failure(String what, SQLException e) {
        return new ExampleStoreException("could not " + what + " the verified examples (table " + TABLE + "): "
                + e.getMessage(), e);
    }
}
