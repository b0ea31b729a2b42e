package org.nljdbc.translator.internal.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** "Nearly equal" is strict: case, punctuation, articles and one plural; never another number or word. */
class QuestionKeyTest {
    @Test
    void caseSpacingPunctuationAndArticlesDoNotMatter() {
        assertEquals("revenue by category", QuestionKey.normalise("  The Revenue, by CATEGORY?! "));
        assertTrue(QuestionKey.nearlyEqual("What is the revenue by category?", "what is revenue by category"));
        assertTrue(QuestionKey.nearlyEqual("Please list an order", "list order"));
    }

    @Test
    void onePluralDiffersAtMost() {
        assertTrue(QuestionKey.nearlyEqual("revenue by category", "revenue by categories"));
        assertTrue(QuestionKey.nearlyEqual("top 5 product", "top 5 products"));
        assertFalse(QuestionKey.nearlyEqual("top product by category", "top products by categories"));
    }

    @Test
    void numbersNamesAndOtherWordsMustBeEqual() {
        assertFalse(QuestionKey.nearlyEqual("orders in 2023", "orders in 2024"));
        assertFalse(QuestionKey.nearlyEqual("top 5 products", "top 3 products"));
        assertFalse(QuestionKey.nearlyEqual("customers in Chile", "customers in China"));
        assertFalse(QuestionKey.nearlyEqual("revenue by category", "revenue by region"));
        assertFalse(QuestionKey.nearlyEqual("revenue by category", "revenue by category in 2024"));
        assertFalse(QuestionKey.nearlyEqual("orders not shipped", "orders shipped"));
        assertFalse(QuestionKey.nearlyEqual("", ""));
    }

    @Test
    void theHashIsThatOfTheNormalisedQuestion() {
        assertEquals(QuestionKey.hash("The revenue by category?"), QuestionKey.hash("revenue BY category"));
        assertFalse(QuestionKey.hash("revenue by category").equals(QuestionKey.hash("revenue by region")));
    }
}
