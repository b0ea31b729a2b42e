package org.nljdbc.driver;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import org.nljdbc.guard.Verdict;
import org.nljdbc.translator.PolicyRefusedException;
import org.nljdbc.translator.internal.Translator;

/** What plain (non-NL) SQL may do, per {@code nl.passthrough}. */
final class Passthroughs {
    private Passthroughs() {
    }

    /** A stored-procedure call's SQL: never an NL statement, and refused under {@code nl.passthrough} readonly/deny. */
    static String call(NlConnection c, String sql) throws SQLException {
        if (NlCommand.parse(sql).isPresent()) {
            throw new java.sql.SQLFeatureNotSupportedException("NL statements cannot be prepared as calls; use "
                    + "prepareStatement or createStatement", "0A000");
        }
        if (c.restricted()) {
            throw new java.sql.SQLSyntaxErrorException("refused: stored procedure calls are not allowed with "
                    + "nl.passthrough=" + c.runtime.passthrough.name().toLowerCase(java.util.Locale.ROOT), "42501");
        }
        c.sessionChanged = true;
        return sql;
    }

    /**
     * @return the SQL to run: unchanged under {@code allow}; as the guard accepted it under {@code readonly}, where
     *         it then runs as a query in a read-only transaction (see {@link ReadOnlyScope})
     */
    static String check(NlConnection c, String sql) throws SQLException {
        c.beforePlainStatement();
        switch (c.runtime.passthrough) {
            case ALLOW -> {
                if (isDdl(sql)) {
                    c.runtime.invalidateCatalog();
                }
                return sql;
            }
            case DENY -> throw new SQLSyntaxErrorException("refused: plain SQL is disabled on this connection "
                    + "(nl.passthrough=deny); ask a question with NL: ...", "42501");
            default -> {
                // The session the SQL runs on must lex it as the guard does and resolve names in the catalog's
                // namespace: the connection NL SQL would use, and the caller's own (prepared statements run there).
                org.nljdbc.translator.internal.catalog.Catalog catalog = c.catalog();
                if (!c.delegate.getAutoCommit()) {
                    c.verifyCallerSession();
                }
                Verdict v = c.runtime.guard.check(sql, c.dialect, Translator.visibleSchema(catalog));
                if (v instanceof Verdict.Refused r) {
                    throw new PolicyRefusedException(r, sql);
                }
                Verdict.Accepted a = (Verdict.Accepted) v;
                if (!a.parameters().isEmpty()) {
                    throw new SQLSyntaxErrorException("refused: with a tenant filter, plain SQL cannot run under "
                            + "nl.passthrough=readonly; ask with NL: ...", "42501");
                }
                return a.sql();
            }
        }
    }

    private static final String[] DDL_WORDS = {"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "COMMENT"};

    /** Under readonly only queries run: an update count would mean SQL that ran for its side effects. */
    static SQLException onlyQueries() {
        return new java.sql.SQLSyntaxErrorException("refused: with nl.passthrough=readonly plain SQL runs only as a "
                + "query (executeQuery or execute), never as an update or a batch", "42501");
    }

    /** Whether the statement changes the schema, so the cached catalog must be read again. Not a security check. */
    static boolean isDdl(String sql) {
        int i = NlCommand.skipCommentsAndSpace(sql, 0);
        for (String word : DDL_WORDS) {
            int end = i + word.length();
            if (sql.regionMatches(true, i, word, 0, word.length())
                    && (end == sql.length() || !Character.isLetter(sql.charAt(end)))) {
                return true;
            }
        }
        return false;
    }
}
