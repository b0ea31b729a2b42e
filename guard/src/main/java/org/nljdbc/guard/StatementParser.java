package org.nljdbc.guard;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
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

    /** A parse, and the text it parsed: the given SQL, or that SQL with catalog names quoted. */
    record Parsed(Statements statements, String text, List<String> quoted) {
    }

    /** How many keyword-like catalog names one statement may need quoted before it parses. */
    /** The daemon threads parses run on (JSqlParser enforces its timeout on another thread). */
    static ExecutorService threads() {
        return PARSER_THREADS;
    }

    private static final int MAX_QUOTED = 8;

    /**
     * Parses {@code sql}; where JSqlParser stops at a word that is a table or column of the visible schema (a column
     * named {@code long}, {@code uuid} or {@code format}, which it reads as a keyword), quotes that word with the
     * catalog's own spelling and tries again. The quoted text names the same object for the database, and it is
     * the text that is checked and run.
     */
    static Parsed parse(String sql, Dialect dialect, VisibleSchema schema) {
        String text = sql;
        List<String> quoted = new ArrayList<>();
        while (true) {
            try {
                return new Parsed(parseOnce(text, dialect), text, quoted);
            } catch (KeywordLike k) {
                String next = quoteAt(text, k, dialect, schema);
                if (next == null || quoted.size() >= MAX_QUOTED) {
                    throw k.refusal;
                }
                quoted.add(k.word);
                text = next;
            }
        }
    }

    /** The parser stopped just after {@code word}, which starts at {@code line}:{@code column} (1-based). */
    private static final class KeywordLike extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Refusal refusal;
        final String word;
        final int line;
        final int column;

        KeywordLike(Refusal refusal, String word, int line, int column) {
            super(null, null, false, false);
            this.refusal = refusal;
            this.word = word;
            this.line = line;
            this.column = column;
        }
    }

    private static String quoteAt(String text, KeywordLike k, Dialect dialect, VisibleSchema schema) {
        if (schema == null || !k.word.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        String stored = null;
        for (VisibleSchema.Table t : schema.tables()) {
            List<String> names = new ArrayList<>(t.columns());
            names.add(t.name());
            for (String n : names) {
                if (n.equalsIgnoreCase(k.word)) {
                    if (stored != null && !stored.equals(n)) {
                        return null; // two spellings: which one the word means depends on the database's rules
                    }
                    stored = n;
                }
            }
        }
        // PostgreSQL folds the unquoted word to lower case: quoting may not change which name it is.
        if (stored == null || dialect == Dialect.POSTGRESQL && !stored.equals(k.word.toLowerCase(Locale.ROOT))) {
            return null;
        }
        int offset = offsetOf(text, k.line, k.column);
        if (offset < 0 || !text.regionMatches(offset, k.word, 0, k.word.length())
                || offset > 0 && isWordChar(text.charAt(offset - 1))
                || offset + k.word.length() < text.length() && isWordChar(text.charAt(offset + k.word.length()))) {
            return null;
        }
        String q = switch (dialect) {
            case MYSQL, MARIADB -> "`" + stored + "`";
            case SQLSERVER -> "[" + stored + "]";
            default -> "\"" + stored + "\"";
        };
        return text.substring(0, offset) + q + text.substring(offset + k.word.length());
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"' || c == '`' || c == '[' || c == ']';
    }

    private static int offsetOf(String text, int line, int column) {
        int l = 1;
        int i = 0;
        while (l < line && i < text.length()) {
            if (text.charAt(i++) == '\n') {
                l++;
            }
        }
        int offset = i + column - 1;
        return l == line && offset >= 0 && offset < text.length() ? offset : -1;
    }

    static Statements parse(String sql, Dialect dialect) {
        try {
            return parseOnce(sql, dialect);
        } catch (KeywordLike k) {
            throw k.refusal;
        }
    }

    private static Statements parseOnce(String sql, Dialect dialect) {
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
            Refusal refusal = new Refusal(Reason.SYNTAX, "refused: the SQL does not parse: " + firstLine(e));
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof ParseException pe && pe.currentToken != null && pe.currentToken.image != null) {
                    throw new KeywordLike(refusal, pe.currentToken.image, pe.currentToken.beginLine,
                            pe.currentToken.beginColumn);
                }
            }
            throw refusal;
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
