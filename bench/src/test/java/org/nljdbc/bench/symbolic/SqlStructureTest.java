package org.nljdbc.bench.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlStructureTest {
    private static final Set<String> NAMES = Set.of("singer", "concert", "name", "country", "year", "age",
            "singer_id", "stadium_id", "capacity", "stadium");

    @Test
    void queriesDifferingOnlyInNamesAndLiteralsShareAStructure() {
        assertEquals(SqlStructure.of("SELECT count(*) FROM singer WHERE country = 'France'", NAMES),
                SqlStructure.of("select COUNT(*) from concert where year  =  2014", NAMES));
        assertEquals("SELECT COUNT ( * ) FROM id WHERE id = ?",
                SqlStructure.of("SELECT count(*) FROM singer WHERE country = \"France\"", NAMES),
                "a double-quoted word that names nothing is a string to SQLite");
    }

    @Test
    void aliasesAndQualifiersDoNotCountButJoinsAndFunctionsDo() {
        String joined = SqlStructure.of("SELECT T1.name FROM singer AS T1 JOIN concert AS T2 ON T1.singer_id = "
                + "T2.singer_id", NAMES);
        assertEquals("SELECT id FROM id JOIN id ON id = id", joined);
        assertNotEquals(SqlStructure.of("SELECT max(age) FROM singer", NAMES),
                SqlStructure.of("SELECT min(age) FROM singer", NAMES));
        assertNotEquals(SqlStructure.of("SELECT name FROM singer ORDER BY age DESC LIMIT 1", NAMES),
                SqlStructure.of("SELECT name FROM singer ORDER BY age LIMIT 1", NAMES));
    }
}
