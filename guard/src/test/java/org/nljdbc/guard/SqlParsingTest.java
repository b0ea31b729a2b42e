package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

class SqlParsingTest {
    @Test
    void parsesAsJSqlParserDoesOnSharedThreads() throws Exception {
        String sql = "SELECT c.name, COUNT(*) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name";
        assertEquals(CCJSqlParserUtil.parse(sql).toString(), SqlParsing.parse(sql).toString());
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        SqlParsing.parse(sql);
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 50; i++) {
            SqlParsing.parse(sql + " LIMIT " + i);
        }
        long started = threads.getTotalStartedThreadCount() - before;
        assertTrue(started <= 5, "50 parses started " + started + " threads (JSqlParser's own overload starts one each)");
        assertThrows(JSQLParserException.class, () -> SqlParsing.parse("SELECT FROM WHERE"));
    }
}
