package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one quoter of generated SQL writes a stored name so that each dialect reads exactly that name. */
class DialectQuoteTest {
    @Test
    void plainNamesThatFoldingLeavesAloneStayBare() {
        assertEquals("order_date", Dialect.POSTGRESQL.quote("order_date"));
        assertEquals("ORDER_DATE", Dialect.H2.quote("ORDER_DATE"));
        assertEquals("Net_Worth", Dialect.SQLITE.quote("Net_Worth"));
        assertEquals("Net_Worth", Dialect.MARIADB.quote("Net_Worth"));
    }

    @Test
    void namesFoldingWouldChangeAreQuoted() {
        assertEquals("\"Net_Worth\"", Dialect.POSTGRESQL.quote("Net_Worth"));
        assertEquals("\"SINGER\"", Dialect.POSTGRESQL.quote("SINGER"));
        assertEquals("\"order_date\"", Dialect.H2.quote("order_date"));
        assertEquals("\"order_date\"", Dialect.ORACLE.quote("order_date"));
    }

    @Test
    void keywordsAndOddCharactersAreQuotedInTheDialectsWay() {
        assertEquals("`order`", Dialect.MARIADB.quote("order"));
        assertEquals("[my col]", Dialect.SQLSERVER.quote("my col"));
        assertEquals("\"a\"\"b\"", Dialect.POSTGRESQL.quote("a\"b"));
        assertEquals("`a``b`", Dialect.MYSQL.quote("a`b"));
        assertEquals("[a]]b]", Dialect.SQLSERVER.quote("a]b"));
    }
}
