package org.nljdbc.translator.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordFormsTest {
    @Test
    void splitsIdentifiersWithAndWithoutAcronymEnds() {
        assertEquals(List.of("net", "worth", "millions"), WordForms.split("Net_Worth_Millions"));
        assertEquals(List.of("order", "2"), WordForms.split("order2"));
        assertEquals(List.of("httpserver", "2", "name"), WordForms.split("HTTPServer2Name"));
        assertEquals(List.of("http", "server", "2", "name"), WordForms.splitAcronyms("HTTPServer2Name"));
        assertEquals(List.of("cust", "order", "qty"), WordForms.splitAcronyms("custOrderQty"));
    }

    @Test
    void singularRulesAndTheFollowUpVariantDifferWhereDocumented() {
        assertEquals("country", WordForms.singular("countries"));
        assertEquals("box", WordForms.singular("boxes"));
        assertEquals("class", WordForms.singular("class"));
        assertEquals("analysis", WordForms.singular("analysis"));
        assertEquals("analysi", WordForms.phraseSingular("analysis"));
        assertEquals("siz", WordForms.singular("sizes"));
        assertEquals("size", WordForms.phraseSingular("sizes"));
        assertEquals("order item", WordForms.phraseSingular("order items"));
        assertEquals("person", WordForms.irregular("people"));
        assertNull(WordForms.irregular("orders"));
    }
}
