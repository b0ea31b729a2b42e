package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How identifiers and question words are normalised so that they can meet. */
class WordsTest {
    @Test
    void identifiersSplitOnUnderscoresCaseChangesAndDigits() {
        assertEquals(List.of("net", "worth", "millions"), Words.split("Net_Worth_Millions"));
        assertEquals(List.of("order", "date"), Words.split("orderDate"));
        assertEquals(List.of("address", "2"), Words.split("address2"));
        assertEquals(List.of("highschooler"), Words.split("Highschooler"));
    }

    @Test
    void abbreviationsInColumnNamesExpand() {
        assertEquals(List.of("first", "name"), Words.splitExpanded("Fname"));
        assertEquals(List.of("stock", "quantity"), Words.splitExpanded("stock_qty"));
    }

    @Test
    void pluralsStemToTheirSingular() {
        assertEquals("country", Words.stem("countries"));
        assertEquals("address", Words.stem("addresses"));
        assertEquals("status", Words.stem("status"));
        assertEquals("box", Words.stem("boxes"));
        assertEquals("person", Words.stem("people"));
        assertEquals("id", Words.stem("ids"));
        assertEquals(Words.stem("singer"), Words.stem("Singers"));
    }

    @Test
    void theLexerKeepsQuotedValuesWholeAndSpellsOutSmallNumbers() {
        List<Token> tokens = QuestionLexer.lex("Top five of Ada's orders with \"United Airlines\" over 1,000");
        assertEquals(List.of("Top", "5", "of", "Ada", "orders", "with", "United Airlines", "over", "1000"),
                tokens.stream().map(Token::text).toList());
        assertEquals(true, tokens.get(6).quoted());
    }
}
