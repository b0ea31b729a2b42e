package org.nljdbc.translator.internal.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Policy;
import org.nljdbc.translator.internal.catalog.Catalog;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.catalog.CatalogVisibility;
import org.nljdbc.translator.internal.catalog.ColumnInfo;
import org.nljdbc.translator.internal.catalog.ForeignKey;
import org.nljdbc.translator.internal.catalog.TableInfo;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

class LexicalSchemaRetrieverTest {
    private final LexicalSchemaRetriever retriever = new LexicalSchemaRetriever();

    private static ColumnInfo col(String name, int type, String... samples) {
        return new ColumnInfo(name, type == Types.VARCHAR ? "varchar" : "int", type, true, null, List.of(samples));
    }

    private static TableInfo table(String name, List<ColumnInfo> cols, ForeignKey... fks) {
        return new TableInfo(null, name, "TABLE", null, cols, List.of(cols.get(0).name()), List.of(fks), -1);
    }

    /** Forty unrelated tables, so that a few interesting ones do not fit the whole schema in a small budget. */
    private static List<TableInfo> distractors() {
        String[] words = {"invoice", "shipment", "warehouse", "supplier", "payroll", "ticket", "vehicle", "device",
                "sensor", "campaign", "lesson", "course", "grade", "review", "coupon", "refund", "asset", "license",
                "server", "incident"};
        List<TableInfo> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String w = words[i % words.length] + (i < words.length ? "" : "_archive");
            out.add(table(w, List.of(col(w + "_id", Types.INTEGER), col("label", Types.VARCHAR),
                    col("created_at", Types.INTEGER), col("status_code", Types.VARCHAR), col("owner_ref", Types.INTEGER))));
        }
        return out;
    }

    private static List<String> names(RetrievedSchema s) {
        return s.tables().stream().map(TableInfo::name).toList();
    }

    @Test
    void smallSchemaIsSentWhole() {
        Catalog c = new Catalog("H2", "2", List.of(table("singer", List.of(col("singer_id", Types.INTEGER)))));
        RetrievedSchema s = retriever.retrieve("how many concerts?", c, 3000);
        assertEquals(List.of("singer"), names(s));
        assertEquals(s.fullSchemaTokens(), s.promptTokens());
    }

    @Test
    void joinClosureAddsTheMiddleTableOfAChainOfThree() {
        List<TableInfo> tables = new ArrayList<>(distractors());
        tables.add(table("customer", List.of(col("id", Types.INTEGER), col("full_name", Types.VARCHAR))));
        tables.add(table("purchase", List.of(col("id", Types.INTEGER), col("customer_id", Types.INTEGER),
                col("item_id", Types.INTEGER)),
                new ForeignKey("f1", "purchase", List.of("customer_id"), "customer", List.of("id")),
                new ForeignKey("f2", "purchase", List.of("item_id"), "item", List.of("id"))));
        tables.add(table("item", List.of(col("id", Types.INTEGER), col("title", Types.VARCHAR))));
        Catalog c = new Catalog("H2", "2", tables);

        RetrievedSchema s = retriever.retrieve("Which customers bought the item titled Lamp?", c, 400);
        assertTrue(s.fullSchemaTokens() > 400, "the schema must not fit, or nothing is retrieved");
        assertTrue(names(s).containsAll(List.of("customer", "item", "purchase")), names(s).toString());
        assertTrue(s.joinHints().contains("purchase.customer_id = customer.id"), s.joinHints().toString());
        assertTrue(s.joinHints().contains("purchase.item_id = item.id"), s.joinHints().toString());
        assertTrue(s.promptTokens() <= 400);
        assertFalse(s.ddl().contains("references vehicle"));
    }

    @Test
    void questionValueFindsTheColumnThatHoldsIt() throws Exception {
        try (TestDb db = TestDatabases.fresh(Target.POSTGRESQL, "cat_value")) {
            List<String> ddl = new ArrayList<>();
            for (TableInfo t : distractors()) {
                ddl.add("CREATE TABLE " + t.name() + " (" + t.name() + "_id INT PRIMARY KEY, label TEXT, "
                        + "created_at INT, status_code TEXT, owner_ref INT)");
            }
            ddl.add("CREATE TABLE country (id INT PRIMARY KEY, name TEXT, continent TEXT)");
            ddl.add("INSERT INTO country VALUES (1, 'Brazil', 'South America'), (2, 'Japan', 'Asia')");
            db.exec(ddl.toArray(String[]::new));
            Catalog catalog;
            try (Connection conn = db.open()) {
                catalog = CatalogReader.read(conn);
            }
            RetrievedSchema s = retriever.retrieve("How many people live in Brazil?", catalog, 300);
            assertTrue(s.fullSchemaTokens() > 300);
            assertEquals("country", names(s).get(0), names(s).toString());
            assertTrue(s.ddl().contains("'Brazil'"), s.ddl());
        }
    }

    @Test
    void misspelledValueStillMatches() {
        List<TableInfo> tables = new ArrayList<>(distractors());
        tables.add(table("airport", List.of(col("id", Types.INTEGER), col("city", Types.VARCHAR, "Amsterdam", "Lisbon"))));
        Catalog c = new Catalog("H2", "2", tables);
        RetrievedSchema s = retriever.retrieve("flights leaving Amsterdan", c, 200);
        assertEquals("airport", names(s).get(0), names(s).toString());
    }

    @Test
    void deniedTableNeverAppearsEvenWhenTheQuestionNamesIt() {
        List<TableInfo> tables = new ArrayList<>(distractors());
        tables.add(table("salary", List.of(col("id", Types.INTEGER), col("amount", Types.INTEGER))));
        Catalog visible = CatalogVisibility.apply(new Catalog("H2", "2", tables),
                new Policy(1000, List.of(), List.of("sal*"), List.of(), null, null, false));
        for (int budget : new int[] {100, 300, 100_000}) {
            RetrievedSchema s = retriever.retrieve("What is the total salary amount?", visible, budget);
            assertFalse(names(s).contains("salary"));
            assertFalse(s.ddl().toLowerCase().contains("salary"), s.ddl());
        }
    }

    @Test
    void wideTableIsCutToKeysAndMentionedColumns() {
        List<ColumnInfo> cols = new ArrayList<>();
        cols.add(col("id", Types.INTEGER));
        for (int i = 0; i < 200; i++) {
            cols.add(col("metric_" + i, Types.INTEGER));
        }
        cols.add(col("discount_rate", Types.INTEGER));
        List<TableInfo> tables = new ArrayList<>(distractors());
        tables.add(table("facts", cols));
        RetrievedSchema s = retriever.retrieve("average discount rate in the facts", new Catalog("H2", "2", tables), 1000);
        TableInfo facts = s.tables().get(0);
        assertEquals("facts", facts.name());
        assertTrue(facts.column("discount_rate").isPresent());
        assertTrue(facts.column("id").isPresent());
        assertTrue(facts.columns().size() < 100);
        assertTrue(s.promptTokens() <= 1000);
    }
}
