package org.nljdbc.guard;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;
import org.nljdbc.guard.Verdict.Reason;

/** JSqlParser set up per dialect, with a time limit and size limits for pathological input. */
final class StatementParser {
    static final int MAX_LENGTH = 100_000;
    static final int MAX_NESTING = 100;
    static final long TIMEOUT_MILLIS = 3_000;

    /**
     * JSqlParser enforces its time limit by running the parser on an executor; one shared pool of daemon
     * threads avoids creating a thread per check (that alone costs about a millisecond).
     */
    private static final ExecutorService PARSER_THREADS;

    static {
        AtomicInteger count = new AtomicInteger();
        // Unbounded and reaped when idle: a parse that outlives its time limit keeps its thread until
        // JSqlParser notices, and must not hold up the checks behind it.
        PARSER_THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "nljdbc-guard-parser-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    private StatementParser() {
    }

    static Statements parse(String sql, Dialect dialect) {
        if (sql.length() > MAX_LENGTH) {
            throw new Refusal(Reason.TOO_COMPLEX, "refused: the statement is longer than " + MAX_LENGTH + " characters");
        }
        int depth = CCJSqlParserUtil.getNestingDepth(sql);
        if (depth > MAX_NESTING) {
            throw new Refusal(Reason.TOO_COMPLEX, "refused: the statement nests parentheses " + depth
                    + " deep (at most " + MAX_NESTING + ")");
        }
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withTimeOut(TIMEOUT_MILLIS);
        switch (dialect) {
            case MYSQL, MARIADB -> parser.withBackslashEscapeCharacter(true).withHashLineComments(true);
            case SNOWFLAKE -> parser.withBackslashEscapeCharacter(true);
            case SQLSERVER, SQLITE -> parser.withSquareBracketQuotation(true);
            default -> {
            }
        }
        try {
            return CCJSqlParserUtil.parseStatements(parser, PARSER_THREADS);
        } catch (JSQLParserException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.util.concurrent.TimeoutException
                    || String.valueOf(e.getMessage()).contains("Time out")) {
                throw new Refusal(Reason.TOO_COMPLEX, "refused: the statement took too long to parse");
            }
            throw new Refusal(Reason.SYNTAX, "refused: the SQL does not parse: " + firstLine(e));
        } catch (StackOverflowError | RuntimeException e) {
            throw new Refusal(Reason.SYNTAX, "refused: the SQL does not parse: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        m = m.replace("net.sf.jsqlparser.parser.ParseException: ", "");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
