package org.nljdbc.translator.internal.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsTest {
    @Test
    void splitsSnakeCamelAcronymsAndDigits() {
        assertEquals(List.of("home", "town"), Terms.splitIdentifier("Home_Town"));
        assertEquals(List.of("cust", "order", "qty"), Terms.splitIdentifier("custOrderQty"));
        assertEquals(List.of("http", "server", "2", "name"), Terms.splitIdentifier("HTTPServer2Name"));
    }

    @Test
    void expandsAbbreviationsAndStemsBothSidesAlike() {
        assertTrue(Terms.identifier("cust_qty").containsAll(List.of("customer", "quantity")));
        assertEquals(Terms.stem("country"), Terms.stem("countries"));
        assertEquals(Terms.stem("class"), Terms.stem("classes"));
        assertEquals("person", Terms.stem("people"));
        assertEquals(List.of("singer", "franc"), Terms.text("How many singers are from France?"));
    }
}
