package org.nljdbc.translator.internal.symbolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nljdbc.translator.internal.symbolic.SymbolicTranslatorTest.col;
import static org.nljdbc.translator.internal.symbolic.SymbolicTranslatorTest.table;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.translator.internal.catalog.Catalog;

/** Names with a naming-convention prefix are found by the words a question uses for them. */
class NamingPrefixesTest {

    @Test
    void aNamespaceSharedByEveryTableIsNotAWordOfTheirNames() {
        assertEquals(2, NamingPrefixes.namespaceLength(List.of("sbCustomer", "sbTicker", "sbTransaction")));
        assertEquals(2, NamingPrefixes.namespaceLength(List.of("sbcustomer", "sbticker", "sbdailyprice")));
    }

    @Test
    void tablesThatShareAWordOrFewerThanThreeTablesHaveNoNamespace() {
        assertEquals(0, NamingPrefixes.namespaceLength(List.of("courses", "course_authors", "course_tutors")));
        assertEquals(0, NamingPrefixes.namespaceLength(List.of("sbcustomer", "sbticker")));
        assertEquals(0, NamingPrefixes.namespaceLength(List.of("singer", "song", "concert")));
    }

    @Test
    void aModellingPrefixOrANamespaceIsLeftOutOfTheTablesSubject() {
        assertEquals(List.of("template", "type"), NamingPrefixes.subject("Ref_Template_Types", 0));
        assertEquals(List.of("customer"), NamingPrefixes.subject("dim_customer", 0));
        assertEquals(List.of("customer"), NamingPrefixes.subject("sbCustomer", 2));
        assertEquals(List.of(), NamingPrefixes.subject("customers", 0));
    }

    @Test
    void columnsThatAllStartAlikeShareAPrefixEndingAtALetter() {
        assertEquals(4, NamingPrefixes.commonLength(List.of("sbTxId", "sbTxAmount", "sbTxCustId")));
        assertEquals(8, NamingPrefixes.commonLength(List.of("Document_ID", "Document_Name", "Document_Description")));
        assertEquals(0, NamingPrefixes.commonLength(List.of("id", "name", "age")));
        assertEquals(0, NamingPrefixes.commonLength(List.of("sbTxId", "sbTxAmount")));
    }

    private static final Catalog BROKER = new Catalog("PostgreSQL", "16", List.of(
            // PostgreSQL folds the unquoted sbCustomer to sbcustomer: the camel case is gone
            table("sbcustomer", List.of(col("sbcustid", Types.VARCHAR), col("sbcustname", Types.VARCHAR),
                    col("sbcustcountry", Types.VARCHAR, "USA", "Canada"))),
            table("sbticker", List.of(col("sbtickerid", Types.VARCHAR), col("sbtickersymbol", Types.VARCHAR),
                    col("sbtickertype", Types.VARCHAR, "stock", "etf"))),
            table("sbtransaction", List.of(col("sbtxid", Types.VARCHAR), col("sbtxcustid", Types.VARCHAR),
                    col("sbtxamount", Types.DECIMAL), col("sbtxstatus", Types.VARCHAR, "success", "fail")))));

    private static final Catalog TEMPLATES = new Catalog("SQLite", "3", List.of(
            table("Ref_Template_Types", List.of(col("Template_Type_Code", Types.VARCHAR, "PP", "BK"),
                    col("Template_Type_Description", Types.VARCHAR, "Book", "Paper"))),
            table("Documents", List.of(col("Document_ID", Types.INTEGER), col("Document_Name", Types.VARCHAR),
                    col("Document_Description", Types.VARCHAR)))));

    private static String sql(String question, Catalog catalog) {
        SymbolicOutcome outcome = new SymbolicTranslator(0.7).attempt(question, catalog, Dialect.POSTGRESQL);
        return outcome instanceof SymbolicAnswer a ? a.sql() : ((Abstention) outcome).describe();
    }

    @Test
    void tablesAndColumnsBehindANamespaceAnswerByTheirWords() {
        assertEquals("SELECT COUNT(*) AS count_sbcustomer FROM sbcustomer",
                sql("How many customers are there?", BROKER));
        assertEquals("SELECT SUM(sbtxamount) AS sum_sbtxamount FROM sbtransaction",
                sql("What is the total transaction amount?", BROKER));
        assertEquals("SELECT sbcustname FROM sbcustomer WHERE sbcustcountry = 'Canada'",
                sql("List the names of customers from Canada", BROKER));
    }

    @Test
    void aReferenceTableIsNamedWithoutItsRefPrefix() {
        assertEquals("SELECT COUNT(*) AS count_ref_template_types FROM \"Ref_Template_Types\"",
                sql("How many template types are there?", TEMPLATES));
    }
}
