package org.nljdbc.guard;

import java.util.function.Consumer;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser's {@code CCJSqlParserUtil.parse}, run on the guard's shared parser threads: JSqlParser's own overloads
 * start (and stop) a new thread for every statement to enforce their timeout, which on a cache hit costs more than
 * the parse. Same result and timeout as {@code CCJSqlParserUtil.parse(sql, settings)}.
 */
public final class SqlParsing {
    private SqlParsing() {
    }

    /** {@code sql} parsed with {@code settings} applied to the parser (null for none). */
    public static Statement parse(String sql, Consumer<CCJSqlParser> settings) throws JSQLParserException {
        return CCJSqlParserUtil.parse(sql, StatementParser.threads(), settings);
    }

    public static Statement parse(String sql) throws JSQLParserException {
        return parse(sql, null);
    }
}
