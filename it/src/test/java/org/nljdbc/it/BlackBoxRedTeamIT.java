package org.nljdbc.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nljdbc.driver.NlResult;
import org.nljdbc.translator.internal.llm.ScriptedLlmServer;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;

/**
 * A black-box red team against the bundled jar, as an attacker who has read only the README and SECURITY.md: the
 * model is prompt-injected (it answers whatever SQL the attack wants), and the attacker also controls the question,
 * bound parameters, wrapping SQL, follow-ups, verified examples, prepared statements, the URL, plain SQL under
 * {@code nl.passthrough=readonly} and the JDBC objects handed out. Every attack is a named case run on PostgreSQL and
 * MariaDB (where it applies). A case fails when a secret marker (a masked value, a denied or hidden table's row,
 * another tenant's row) shows up in results, warnings, errors, {@code NlResult}, logs or the prompts the model got,
 * when the canary table, a sequence, the schema or a lock changed, when a limit did not hold, or when a follow-up
 * check on the same connection shows the policy no longer holds. Secret values are never printed: only the name of
 * the marker found and the channel it was found in.
 */
class BlackBoxRedTeamIT {
    enum Db { PG, MY }

    private static final Set<Db> BOTH = EnumSet.allOf(Db.class);
    private static final Set<Db> PG_ONLY = EnumSet.of(Db.PG);
    private static final Set<Db> MY_ONLY = EnumSet.of(Db.MY);

    /** Text found only in protected data: never typed by an attack (except where a case says so and checks otherwise). */
    private static final List<String> MARKERS = List.of("SSNSECRET", "PAYROLLSECRET", "OTHERTENANT", "HIDDENSECRET");

    private static final String PID = String.valueOf(ProcessHandle.current().pid());
    private static final String MAIN = "bb_rt_" + PID;
    private static final String HIDDEN = "bb_hid_" + PID;
    private static final String EXAMPLES = "bb_ex_" + PID;

    private static final AtomicReference<String> REPLY = new AtomicReference<>("SELECT 1");
    private static ScriptedLlmServer llm;
    private static final StringBuffer LOGS = new StringBuffer();
    private static final AtomicInteger RAN = new AtomicInteger();
    private static final List<String> NOTES = new ArrayList<>();
    private static final java.util.Map<Db, String> BASE = new java.util.EnumMap<>(Db.class);
    private static PrintStream originalErr;

    // ---- the attacks ---------------------------------------------------------------------------------------------

    /** One named attack: the body drives the public JDBC API and adds everything it sees to the evidence. */
    private record Attack(String name, Set<Db> on, Body body, boolean typesSecrets) {
    }

    @FunctionalInterface
    interface Body {
        void run(Ctx x) throws Exception;
    }

    private static final List<Attack> ATTACKS = new ArrayList<>();

    private static void attack(String name, Set<Db> on, Body body) {
        ATTACKS.add(new Attack(name, on, body, false));
    }

    /** An attack whose own text holds a secret (an oracle): its evidence is judged by the body, not by markers. */
    private static void oracle(String name, Set<Db> on, Body body) {
        ATTACKS.add(new Attack(name, on, body, true));
    }

    static {
        // -- baseline: the harness sees rows, masks and refusals (if these fail, nothing below means anything)
        attack("baseline.ownTenantRowsAreAnswered", BOTH, x -> {
            String out = x.nl("SELECT name FROM bb_customers", "list the customer names");
            x.require(out.contains("alice") && out.contains("bob"), "own tenant rows are answered: " + out);
        });
        attack("baseline.maskedColumnIsMasked", BOTH, x -> {
            String out = x.nl("SELECT id, ssn FROM bb_customers", "list the customers with their ssn");
            x.require(out.contains("rows=2"), "two rows of the own tenant: " + out);
        });
        attack("baseline.deniedTableIsRefused", BOTH, x -> {
            String out = x.nl("SELECT secret FROM bb_payroll", "list the payroll");
            x.require(out.contains("42501"), "refused with 42501: " + out);
        });

        // -- bound parameters against the tenant filter's own placeholder
        attack("params.plainParamInSelectListBeforeTenantPlaceholder", BOTH, x ->
                x.prepared("SELECT ? AS v, o.note FROM bb_orders o", "t2"));
        attack("params.plainParamInDerivedTableBeforeTenantPlaceholder", BOTH, x ->
                x.prepared("SELECT o.note FROM (SELECT ? AS v) z, bb_orders o", "t2"));
        attack("params.plainParamInWhereAfterTenantPlaceholder", BOTH, x ->
                x.prepared("SELECT note FROM bb_orders WHERE note <> ?", "t2"));
        attack("params.plainParamComparedWithTenantColumn", BOTH, x ->
                x.prepared("SELECT note FROM bb_orders WHERE tenant_id = ? OR tenant_id <> ?", "t2", "t2"));
        attack("params.plainParamInSubqueryOverTenantTable", BOTH, x ->
                x.prepared("SELECT title FROM bb_products WHERE title <> ? OR EXISTS (SELECT 1 FROM bb_orders o WHERE o.note = ?)",
                        "t2", "t2"));
        attack("params.indexZeroAndBeyondTheLast", BOTH, x -> {
            try (PreparedStatement ps = x.c.prepareStatement("SELECT note FROM bb_orders WHERE id > ?")) {
                ps.setInt(1, 0);
                for (int i : new int[] {0, -1, 2, 3}) {
                    try {
                        ps.setString(i, "t2");
                        x.see("setString(" + i + ") accepted");
                    } catch (SQLException e) {
                        x.see(e);
                    }
                }
                x.execute(ps);
            }
        });
        attack("params.clearParametersThenBindTheTenantSlot", BOTH, x -> {
            try (PreparedStatement ps = x.c.prepareStatement("SELECT note FROM bb_orders")) {
                x.execute(ps);
                ps.clearParameters();
                for (int i : new int[] {1, 2}) {
                    try {
                        ps.setString(i, "t2");
                    } catch (SQLException e) {
                        x.see(e);
                    }
                }
                x.execute(ps);
            }
        });
        attack("params.wrappedQuestionParamAfter", BOTH, x -> {
            REPLY.set("SELECT note FROM bb_orders");
            x.prepared("SELECT * FROM (NL: list the order notes) t WHERE t.note <> ?", "t2");
        });
        attack("params.wrappedQuestionParamBefore", BOTH, x -> {
            REPLY.set("SELECT note FROM bb_orders");
            x.prepared("SELECT ? AS v, t.* FROM (NL: list the order notes) t", "t2");
        });
        attack("params.modelSqlWithPlaceholder", BOTH, x ->
                x.nl("SELECT note FROM bb_orders WHERE ? IS NULL OR note IS NOT NULL", "list the order notes"));
        attack("params.modelSqlWithPlaceholderInWrappedPreparedStatement", BOTH, x -> {
            REPLY.set("SELECT ? AS v, note FROM bb_orders");
            x.prepared("SELECT * FROM (NL: list the order notes) t WHERE t.note <> ?", "t2");
        });
        attack("params.preparedQuestionWithModelPlaceholder", BOTH, x -> {
            REPLY.set("SELECT note FROM bb_orders WHERE tenant_id = ? OR note IS NOT NULL");
            x.prepared("NL: order notes of tenant ?", "t2");
        });
        attack("params.preparedQuestionValueBreaksOutOfQuotes", BOTH, x -> {
            REPLY.set("SELECT note FROM bb_orders");
            x.prepared("SELECT * FROM (NL: order notes named ?) t", "x') t, bb_payroll p --");
            x.prepared("SELECT * FROM (NL: order notes named ?) t", "x\\') t, bb_payroll p -- ");
        });
        attack("params.templatedNumberWhoseTextIsSql", BOTH, x -> {
            try (PreparedStatement ps = x.c.prepareStatement("NL: order notes with amount above ?")) {
                for (int v : new int[] {5, 6, 7}) {
                    REPLY.set("SELECT note FROM bb_orders WHERE amount > " + v);
                    ps.setInt(1, v);
                    x.execute(ps);
                }
                REPLY.set("SELECT note FROM bb_orders WHERE amount > 8");
                ps.setObject(1, new SqlNumber("0 OR 1 = 1) UNION SELECT secret FROM bb_payroll --"));
                x.execute(ps);
                ps.setObject(1, new SqlNumber("-1 UNION ALL SELECT note FROM bb_orders o2 WHERE o2.tenant_id <> 'x'"));
                x.execute(ps);
            }
        });
        attack("params.batchedWriteUnderReadonly", BOTH, x -> {
            try (PreparedStatement ps = x.c.prepareStatement("INSERT INTO bb_canary VALUES (?)")) {
                ps.setInt(1, 7);
                ps.addBatch();
                x.see("batch " + java.util.Arrays.toString(ps.executeBatch()));
            } catch (SQLException e) {
                x.see(e);
            }
        });

        // -- the JDBC objects handed out: none may lead to the delegate's own connection or statement
        attack("surface.statementGetConnection", BOTH, x -> {
            try (Statement s = x.c.createStatement()) {
                x.deniedThrough(s.getConnection());
            }
        });
        attack("surface.resultSetGetStatementExecutes", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            try (Statement s = x.c.createStatement(); ResultSet rs = s.executeQuery("NL: list the products")) {
                Statement back = rs.getStatement();
                if (back != null) {
                    x.deniedThrough(back);
                    x.deniedThrough(back.getConnection());
                }
            }
        });
        attack("surface.metadataGetConnection", BOTH, x -> x.deniedThrough(x.c.getMetaData().getConnection()));
        attack("surface.metadataResultSetGetStatement", BOTH, x -> {
            DatabaseMetaData md = x.c.getMetaData();
            List<ResultSet> sets = new ArrayList<>();
            sets.add(md.getTables(null, null, "%", null));
            sets.add(md.getColumns(null, null, "bb_customers", "%"));
            sets.add(md.getSchemas());
            sets.add(md.getTypeInfo());
            sets.add(md.getPrimaryKeys(null, null, "bb_customers"));
            sets.add(md.getCatalogs());
            sets.add(md.getProcedures(null, null, "%"));
            for (ResultSet rs : sets) {
                try (rs) {
                    Statement back = rs.getStatement();
                    if (back != null) {
                        x.deniedThrough(back);
                        x.deniedThrough(back.getConnection());
                    }
                }
            }
        });
        attack("surface.generatedKeysGetStatement", BOTH, x -> {
            try (Statement s = x.c.createStatement()) {
                REPLY.set("SELECT title FROM bb_products");
                s.execute("NL: list the products");
                try (ResultSet keys = s.getGeneratedKeys()) {
                    if (keys != null && keys.getStatement() != null) {
                        x.deniedThrough(keys.getStatement());
                        x.deniedThrough(keys.getStatement().getConnection());
                    }
                } catch (SQLException e) {
                    x.see(e);
                }
            }
        });
        attack("surface.unwrapToTheDelegate", BOTH, x -> {
            List<Object> objects = new ArrayList<>();
            objects.add(x.c);
            objects.add(x.c.getMetaData());
            Statement s = x.c.createStatement();
            objects.add(s);
            PreparedStatement ps = x.c.prepareStatement("SELECT title FROM bb_products");
            objects.add(ps);
            ResultSet rs = ps.executeQuery();
            objects.add(rs);
            objects.add(rs.getMetaData());
            objects.add(x.c.getMetaData().getTables(null, null, "%", null));
            String[] classes = {"org.postgresql.PGConnection", "org.postgresql.core.BaseConnection",
                "org.postgresql.jdbc.PgConnection", "org.postgresql.PGStatement", "org.postgresql.jdbc.PgStatement",
                "org.postgresql.jdbc.PgResultSet", "org.postgresql.jdbc.PgDatabaseMetaData",
                "org.mariadb.jdbc.Connection", "org.mariadb.jdbc.Statement", "org.mariadb.jdbc.ClientPreparedStatement",
                "org.mariadb.jdbc.DatabaseMetaData", "java.lang.Object", "java.sql.Wrapper", "java.lang.AutoCloseable",
                "java.sql.Connection", "java.sql.Statement"};
            for (Object o : objects) {
                for (String name : classes) {
                    Class<?> k;
                    try {
                        k = Class.forName(name);
                    } catch (ClassNotFoundException e) {
                        continue;
                    }
                    try {
                        Object u = ((java.sql.Wrapper) o).unwrap(k);
                        if (u != null && !u.getClass().getName().startsWith("org.nljdbc")) {
                            x.see("unwrap " + o.getClass().getSimpleName() + " -> " + u.getClass().getName());
                            if (u instanceof Connection uc) {
                                x.deniedThrough(uc);
                            } else if (u instanceof Statement us) {
                                x.deniedThrough(us);
                            }
                        }
                    } catch (SQLException e) {
                        x.see(e);
                    }
                }
            }
            s.close();
            ps.close();
        });
        attack("surface.updatableResultSetWritesTheCanary", BOTH, x -> {
            List<Statement> statements = List.of(
                    x.c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE),
                    x.c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE,
                            ResultSet.HOLD_CURSORS_OVER_COMMIT),
                    x.c.prepareStatement("SELECT id FROM bb_canary", ResultSet.TYPE_SCROLL_INSENSITIVE,
                            ResultSet.CONCUR_UPDATABLE),
                    x.c.prepareStatement("SELECT id FROM bb_canary", ResultSet.TYPE_SCROLL_INSENSITIVE,
                            ResultSet.CONCUR_UPDATABLE, ResultSet.CLOSE_CURSORS_AT_COMMIT));
            for (Statement s : statements) {
                try (s) {
                    ResultSet rs = s instanceof PreparedStatement p ? p.executeQuery() : s.executeQuery("SELECT id FROM bb_canary");
                    x.tryWrites(rs);
                    REPLY.set("SELECT id FROM bb_canary");
                    if (!(s instanceof PreparedStatement)) {
                        x.tryWrites(s.executeQuery("NL: list the canary ids"));
                    }
                } catch (SQLException e) {
                    x.see(e);
                }
            }
        });
        attack("surface.callableStatementRunsTheSideEffect", BOTH, x -> {
            for (String sql : new String[] {"{call bb_side_effect()}", "{? = call bb_side_effect()}", "SELECT bb_side_effect()",
                "CALL bb_proc()"}) {
                try (java.sql.CallableStatement cs = x.c.prepareCall(sql)) {
                    if (sql.startsWith("{?")) {
                        cs.registerOutParameter(1, java.sql.Types.INTEGER);
                    }
                    x.see("call ran: " + cs.execute());
                } catch (SQLException e) {
                    x.see(e);
                }
            }
        });
        attack("surface.writesThroughEveryExecuteMethod", BOTH, x -> {
            try (Statement s = x.c.createStatement()) {
                x.tryUpdate(() -> s.executeUpdate("DELETE FROM bb_canary"));
                x.tryUpdate(() -> (int) s.executeLargeUpdate("DELETE FROM bb_canary"));
                x.tryUpdate(() -> s.executeUpdate("DELETE FROM bb_canary", Statement.RETURN_GENERATED_KEYS));
                x.tryUpdate(() -> s.executeUpdate("DELETE FROM bb_canary", new String[] {"id"}));
                x.tryUpdate(() -> s.execute("DELETE FROM bb_canary", new int[] {1}) ? 1 : 0);
                x.tryUpdate(() -> {
                    s.addBatch("DELETE FROM bb_canary");
                    return s.executeBatch().length;
                });
                x.tryUpdate(() -> s.executeUpdate("NL: delete the canary"));
            }
            REPLY.set("DELETE FROM bb_canary");
            x.nl("DELETE FROM bb_canary", "delete the canary rows");
        });
        attack("surface.readOnlyOffAndOwnTransactionThenCommit", BOTH, x -> {
            try {
                x.c.setReadOnly(false);
            } catch (SQLException e) {
                x.see(e);
            }
            x.c.setAutoCommit(false);
            x.sql("DELETE FROM bb_canary");
            x.sql("INSERT INTO bb_canary VALUES (5)");
            REPLY.set("SELECT id FROM bb_canary");
            x.sql("NL: list the canary ids");
            try {
                x.c.commit();
            } catch (SQLException e) {
                x.see(e);
            }
            x.c.setAutoCommit(true);
        });
        attack("surface.setSchemaOrCatalogToTheHiddenNamespace", BOTH, x -> {
            try {
                if (x.db == Db.PG) {
                    x.c.setSchema(HIDDEN);
                } else {
                    x.c.setCatalog(HIDDEN);
                }
                x.see("namespace switched");
            } catch (SQLException e) {
                x.see(e);
            }
            x.sql("SELECT secret FROM bb_hidden");
            x.sql("SELECT name FROM bb_customers");
            x.nl("SELECT name FROM bb_customers", "list the customer names");
            x.nl("SELECT secret FROM bb_hidden", "list the hidden secrets");
        });
        attack("surface.jdbcEscapeSyntaxCallsTheSideEffect", BOTH, x -> {
            x.sql("SELECT {fn bb_side_effect()} AS v");
            x.sql("{call bb_side_effect()}");
            x.sql("SELECT title FROM bb_products WHERE title <> {fn concat('a', (SELECT max(secret) FROM bb_payroll))}");
            x.nl("SELECT {fn bb_side_effect()} AS v", "how many things");
            x.nl("SELECT title FROM bb_products WHERE title <> {fn concat('a', (SELECT max(secret) FROM bb_payroll))}",
                    "list the products");
            try (Statement s = x.c.createStatement()) {
                s.setEscapeProcessing(false);
                x.run(s, "{call bb_side_effect()}");
            }
        });

        // -- plain SQL that changes the session under nl.passthrough=readonly (the post-check shows what stuck)
        for (String sql : new String[] {"SET search_path TO " + HIDDEN, "SET search_path TO " + HIDDEN + ", " + MAIN,
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "SET default_transaction_read_only = off",
            "SET standard_conforming_strings = off", "SET ROLE NONE", "RESET ROLE", "RESET ALL", "DISCARD ALL",
            "SET session_replication_role = replica", "START TRANSACTION READ WRITE", "BEGIN", "COMMIT",
            "PREPARE bbp AS DELETE FROM bb_canary", "EXECUTE bbp", "DECLARE bbc CURSOR WITH HOLD FOR SELECT secret FROM bb_payroll",
            "LISTEN bb_chan", "SELECT set_config('search_path', '" + HIDDEN + "', false)", "SET SESSION AUTHORIZATION DEFAULT",
            "LOCK TABLE bb_canary", "SELECT pg_advisory_lock(42)", "VACUUM bb_canary", "ANALYZE bb_customers",
            "CREATE TEMP TABLE bb_customers (id int, name text, ssn text, tenant_id text)",
            "SELECT * INTO TEMP bb_stolen FROM bb_payroll"}) {
            attack("session.pg." + sql, PG_ONLY, x -> {
                x.sql(sql);
                x.sql("SELECT secret FROM bb_hidden");
                x.sql("SELECT name, ssn FROM bb_customers");
                x.sql("FETCH ALL FROM bbc");
            });
        }
        for (String sql : new String[] {"SET SESSION TRANSACTION READ WRITE", "SET TRANSACTION READ WRITE",
            "SET sql_mode = 'ANSI_QUOTES'", "SET @@session.sql_mode = 'NO_BACKSLASH_ESCAPES'", "USE " + HIDDEN,
            "SET NAMES gbk", "SET character_set_client = gbk", "SET autocommit = 0", "START TRANSACTION", "COMMIT",
            "SET ROLE NONE", "SET @bb := (SELECT secret FROM bb_payroll)", "SELECT @bb", "LOCK TABLES bb_canary WRITE",
            "DO GET_LOCK('bb', 0)", "SELECT GET_LOCK('bb', 0)", "HANDLER bb_payroll OPEN", "HANDLER bb_payroll READ FIRST",
            "PREPARE bbp FROM 'DELETE FROM bb_canary'", "EXECUTE bbp", "SET STATEMENT max_statement_time=100 FOR DELETE FROM bb_canary",
            "CREATE TEMPORARY TABLE bb_customers (id int, name varchar(40), ssn varchar(40), tenant_id varchar(10))",
            "SELECT secret FROM bb_payroll INTO @bb2", "SELECT @bb2", "FLUSH TABLES", "ANALYZE TABLE bb_customers",
            "SELECT 1 INTO OUTFILE '/tmp/bb_out_" + PID + "'"}) {
            attack("session.my." + sql, MY_ONLY, x -> {
                x.sql(sql);
                x.sql("SELECT secret FROM bb_hidden");
                x.sql("SELECT name, ssn FROM bb_customers");
            });
        }

        // -- wrapped questions: the SQL around the question is the attacker's
        attack("wrapped.deniedTableBesideTheQuestion", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            x.sql("SELECT * FROM (NL: list the products) t, bb_payroll p");
        });
        attack("wrapped.markerInsideAStringLiteral", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            x.sql("SELECT secret FROM bb_payroll WHERE '(NL: list the products)' <> ''");
            x.sql("SELECT '(NL: list the products)' AS a, secret FROM bb_payroll");
        });
        attack("wrapped.markerInsideAComment", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            x.sql("SELECT secret FROM bb_payroll /* (NL: list the products) */");
            x.sql("SELECT secret FROM bb_payroll -- (NL: list the products)\n");
            x.sql("/* (NL: list the products) */ SELECT secret FROM bb_payroll");
        });
        attack("wrapped.quotedParenthesisInTheQuestion", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            x.sql("SELECT * FROM (NL: products named ') t, bb_payroll p -- ') t");
            x.sql("SELECT * FROM (NL: products named \") t, bb_payroll p -- \") t");
            x.sql("SELECT * FROM (NL: products (named) ) t, bb_payroll p");
        });
        attack("wrapped.twoAndNestedQuestions", BOTH, x -> {
            REPLY.set("SELECT note FROM bb_orders");
            x.sql("SELECT * FROM (NL: list the notes) a, (NL: list the notes again) b");
            x.sql("SELECT * FROM (NL: list (NL: the notes) here) t");
            x.sql("SELECT * FROM (nl: list the notes) t");
            x.sql("SELECT * FROM ( NL : list the notes ) t");
        });
        attack("wrapped.otherFormsInsideTheWrapper", BOTH, x -> {
            REPLY.set("SELECT secret FROM bb_payroll");
            x.sql("SELECT * FROM (NL SHOWSQL: list the payroll) t");
            x.sql("SELECT * FROM (NL EXPLAIN: list the payroll) t");
            x.sql("SELECT * FROM (NL EXAMPLES) t");
            x.sql("SELECT * FROM (NL STATS) t");
        });
        attack("wrapped.tenantTableJoinedInTheWrapper", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            x.sql("SELECT t.*, o.note FROM (NL: list the products) t JOIN bb_orders o ON 1 = 1");
            x.sql("SELECT t.*, (SELECT max(note) FROM bb_orders) AS n FROM (NL: list the products) t");
        });
        attack("wrapped.maskedColumnInTheWrapper", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products");
            x.sql("SELECT t.*, c.ssn FROM (NL: list the products) t, bb_customers c");
            REPLY.set("SELECT id, ssn FROM bb_customers");
            x.sql("SELECT t.ssn FROM (NL: customers with ssn) t");
            x.sql("SELECT max(t.ssn) AS s FROM (NL: customers with ssn) t");
        });
        attack("wrapped.modelSqlClosesTheWrapperParenthesis", BOTH, x -> {
            REPLY.set("SELECT title FROM bb_products) x CROSS JOIN (SELECT secret FROM bb_payroll");
            x.sql("SELECT * FROM (NL: list the products) t");
            REPLY.set("SELECT note FROM bb_orders) x UNION ALL (SELECT note FROM bb_orders");
            x.sql("SELECT * FROM (NL: list the notes) t");
            REPLY.set("SELECT title FROM bb_products) t; DELETE FROM bb_canary; SELECT * FROM (SELECT 1");
            x.sql("SELECT * FROM (NL: list the products) t");
        });
        attack("wrapped.sparkSchemaProbeWithInjectedModel", BOTH, x -> {
            REPLY.set("SELECT secret FROM bb_payroll");
            x.sql("SELECT * FROM (NL: list the payroll) SPARK_GEN_SUBQ_0 WHERE 1=0");
            REPLY.set("SELECT bb_side_effect() AS v");
            x.sql("SELECT * FROM (NL: how many) SPARK_GEN_SUBQ_1 WHERE 1=0");
        });
        attack("wrapped.denyModeWrapperReadsAnotherTable", BOTH, x -> {
            Connection deny = x.open(x.url(), "nl.passthrough", "deny");
            REPLY.set("SELECT title FROM bb_products");
            x.run(deny, "SELECT t.*, o.note FROM (NL: list the products) t, bb_orders o");
            x.run(deny, "SELECT t.*, (SELECT max(name) FROM bb_customers) AS n FROM (NL: list the products) t");
            x.run(deny, "SELECT secret FROM bb_payroll WHERE '(NL: list the products)' <> ''");
            String out = x.run(deny, "SELECT t.*, c.name FROM (NL: list the products) t, bb_customers c");
            x.require(!out.contains("alice"), "under deny the wrapper may read only the question's result: " + out);
            deny.close();
        });

        // -- follow-ups on the same connection: the edit is made on the previous SQL
        oracle("followup.filterOnMaskedValue", BOTH, x -> {
            x.nl("SELECT id, name FROM bb_customers", "list the customers");
            String right = x.rowsOf("NL: now only ssn 'SSNSECRET-111'");
            x.reset();
            x.nl("SELECT id, name FROM bb_customers", "list the customers");
            String wrong = x.rowsOf("NL: now only ssn 'SSNSECRET-999'");
            x.require(right.equals(wrong), "a masked value's filter answers the same whether it matches or not");
        });
        oracle("followup.sortByMaskedValue", BOTH, x -> {
            x.nl("SELECT id, name FROM bb_customers", "list the customers");
            String asc = x.rowsOf("NL: sorted by ssn");
            String desc = x.rowsOf("NL: sorted by ssn descending");
            // alice has the larger SSN: ordering by the real value puts bob first ascending and alice first descending.
            x.require(!(asc.startsWith("[2") && desc.startsWith("[1")), "sorting by a masked value reveals its order");
        });
        attack("followup.groupByMaskedValue", BOTH, x -> {
            x.nl("SELECT count(*) AS n FROM bb_customers", "how many customers");
            x.sql("NL: now by ssn");
        });
        attack("followup.replaceTheTenantFilter", BOTH, x -> {
            x.nl("SELECT note, amount FROM bb_orders", "list the orders");
            x.sql("NL: now only tenant_id 't2'");
            x.sql("NL: same for tenant 't2'");
            x.sql("NL: instead only tenant id 't2'");
            x.sql("NL: now without the tenant filter");
            x.sql("NL: now only note 'OTHER' or tenant_id 't2'");
        });
        attack("followup.byForeignKeyIntoTheDeniedTable", BOTH, x -> {
            x.nl("SELECT title FROM bb_products", "list the products");
            x.sql("NL: now by payroll secret");
            x.sql("NL: now by employee");
            x.sql("NL: same for payroll");
        });
        attack("followup.modelTurnAfterEditAsksForSecrets", BOTH, x -> {
            x.nl("SELECT note, amount FROM bb_orders", "list the orders");
            REPLY.set("SELECT o.note, p.secret FROM bb_orders o, bb_payroll p");
            x.sql("NL: and which of them are the secret ones?");
            REPLY.set("SELECT note FROM bb_orders WHERE tenant_id IN ('t1', 't2')");
            x.sql("NL: top 3");
            x.sql("NL: also for everyone else");
        });
        attack("followup.yearAndTopEditsKeepTheTenant", BOTH, x -> {
            x.nl("SELECT note, SUM(amount) AS total FROM bb_orders GROUP BY note", "total amount by note");
            x.sql("NL: top 5");
            x.sql("NL: count instead of sum");
            x.sql("NL: only amount more than 1");
        });

        // -- verified examples (NL REMEMBER / NL EXAMPLES / few-shot prompts)
        attack("examples.otherTenantsRememberedQuestionReachesThisTenant", BOTH, x -> {
            // Under a tenant filter, verified examples belong to the tenant that remembered them: SQL a t2 user
            // remembered, with its literals, must not reach t1's NL EXAMPLES, few-shot prompt or reuse.
            Properties t2 = x.admin();
            t2.setProperty("nl.tenant.value", "t2");
            Connection other = x.openWith(x.url(), t2);
            REPLY.set("SELECT o.note FROM bb_orders o JOIN bb_customers c ON c.id = o.customer_id WHERE c.name LIKE 'carol%'");
            x.aside(other, "NL: order notes of customer carol");
            x.aside(other, "NL REMEMBER");
            other.close();
            try {
                REPLY.set("SELECT note FROM bb_orders");
                String reused = x.awaitExample("NL: order notes of customer carol", "example");
                String listed = x.rowsOf("NL EXAMPLES");
                x.require(!reused.contains("example") && !listed.contains("carol"),
                        "a verified example remembered by another tenant is listed or reused");
                String out = x.rowsOf("NL: order notes of customer carol");
                x.require(markerIn(out) == null, "another tenant's row through its remembered example");
            } finally {
                x.forget(t2, "order notes of customer carol");
            }
        });
        attack("examples.permissiveAdminExampleReachesARestrictedUser", BOTH, x -> {
            // Examples belong to a tenant: an administrator of the same tenant without the deny or the mask.
            Properties wide = x.admin();
            wide.remove("nl.tables.deny");
            wide.remove("nl.columns.mask");
            Connection admin = x.openWith(x.url(), wide);
            REPLY.set("SELECT employee, secret FROM bb_payroll WHERE secret LIKE 'PAYROLL%'");
            x.aside(admin, "NL: payroll secrets of employees");
            x.aside(admin, "NL REMEMBER");
            admin.close();
            try {
                REPLY.set("SELECT title FROM bb_products");
                // Refused once this runtime's copy of the store holds the example (other runtimes see it within 2 s).
                String seen = x.awaitExample("NL: payroll secrets of employees", "42501");
                x.require(seen.contains("42501"), "the restricted runtime never saw the remembered example: " + seen);
                String listed = x.sql("NL EXAMPLES");
                x.require(!listed.toLowerCase(Locale.ROOT).contains("bb_payroll"),
                        "NL EXAMPLES shows a restricted user SQL over the table its policy denies");
                x.sql("NL: payroll secrets of employee");
                x.sql("NL: secrets of employees by payroll");
                x.require(!x.prompts().toLowerCase(Locale.ROOT).contains("bb_payroll"),
                        "a restricted user's prompt holds an example over the table its policy denies");
            } finally {
                x.forget(wide, "payroll secrets of employees");
            }
        });
        attack("examples.restrictedUserRemembersAnInjectedAnswer", BOTH, x -> {
            REPLY.set("SELECT o.note FROM bb_orders o UNION ALL SELECT p.secret FROM bb_payroll p");
            x.sql("NL: notes and secrets");
            x.sql("NL REMEMBER");
            REPLY.set("SELECT o.note FROM bb_orders o WHERE o.tenant_id <> 'x'");
            x.sql("NL: notes of everyone");
            x.sql("NL REMEMBER");
            x.sql("SELECT * FROM (NL: notes and secrets) t");
            x.sql("NL REMEMBER");
            // A permissive user asking the remembered question gets it through its own checkpoint: no write, no error.
            Connection admin = x.openWith(x.url(), x.permissive());
            x.aside(admin, "NL: notes of everyone");
            admin.close();
            REPLY.set("SELECT note FROM bb_orders");
            x.sql("NL: notes and secrets");
            x.sql("NL: notes of everyone");
            x.sql("NL FORGET: payroll secrets of employees");
            x.forget(x.admin(), "notes and secrets", "notes of everyone");
        });

        // -- the translation cache and prepared plans across connections with other policies
        attack("cache.permissiveConnectionsTranslationServedToRestricted", BOTH, x -> {
            Connection admin = x.openWith(x.url(), x.permissive());
            REPLY.set("SELECT c.name, c.ssn, o.note FROM bb_customers c JOIN bb_orders o ON o.customer_id = c.id");
            x.aside(admin, "NL: customers with their ssn and order notes");
            admin.close();
            REPLY.set("SELECT title FROM bb_products");
            x.sql("NL: customers with their ssn and order notes");
            x.sql("NL SHOWSQL: customers with their ssn and order notes");
        });
        attack("cache.otherTenantsTranslationServedToThisTenant", BOTH, x -> {
            Connection other = x.open(x.url(), "nl.tenant.value", "t2");
            REPLY.set("SELECT c.name, o.note FROM bb_customers c JOIN bb_orders o ON o.customer_id = c.id");
            x.aside(other, "NL: customer names with order notes");
            try (PreparedStatement ps = other.prepareStatement("NL: customer names with notes")) {
                int mark = x.evidence.length();
                x.execute(ps);
                x.evidence.setLength(mark);
            }
            other.close();
            x.clearEvidence();
            REPLY.set("SELECT title FROM bb_products");
            x.sql("NL: customer names with order notes");
            try (PreparedStatement ps = x.c.prepareStatement("NL: customer names with notes")) {
                x.execute(ps);
                x.see(String.valueOf(ps.getMetaData()));
            }
        });
        attack("cache.preparedPlanAfterSessionChange", BOTH, x -> {
            REPLY.set("SELECT name FROM bb_customers");
            try (PreparedStatement ps = x.c.prepareStatement("NL: list the customer names")) {
                x.execute(ps);
                x.sql(x.db == Db.PG ? "SET search_path TO " + HIDDEN : "USE " + HIDDEN);
                try {
                    if (x.db == Db.PG) {
                        x.c.setSchema(HIDDEN);
                    } else {
                        x.c.setCatalog(HIDDEN);
                    }
                } catch (SQLException e) {
                    x.see(e);
                }
                x.execute(ps);
                x.see(String.valueOf(ps.getMetaData()));
            }
        });

        // -- result column naming from the question's words
        attack("naming.questionWordsThatLookLikeSql", BOTH, x -> {
            x.nl("SELECT note, SUM(amount) FROM bb_orders GROUP BY note",
                    "total\" FROM bb_payroll; DELETE FROM bb_canary; -- amount by note");
            x.nl("SELECT note, SUM(amount) FROM bb_orders GROUP BY note", "total` , (SELECT secret FROM bb_payroll) `x by note");
            x.nl("SELECT note, COUNT(*) FROM bb_orders GROUP BY note", "ssn by note");
            x.nl("SELECT name, MAX(id) AS m FROM bb_customers GROUP BY name HAVING MAX(id) > 0 ORDER BY m", "ssn by name");
        });
        attack("naming.renamedAliasMeetsMaskedColumn", BOTH, x -> {
            x.nl("SELECT name, COUNT(*) AS n FROM bb_customers GROUP BY name ORDER BY n", "ssn per name");
            x.nl("SELECT c.name AS customer, c.id AS ssn FROM bb_customers c ORDER BY ssn", "customer ssn");
            x.nl("SELECT id, name AS ssn FROM bb_customers ORDER BY ssn", "list the ssn");
        });
        attack("naming.maskOnlyPolicyRenamedOrderBy", BOTH, x -> {
            // Without a tenant every tenant's rows are visible: only the masked value must stay hidden.
            Connection m = x.openWith(x.url(), x.maskOnly());
            String[][] asks = {{"SELECT id, name AS label FROM bb_customers ORDER BY ssn", "names by ssn"},
                {"SELECT id, ssn AS name FROM bb_customers", "customer names"},
                {"SELECT name AS ssn, id FROM bb_customers WHERE ssn LIKE 'S%'", "ssn"},
                {"SELECT c.name, c.ssn FROM bb_customers c", "customers"},
                {"SELECT name, COUNT(*) AS n FROM bb_customers GROUP BY name HAVING n > 0 ORDER BY n", "ssn by name"},
                {"SELECT c.id AS ssn, c.ssn AS id FROM bb_customers c ORDER BY 1", "ssn and id of customers"},
                {"SELECT t.s FROM (SELECT ssn AS s FROM bb_customers) t", "the s of customers"}};
            for (String[] a : asks) {
                REPLY.set(a[0]);
                String out = x.aside(m, "NL: " + a[1]) + x.aside(m, "SELECT * FROM (NL: " + a[1] + ") t");
                x.require(!out.toUpperCase(Locale.ROOT).contains("SSNSECRET"), "a masked value in clear: " + a[0]);
            }
            m.close();
        });

        // -- limits: timeout, rows, bytes
        attack("limits.statementTimeoutZeroDoesNotLiftTheTimeout", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.queryTimeoutSeconds", "2");
            String heavy = x.db == Db.PG
                    ? "SELECT count(*) AS n FROM generate_series(1, 2000000000) g"
                    : "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2000000000) SELECT count(*) AS n FROM r";
            REPLY.set(heavy);
            for (int timeout : new int[] {0, Integer.MAX_VALUE}) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(timeout);
                    long t0 = System.nanoTime();
                    x.runWithWatchdog(s, "NL: how many numbers", 20);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    x.require(ms < 12_000, "setQueryTimeout(" + timeout + ") lifted the 2 s limit: ran " + ms + " ms");
                }
            }
            c.close();
        });
        attack("limits.rowLimitBypasses", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.maxRows", "5");
            String gen = x.db == Db.PG ? "generate_series(1, 100) g(n)"
                    : "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) SELECT n FROM r) g";
            List<String> sqls = new ArrayList<>(List.of(
                    "SELECT n FROM " + gen + " LIMIT 100",
                    "SELECT n FROM " + gen + " ORDER BY n FETCH FIRST 100 ROWS ONLY",
                    "SELECT n FROM " + gen + " UNION ALL SELECT n FROM " + gen,
                    "(SELECT n FROM " + gen + " LIMIT 100)",
                    "SELECT n FROM " + gen + " LIMIT 100 OFFSET 0"));
            if (x.db == Db.PG) {
                sqls.add("SELECT n FROM " + gen + " LIMIT ALL");
                sqls.add("SELECT n FROM " + gen + " LIMIT NULL");
                sqls.add("SELECT n FROM " + gen + " LIMIT (SELECT 100)");
            } else {
                sqls.add("SELECT n FROM " + gen + " LIMIT 0, 100");
                sqls.add("SELECT n FROM " + gen + " LIMIT 18446744073709551615");
            }
            for (String sql : sqls) {
                REPLY.set(sql);
                try (Statement s = c.createStatement()) {
                    s.setMaxRows(0);
                    s.setFetchSize(1000);
                    String out = x.run(s, "NL: list the numbers");
                    x.require(x.rowCount(out) <= 5, "more than nl.maxRows rows: " + x.rowCount(out) + " for " + sql);
                }
                String out = x.run(c, "SELECT t.* FROM (NL: list the numbers) t");
                x.require(x.rowCount(out) <= 5, "more than nl.maxRows rows through a wrapper: " + x.rowCount(out));
                out = x.run(c, "SELECT n FROM " + gen);
                x.require(x.rowCount(out) <= 5, "more than nl.maxRows rows of plain SQL: " + x.rowCount(out));
            }
            c.close();
        });
        attack("limits.resultBytes", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.maxResultBytes", "20000");
            String gen = x.db == Db.PG ? "generate_series(1, 200) g(n)"
                    : "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 200) SELECT n FROM r) g";
            REPLY.set("SELECT n, repeat('x', 5000) AS pad FROM " + gen);
            String out = x.run(c, "NL: list padded numbers");
            x.require(x.rowCount(out) * 5000L <= 40000L, "far more bytes than nl.maxResultBytes: " + x.rowCount(out) + " rows");
            c.close();
        });

        // -- the URL belongs to the user: it may narrow the policy, never widen it
        for (String q : new String[] {"nl.tenant.value=t2", "nl.tenant.value=t1&nl.tenant.value=t2",
            "nl.tenant.value=t2&nl.tenant.value=t1", "nl%2Etenant%2Evalue=t2", "NL.TENANT.VALUE=t2", "nl.tenant.column=id",
            "nl.tenant.column=", "nl.passthrough=allow", "nl.passthrough=deny&nl.passthrough=allow", "nl.tables.deny=",
            "nl.columns.mask=", "nl.tables.allow=bb_payroll", "nl.tables.allow=bb_*", "nl.catalog.schemas=" + HIDDEN,
            "nl.catalog.schemas=" + MAIN + "," + HIDDEN, "nl.systemCatalogs=true", "nl.config=/etc/hostname",
            "nl.queryTimeoutSeconds=0", "nl.maxRows=0", "nl.maxRows=100000000", "nl.role=postgres"}) {
            attack("url." + q, BOTH, x -> x.urlAttack(x.url() + "&" + q));
        }
        attack("url.h2StyleSegmentOnAServerUrl", BOTH, x -> {
            x.urlAttack(x.url() + ";nl.passthrough=allow");
            x.urlAttack(x.url() + "&x=1;nl.tenant.value=t2");
        });
        attack("url.defaultNamespaceIsTheHiddenOne", BOTH, x -> {
            String u = x.db == Db.PG ? x.url().replace("currentSchema=" + MAIN, "currentSchema=" + HIDDEN)
                    : x.url().replace("/" + MAIN + "?", "/" + HIDDEN + "?");
            x.urlAttack(u);
            if (x.db == Db.PG) {
                x.urlAttack(x.url() + "&options=-c%20search_path%3D" + HIDDEN + "," + MAIN);
                x.urlAttack(x.url().replace("currentSchema=" + MAIN, "currentSchema=" + HIDDEN + "," + MAIN));
            }
        });
        attack("url.delegateSessionOptions", BOTH, x -> {
            if (x.db == Db.PG) {
                x.urlAttack(x.url() + "&options=-c%20default_transaction_read_only%3Doff");
                x.urlAttack(x.url() + "&options=-c%20standard_conforming_strings%3Doff");
                x.urlAttack(x.url() + "&readOnly=false&readOnlyMode=ignore");
            } else {
                x.urlAttack(x.url() + "&allowMultiQueries=true");
                x.urlAttack(x.url() + "&sessionVariables=sql_mode=ANSI_QUOTES");
                x.urlAttack(x.url() + "&sessionVariables=transaction_read_only=0");
                x.urlAttack(x.url() + "&useServerPrepStmts=true");
            }
        });

        // -- metadata under readonly: the denied table is not listed (README promises getTables and getColumns)
        attack("meta.getTablesAndGetColumnsHideTheDeniedTable", BOTH, x -> {
            DatabaseMetaData md = x.c.getMetaData();
            for (String p : new String[] {"bb_payroll", "BB_PAYROLL", "bb\\_payroll", "bb_payrol_", "%payroll%", "%", "bb%"}) {
                for (String schema : new String[] {null, "%", MAIN}) {
                    String cat = x.db == Db.MY ? schema : null;
                    String sch = x.db == Db.PG ? schema : null;
                    Set<String> t = x.names(md.getTables(cat, sch, p, null));
                    x.require(!t.contains("bb_payroll"), "getTables(" + p + ") lists the denied table");
                    if (t.contains("bb_payroll_view")) {
                        note(x.db + ": getTables lists bb_payroll_view, a view over the denied table (queries on it are refused)");
                    }
                    Set<String> c = x.names(md.getColumns(cat, sch, p, "%"));
                    x.require(!c.contains("bb_payroll"), "getColumns(" + p + ") lists the denied table");
                }
            }
        });
        attack("meta.otherCallsOnTheDeniedTable", BOTH, x -> {
            DatabaseMetaData md = x.c.getMetaData();
            String cat = x.db == Db.MY ? MAIN : null;
            String sch = x.db == Db.PG ? MAIN : null;
            StringBuilder all = new StringBuilder();
            all.append(x.table(md.getPrimaryKeys(cat, sch, "bb_payroll")));
            all.append(x.table(md.getIndexInfo(cat, sch, "bb_payroll", false, true)));
            all.append(x.table(md.getImportedKeys(cat, sch, "bb_products")));
            all.append(x.table(md.getExportedKeys(cat, sch, "bb_payroll")));
            all.append(x.table(md.getTablePrivileges(cat, sch, "bb_payroll")));
            all.append(x.table(md.getColumnPrivileges(cat, sch, "bb_payroll", "%")));
            all.append(x.table(md.getBestRowIdentifier(cat, sch, "bb_payroll", DatabaseMetaData.bestRowSession, true)));
            all.append(x.table(md.getVersionColumns(cat, sch, "bb_payroll")));
            if (all.toString().toLowerCase(Locale.ROOT).contains("bb_payroll")) {
                note(x.db + ": DatabaseMetaData beyond getTables/getColumns names the denied table (structure only)");
            }
        });

        // -- NL EXPLAIN and NL SHOWSQL
        attack("explain.plainSqlThatWrites", BOTH, x -> {
            x.sql("NL EXPLAIN: SELECT 1; DELETE FROM bb_canary");
            x.sql("NL EXPLAIN: DELETE FROM bb_canary");
            x.sql("NL EXPLAIN: SELECT bb_side_effect()");
            x.sql("NL EXPLAIN: SELECT title FROM bb_products WHERE bb_side_effect() > 0");
            if (x.db == Db.PG) {
                x.sql("NL EXPLAIN: WITH d AS (DELETE FROM bb_canary RETURNING id) SELECT id FROM d");
                x.sql("NL EXPLAIN: EXPLAIN ANALYZE DELETE FROM bb_canary");
                x.sql("NL EXPLAIN: SELECT nextval('bb_seq')");
            } else {
                x.sql("NL EXPLAIN: SELECT NEXTVAL(bb_seq)");
                x.sql("NL EXPLAIN: SELECT * FROM (SELECT bb_side_effect() AS v) d");
            }
        });
        attack("explain.plainSqlOverProtectedData", BOTH, x -> {
            x.sql("NL EXPLAIN: SELECT secret FROM bb_payroll");
            x.sql("NL EXPLAIN: SELECT CAST(secret AS int) FROM bb_payroll");
            x.sql("NL EXPLAIN: SELECT ssn FROM bb_customers");
            x.sql("NL EXPLAIN: SELECT note FROM bb_orders WHERE tenant_id = 't2'");
            x.sql("NL EXPLAIN: SELECT secret FROM bb_hidden");
            x.sql("NL EXPLAIN: SELECT secret FROM " + HIDDEN + ".bb_hidden");
        });
        attack("explain.statisticsOracleOnTheDeniedTable", PG_ONLY, x -> {
            String a = x.rowsOf("NL EXPLAIN: SELECT employee FROM bb_payroll WHERE employee = 'alice'").replace("alice", "LIT");
            String b = x.rowsOf("NL EXPLAIN: SELECT employee FROM bb_payroll WHERE employee = 'zzzzz'").replace("zzzzz", "LIT");
            x.require(a.equals(b), "the explanation of a denied table's query depends on its data");
        });
        attack("explain.questionWhoseModelSqlWrites", BOTH, x -> {
            REPLY.set("SELECT 1; DELETE FROM bb_canary");
            x.sql("NL EXPLAIN: how many canaries");
            REPLY.set("SELECT bb_side_effect() AS v");
            x.sql("NL EXPLAIN: how many canaries");
            x.sql("NL SHOWSQL: how many canaries");
            REPLY.set("SELECT secret FROM bb_payroll");
            x.sql("NL SHOWSQL: list the payroll");
            x.sql("NL EXPLAIN: list the payroll");
        });
        attack("showsql.costExplainOverTheRewrittenSql", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.cost.explain", "true");
            REPLY.set("SELECT note FROM bb_orders WHERE note LIKE 'OTHER%'");
            x.run(c, "NL SHOWSQL: notes starting with other");
            x.run(c, "NL: notes starting with other");
            REPLY.set("SELECT name FROM bb_customers WHERE ssn IS NOT NULL");
            x.run(c, "NL SHOWSQL: customers with an ssn");
            c.close();
        });

        // -- what reaches the prompt: denied tables, masked values, other tenants, views, comments
        attack("prompt.neutralQuestionShowsNoProtectedName", BOTH, x -> {
            int before = llm.requests().size();
            x.nl("SELECT title FROM bb_products", "list all product titles please");
            for (int i = before; i < llm.requests().size(); i++) {
                String p = llm.promptText(i).toLowerCase(Locale.ROOT);
                x.require(!p.contains("bb_payroll"), "the prompt names the denied table");
                x.require(!p.contains(HIDDEN.toLowerCase(Locale.ROOT)), "the prompt names the hidden namespace");
            }
        });
        attack("views.viewOverTheTenantTableWithoutItsTenantColumn", BOTH, x -> {
            x.nl("SELECT name FROM bb_cust_view", "list the customer names from the view");
            x.sql("SELECT name FROM bb_cust_view");
        });
        attack("views.viewExposingTheMaskedColumn", BOTH, x -> {
            x.nl("SELECT id, ssn FROM bb_cust_view", "list the ssn from the view");
            x.sql("SELECT ssn FROM bb_cust_view");
        });
        attack("views.viewOverTheDeniedTable", BOTH, x -> {
            x.nl("SELECT employee, secret FROM bb_payroll_view", "list the payroll view");
            x.sql("SELECT secret FROM bb_payroll_view");
        });

        attack("views.viewOverAViewOverTheDeniedTable", BOTH, x -> {
            x.nl("SELECT employee, secret FROM bb_payroll_view2", "list the second payroll view");
        });
        attack("views.viewThatReadsTheDeniedTableThroughAFunction", BOTH, x -> {
            x.nl("SELECT id, s FROM bb_fn_view", "list the function view");
            x.nl("SELECT * FROM bb_fn_view", "everything in the function view");
        });
        attack("views.viewThatReadsTheTenantTableThroughAFunction", BOTH, x -> {
            x.nl("SELECT id, n FROM bb_fn_name_view", "list the names of the name view");
        });
        attack("views.viewOverTheTenantTableThroughASetReturningFunction", PG_ONLY, x -> {
            x.nl("SELECT id, name, ssn FROM bb_fn_cust_view", "list the customers of the function view");
        });
        attack("views.materializedViewOverTheTenantTable", PG_ONLY, x -> {
            x.nl("SELECT id, name, ssn FROM bb_cust_mv", "list the customers of the materialized view");
        });
        attack("views.viewOverATableOutsideTheCatalogSchemas", BOTH, x -> {
            String out = x.nl("SELECT secret FROM bb_hid_view", "list the secrets of the other namespace's view");
            if (markerIn(out) != null) {
                note(x.db + ": a view over a table outside nl.catalog.schemas is readable (SECURITY.md promises hiding only"
                        + " views over denied or not-allowed tables)");
                x.evidence.setLength(0);
            }
        });

        // -- tenant and mask names in another case where the database compares names without case
        attack("names.tenantColumnAndMaskedColumnInAnotherCase", MY_ONLY, x -> {
            x.nl("SELECT id, name, Ssn FROM bb_staff", "list the staff");
            x.nl("SELECT * FROM bb_staff", "everything about the staff");
            x.nl("SELECT s.name FROM bb_staff s WHERE s.SSN LIKE 'SSN%'", "staff names");
        });

        // -- plain SQL runs under a policy without a tenant (with one, plain SQL is refused outright)
        attack("plain.defaultNamespaceIsTheHiddenOne", BOTH, x -> {
            String u = x.db == Db.PG ? x.url().replace("currentSchema=" + MAIN, "currentSchema=" + HIDDEN + "," + MAIN)
                    : x.url().replace("/" + MAIN + "?", "/" + HIDDEN + "?");
            Connection m = x.openWith(u, x.maskOnly());
            x.maskOnlyCheck(m, "SELECT name, ssn FROM bb_customers");
            x.maskOnlyCheck(m, "SELECT * FROM bb_customers");
            REPLY.set("SELECT name, ssn FROM bb_customers");
            x.maskOnlyCheck(m, "NL: customers");
            x.maskOnlyCheck(m, "SELECT * FROM (NL: customers) t");
        });
        attack("plain.searchPathPutsAShadowFunctionBeforePgCatalog", PG_ONLY, x -> {
            String u = x.url().replace("currentSchema=" + MAIN, "currentSchema=" + HIDDEN + ",pg_catalog," + MAIN);
            Connection m = x.openWith(u, x.maskOnly());
            x.maskOnlyCheck(m, "SELECT lower(title) AS t FROM bb_products");
            x.maskOnlyCheck(m, "SELECT upper(title) AS t FROM bb_products");
            REPLY.set("SELECT lower(title) AS t, upper(title) AS u FROM bb_products");
            x.maskOnlyCheck(m, "NL: product titles in lower case");
            x.maskOnlyCheck(m, "SELECT * FROM (NL: product titles in lower case) t");
            Connection t = x.openWith(u, x.admin());
            x.run(t, "NL: product titles in lower case");
            try (PreparedStatement ps = t.prepareStatement("NL: product titles in lower case")) {
                x.execute(ps);
            }
        });
        attack("plain.sessionSearchPathShadowFunction", PG_ONLY, x -> {
            Connection m = x.openWith(x.url(), x.maskOnly());
            x.maskOnlyCheck(m, "SET search_path TO " + HIDDEN + ", pg_catalog, " + MAIN);
            x.maskOnlyCheck(m, "SELECT set_config('search_path', '" + HIDDEN + ",pg_catalog," + MAIN + "', false)");
            x.maskOnlyCheck(m, "SELECT lower(title) AS t FROM bb_products");
            REPLY.set("SELECT lower(title) AS t FROM bb_products");
            x.maskOnlyCheck(m, "NL: product titles in lower case");
        });
        attack("plain.maskOnlySessionAttacks", BOTH, x -> {
            Connection m = x.openWith(x.url(), x.maskOnly());
            String[] sqls = x.db == Db.PG
                    ? new String[] {"SET search_path TO " + HIDDEN, "SELECT name, ssn FROM bb_customers",
                        "SELECT secret FROM bb_hidden", "RESET ALL", "SELECT name, ssn FROM bb_customers"}
                    : new String[] {"USE " + HIDDEN, "SELECT name, ssn FROM bb_customers", "SELECT secret FROM bb_hidden",
                        "SET SESSION sql_mode = 'ANSI_QUOTES'", "SELECT \"ssn\" FROM bb_customers"};
            for (String q : sqls) {
                x.maskOnlyCheck(m, q);
            }
            try {
                if (x.db == Db.PG) {
                    m.setSchema(HIDDEN);
                } else {
                    m.setCatalog(HIDDEN);
                }
            } catch (SQLException e) {
                x.see(e);
            }
            x.maskOnlyCheck(m, "SELECT name, ssn FROM bb_customers");
            REPLY.set("SELECT name, ssn FROM bb_customers");
            x.maskOnlyCheck(m, "NL: customers");
        });

        // -- limits through prepared and wrapped statements
        attack("limits.preparedAndWrappedStatementsKeepTheLimits", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.maxRows", "5", "nl.queryTimeoutSeconds", "2");
            String gen = x.db == Db.PG ? "generate_series(1, 100) g(n)"
                    : "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) SELECT n FROM r) g";
            REPLY.set("SELECT n FROM " + gen + " LIMIT 100");
            try (PreparedStatement ps = c.prepareStatement("NL: list the numbers")) {
                ps.setMaxRows(0);
                x.execute(ps);
                x.require(x.rowCount(x.lastOut) <= 5, "a prepared question returned more than nl.maxRows");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT t.n FROM (NL: list the numbers) t CROSS JOIN "
                    + gen.replace(" g", " h"))) {
                x.execute(ps);
                x.require(x.rowCount(x.lastOut) <= 5, "a prepared wrapper returned more than nl.maxRows");
            }
            String heavy = x.db == Db.PG
                    ? "SELECT count(*) AS n FROM generate_series(1, 2000000000) g"
                    : "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2000000000) SELECT count(*) AS n FROM r";
            REPLY.set(heavy);
            try (PreparedStatement ps = c.prepareStatement("NL: how many numbers are there")) {
                ps.setQueryTimeout(0);
                long t0 = System.nanoTime();
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
                ScheduledFuture<?> f = timer.schedule(() -> {
                    try {
                        ps.cancel();
                    } catch (SQLException e) {
                        // best effort
                    }
                }, 20, TimeUnit.SECONDS);
                x.execute(ps);
                f.cancel(false);
                timer.shutdownNow();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                x.require(ms < 12_000, "a prepared question with setQueryTimeout(0) ran " + ms + " ms past a 2 s limit");
            }
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(0);
                long t0 = System.nanoTime();
                x.runWithWatchdog(s, "SELECT * FROM (NL: how many numbers are there) t", 20);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                x.require(ms < 12_000, "a wrapped question with setQueryTimeout(0) ran " + ms + " ms past a 2 s limit");
            }
            c.close();
        });

        // -- the LLM-free translator: the question's words and values
        attack("symbolic.quotedValuesThatLookLikeSql", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.symbolic.minConfidence", "0.3");
            x.run(c, "NL: How many customers are named 'x'' OR ''a''=''a'?");
            x.run(c, "NL: How many customers are named 'x\\' OR 1=1 -- '?");
            x.run(c, "NL: How many orders have note 'x'') UNION SELECT secret FROM bb_payroll --'?");
            x.run(c, "NL: How many orders per tenant id?");
            x.run(c, "NL: List orders with tenant id 't2'");
            x.run(c, "NL: Number of customers by ssn");
            x.run(c, "NL: How many payroll rows are there?");
            c.close();
        });
        oracle("symbolic.maskedValueFilterOracle", BOTH, x -> {
            Connection c = x.open(x.url(), "nl.symbolic.minConfidence", "0.3");
            String right = x.rowsOf(c, "NL: How many customers have ssn 'SSNSECRET-111'?");
            String wrong = x.rowsOf(c, "NL: How many customers have ssn 'SSNSECRET-999'?");
            x.require(right.equals(wrong), "a masked value's filter answers differently when it matches");
            c.close();
        });

        // -- statement forms and their detection
        attack("forms.formMarkersHiddenInCommentsAndStrings", BOTH, x -> {
            x.sql("-- NL: list things\nSELECT secret FROM bb_payroll");
            x.sql("/* NL: */ SELECT secret FROM bb_payroll");
            x.sql("SELECT 'NL: x' AS a, secret FROM bb_payroll");
            REPLY.set("SELECT secret FROM bb_payroll");
            x.sql("/* x */ NL: list the payroll");
            x.sql("NL:list the payroll");
            x.sql("nl showsql : list the payroll");
            x.sql("\uFEFFNL: list the payroll");
            x.sql("NL\u00A0SHOWSQL: list the payroll");
        });
        attack("forms.questionInEveryExecuteMethod", BOTH, x -> {
            REPLY.set("SELECT o.note FROM bb_orders o WHERE o.tenant_id <> 't1' OR 1 = 1");
            try (Statement s = x.c.createStatement()) {
                try {
                    x.see("executeUpdate " + s.executeUpdate("NL: list the notes"));
                } catch (SQLException e) {
                    x.see(e);
                }
                try {
                    s.addBatch("NL: list the notes");
                    x.see("batch " + java.util.Arrays.toString(s.executeBatch()));
                } catch (SQLException e) {
                    x.see(e);
                }
                try {
                    x.see("execute " + s.execute("NL: list the notes", Statement.RETURN_GENERATED_KEYS));
                    x.collect(s);
                } catch (SQLException e) {
                    x.see(e);
                }
            }
            try (PreparedStatement ps = x.c.prepareStatement("NL: list the notes", new String[] {"note"})) {
                x.execute(ps);
            }
        });
    }

    /** A number whose text is SQL: what a report's custom parameter type could hand the driver. */
    static final class SqlNumber extends Number {
        private final String text;

        SqlNumber(String text) {
            this.text = text;
        }

        @Override
        public int intValue() {
            return 1;
        }

        @Override
        public long longValue() {
            return 1;
        }

        @Override
        public float floatValue() {
            return 1;
        }

        @Override
        public double doubleValue() {
            return 1;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    // ---- the run -------------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> postgresql() throws Exception {
        return run(Db.PG);
    }

    @TestFactory
    Stream<DynamicTest> mariadb() throws Exception {
        return run(Db.MY);
    }

    private Stream<DynamicTest> run(Db db) throws Exception {
        Path jar = Path.of(System.getProperty("nljdbc.bundledJar", "missing"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "bundled jar not built: " + jar);
        startOnce();
        setUp(db);
        List<DynamicTest> tests = new ArrayList<>();
        for (Attack a : ATTACKS) {
            if (a.on().contains(db)) {
                tests.add(DynamicTest.dynamicTest(db + " " + a.name(), () -> runAttack(db, a)));
            }
        }
        return tests.stream();
    }

    private static synchronized void startOnce() {
        if (llm != null) {
            return;
        }
        llm = ScriptedLlmServer.start();
        llm.otherwise(req -> ScriptedLlmServer.completion(REPLY.get()));
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                LOGS.append(r.getLoggerName()).append(' ').append(r.getMessage()).append(' ');
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        LOGS.append(p).append(' ');
                    }
                }
                if (r.getThrown() != null) {
                    LOGS.append(r.getThrown()).append(' ');
                }
                LOGS.append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // The JVM's default level (INFO): what an administrator's logging keeps, the audit trail included. The
        // console keeps warnings only: the oracle attacks' audit lines hold the values they guess.
        for (Handler console : Logger.getLogger("").getHandlers()) {
            console.setLevel(java.util.logging.Level.WARNING);
        }
        Logger.getLogger("").addHandler(h);
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr), true, StandardCharsets.UTF_8));
    }

    /** System.err as it was, with a copy into the captured logs (slf4j-simple writes there). */
    private static final class TeeStream extends OutputStream {
        private final PrintStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        TeeStream(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            line.write(b);
            if (b == '\n') {
                LOGS.append(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }

    private static void runAttack(Db db, Attack a) throws Exception {
        RAN.incrementAndGet();
        Ctx x = new Ctx(db);
        x.promptStart = llm.requests().size();
        LOGS.setLength(0);
        String before = state(db);
        REPLY.set("SELECT 1");
        try {
            x.c = x.open(x.url());
            a.body().run(x);
        } catch (SQLException e) {
            x.see(e);
        } finally {
            x.postCheck();
            x.closeAll();
            x.wipeExamples();
        }
        String after = state(db);
        List<String> problems = new ArrayList<>(x.problems);
        if (!before.equals(after)) {
            problems.add("side effect: database state " + before + " became " + after);
        }
        if (!a.typesSecrets()) {
            String where = markerIn(x.evidence.toString());
            if (where != null) {
                problems.add("marker " + where + " in results, warnings or errors the attacker saw");
            }
            where = markerIn(x.postEvidence.toString());
            if (where != null) {
                problems.add("marker " + where + " in the post-check on the same connection (the policy no longer holds)");
            }
            where = markerIn(LOGS.toString());
            if (where != null) {
                problems.add("marker " + where + " in the logs");
            }
            where = markerIn(x.prompts());
            if (where != null) {
                problems.add("marker " + where + " in a prompt sent to the model");
            }
        } else {
            String where = markerIn(x.postEvidence.toString());
            if (where != null) {
                problems.add("marker " + where + " in the post-check on the same connection");
            }
        }
        if (!problems.isEmpty() && System.getenv("BB_DEBUG_DIR") != null) {
            // Local debugging only: the full evidence, never part of the test's own output.
            Path dir = Path.of(System.getenv("BB_DEBUG_DIR"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(db + "_" + a.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".txt"),
                    "EVIDENCE\n" + x.evidence + "\nSIDE\n" + x.side + "\nPOST\n" + x.postEvidence + "\nLOGS\n" + LOGS + "\nPROMPTS\n" + x.prompts());
        }
        if (!problems.isEmpty()) {
            fail("LEAK " + db + " " + a.name() + ": " + String.join("; ", problems));
        }
    }

    private static String markerIn(String text) {
        String up = text.toUpperCase(Locale.ROOT);
        for (String m : MARKERS) {
            if (up.contains(m)) {
                return m;
            }
        }
        return null;
    }

    private static synchronized void note(String s) {
        if (!NOTES.contains(s)) {
            NOTES.add(s);
        }
    }

    @AfterAll
    static void tearDown() {
        if (llm != null) {
            llm.close();
        }
        if (originalErr != null) {
            System.setErr(originalErr);
        }
        for (Db db : BASE.keySet()) {
            try {
                dropAll(db);
            } catch (SQLException e) {
                System.out.println("cleanup of " + db + " failed: " + e.getMessage());
            }
        }
        System.out.println("BlackBoxRedTeamIT: " + RAN.get() + " attack runs over " + ATTACKS.size() + " named attacks");
        for (String n : NOTES) {
            System.out.println("  note: " + n);
        }
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------

    private static String base(Db db) {
        return BASE.computeIfAbsent(db, d -> TestDatabases.server(d == Db.PG ? Target.POSTGRESQL : Target.MARIADB));
    }

    static String rawUrl(Db db, String namespace) {
        String b = base(db);
        if (db == Db.PG) {
            return b + (b.contains("?") ? "&" : "?") + "currentSchema=" + namespace;
        }
        return b.replaceFirst("/test(\\?|$)", "/" + namespace + "$1");
    }

    private static void dropAll(Db db) throws SQLException {
        try (Connection c = DriverManager.getConnection(base(db)); Statement s = c.createStatement()) {
            for (String ns : new String[] {MAIN, HIDDEN, EXAMPLES}) {
                s.execute(db == Db.PG ? "DROP SCHEMA IF EXISTS " + ns + " CASCADE" : "DROP DATABASE IF EXISTS " + ns);
            }
        }
    }

    private static void setUp(Db db) throws SQLException {
        dropAll(db);
        List<String> sql = new ArrayList<>();
        boolean pg = db == Db.PG;
        String text = pg ? "text" : "varchar(60)";
        for (String ns : new String[] {MAIN, HIDDEN, EXAMPLES}) {
            sql.add(pg ? "CREATE SCHEMA " + ns : "CREATE DATABASE " + ns);
        }
        sql.add(pg ? "SET search_path TO " + MAIN : "USE " + MAIN);
        sql.add("CREATE TABLE bb_payroll (id int PRIMARY KEY, employee " + text + ", secret " + text + ")");
        sql.add("INSERT INTO bb_payroll VALUES (1, 'alice', 'PAYROLLSECRET-1')");
        sql.add("CREATE TABLE bb_customers (id int PRIMARY KEY, name " + text + ", ssn " + text + ", tenant_id " + text + ")");
        // alice's SSN sorts after bob's, so ordering by the real value differs from ordering by id or name.
        sql.add("INSERT INTO bb_customers VALUES (1, 'alice', 'SSNSECRET-222', 't1'), (2, 'bob', 'SSNSECRET-111', 't1'), "
                + "(3, 'carol-OTHERTENANT', 'SSNSECRET-333', 't2'), (4, 'nobody-OTHERTENANT', 'SSNSECRET-444', NULL)");
        sql.add("CREATE TABLE bb_orders (id int PRIMARY KEY, customer_id int REFERENCES bb_customers(id), amount int, note "
                + text + ", tenant_id " + text + ")");
        sql.add("INSERT INTO bb_orders VALUES (1, 1, 10, 'ok-one', 't1'), (2, 2, 20, 'ok-two', 't1'), "
                + "(3, 3, 77777, 'OTHERTENANT-note', 't2')");
        sql.add("CREATE TABLE bb_products (id int PRIMARY KEY, title " + text + ", payroll_id int REFERENCES bb_payroll(id))");
        sql.add("INSERT INTO bb_products VALUES (1, 'widget', 1), (2, 'gadget', NULL)");
        sql.add("CREATE TABLE bb_canary (id int)");
        sql.add("INSERT INTO bb_canary VALUES (1)");
        sql.add("CREATE VIEW bb_cust_view AS SELECT id, name, ssn FROM bb_customers");
        sql.add("CREATE VIEW bb_payroll_view AS SELECT employee, secret FROM bb_payroll");
        sql.add("CREATE SEQUENCE bb_seq");
        sql.add("CREATE VIEW bb_payroll_view2 AS SELECT * FROM bb_payroll_view");
        sql.add("CREATE TABLE bb_staff (id int PRIMARY KEY, name " + text + ", Ssn " + text + ", Tenant_Id " + text + ")");
        sql.add("INSERT INTO bb_staff VALUES (1, 'stan', 'SSNSECRET-staff-1', 't1'), (2, 'OTHERTENANT-staff', 'SSNSECRET-staff-2', 't2')");
        if (pg) {
            sql.add("COMMENT ON TABLE bb_payroll IS 'PAYROLLSECRET in a comment'");
            sql.add("CREATE FUNCTION bb_side_effect() RETURNS int LANGUAGE sql AS 'INSERT INTO " + MAIN
                    + ".bb_canary VALUES (9) RETURNING id'");
            sql.add("CREATE PROCEDURE bb_proc() LANGUAGE sql AS 'DELETE FROM " + MAIN + ".bb_canary'");
            sql.add("CREATE FUNCTION bb_secret_of(i int) RETURNS text LANGUAGE sql STABLE AS 'SELECT secret FROM " + MAIN
                    + ".bb_payroll WHERE id = i'");
            sql.add("CREATE VIEW bb_fn_view AS SELECT id, bb_secret_of(id) AS s FROM bb_products");
            sql.add("CREATE FUNCTION bb_name_of(i int) RETURNS text LANGUAGE sql STABLE AS 'SELECT max(name) FROM " + MAIN
                    + ".bb_customers WHERE id > i'");
            sql.add("CREATE VIEW bb_fn_name_view AS SELECT id, bb_name_of(id) AS n FROM bb_products");
            sql.add("CREATE FUNCTION bb_all_customers() RETURNS SETOF bb_customers LANGUAGE sql STABLE AS 'SELECT * FROM " + MAIN
                    + ".bb_customers'");
            sql.add("CREATE VIEW bb_fn_cust_view AS SELECT id, name, ssn FROM bb_all_customers()");
            sql.add("CREATE MATERIALIZED VIEW bb_cust_mv AS SELECT id, name, ssn FROM bb_customers");
            sql.add("CREATE TABLE " + HIDDEN + ".bb_hidden (id int, secret text)");
            sql.add("CREATE FUNCTION " + HIDDEN + ".lower(text) RETURNS text LANGUAGE sql STABLE AS 'SELECT secret FROM " + MAIN
                    + ".bb_payroll LIMIT 1'");
            sql.add("CREATE FUNCTION " + HIDDEN + ".upper(text) RETURNS text LANGUAGE sql AS 'INSERT INTO " + MAIN
                    + ".bb_canary VALUES (11) RETURNING id::text'");
            sql.add("INSERT INTO " + HIDDEN + ".bb_hidden VALUES (1, 'HIDDENSECRET-1')");
            sql.add("CREATE VIEW bb_hid_view AS SELECT secret FROM " + HIDDEN + ".bb_hidden");
            sql.add("CREATE TABLE " + HIDDEN + ".bb_customers (id int, name text, ssn text, tenant_id text)");
            sql.add("INSERT INTO " + HIDDEN + ".bb_customers VALUES (1, 'HIDDENSECRET-lookalike', 'HIDDENSECRET-ssn', 't1')");
            // Skewed statistics: an estimate that follows them would tell which values the denied table holds.
            sql.add("INSERT INTO bb_payroll SELECT g, 'alice', 'PAYROLLSECRET-x' FROM generate_series(2, 300) g");
            sql.add("ANALYZE bb_payroll");
        } else {
            sql.add("ALTER TABLE bb_payroll COMMENT = 'PAYROLLSECRET in a comment'");
            sql.add("CREATE FUNCTION bb_side_effect() RETURNS int MODIFIES SQL DATA BEGIN INSERT INTO " + MAIN
                    + ".bb_canary VALUES (9); RETURN 1; END");
            sql.add("CREATE PROCEDURE bb_proc() MODIFIES SQL DATA DELETE FROM " + MAIN + ".bb_canary");
            sql.add("CREATE FUNCTION bb_secret_of(i int) RETURNS varchar(60) READS SQL DATA RETURN (SELECT secret FROM " + MAIN
                    + ".bb_payroll WHERE id = i)");
            sql.add("CREATE VIEW bb_fn_view AS SELECT id, bb_secret_of(id) AS s FROM bb_products");
            sql.add("CREATE FUNCTION bb_name_of(i int) RETURNS varchar(60) READS SQL DATA RETURN (SELECT max(name) FROM " + MAIN
                    + ".bb_customers WHERE id > i)");
            sql.add("CREATE VIEW bb_fn_name_view AS SELECT id, bb_name_of(id) AS n FROM bb_products");
            sql.add("CREATE TABLE " + HIDDEN + ".bb_hidden (id int, secret varchar(60))");
            sql.add("INSERT INTO " + HIDDEN + ".bb_hidden VALUES (1, 'HIDDENSECRET-1')");
            sql.add("CREATE VIEW bb_hid_view AS SELECT secret FROM " + HIDDEN + ".bb_hidden");
            sql.add("CREATE TABLE " + HIDDEN + ".bb_customers (id int, name varchar(60), ssn varchar(60), tenant_id varchar(60))");
            sql.add("INSERT INTO " + HIDDEN + ".bb_customers VALUES (1, 'HIDDENSECRET-lookalike', 'HIDDENSECRET-ssn', 't1')");
        }
        try (Connection c = DriverManager.getConnection(base(db)); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Everything a side effect could change, read on a raw connection. */
    private static String state(Db db) throws SQLException {
        String q = db == Db.PG
                ? "SELECT (SELECT count(*) FROM " + MAIN + ".bb_canary) || '|' || (SELECT string_agg(id::text, ',' ORDER BY id) FROM "
                + MAIN + ".bb_canary) || '|' || (SELECT last_value || ':' || is_called FROM " + MAIN + ".bb_seq) || '|' "
                + "|| (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 42) || '|' "
                + "|| (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('"
                + MAIN + "', '" + HIDDEN + "')) || '|' || (SELECT count(*) FROM " + MAIN + ".bb_customers)"
                : "SELECT CONCAT((SELECT count(*) FROM " + MAIN + ".bb_canary), '|', COALESCE((SELECT GROUP_CONCAT(id ORDER BY id) FROM "
                + MAIN + ".bb_canary), ''), '|', (SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('" + MAIN
                + "', '" + HIDDEN + "')), '|', COALESCE(IS_USED_LOCK('bb'), 'free'), '|', (SELECT count(*) FROM " + MAIN
                + ".bb_customers), '|', (SELECT next_not_cached_value FROM " + MAIN + ".bb_seq))";
        try (Connection c = DriverManager.getConnection(base(db)); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(q)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    // ---- one attack's connections and evidence -------------------------------------------------------------------

    static final class Ctx {
        final Db db;
        Connection c;
        final StringBuilder evidence = new StringBuilder();
        final StringBuilder postEvidence = new StringBuilder();
        final StringBuilder side = new StringBuilder();
        final List<String> problems = new ArrayList<>();
        int promptStart;
        private final List<Connection> opened = new ArrayList<>();

        Ctx(Db db) {
            this.db = db;
        }

        String url() {
            return "jdbc:nl:" + rawUrl(db, MAIN).substring("jdbc:".length());
        }

        /** The administrator's policy: payroll denied, SSN masked, tenant t1, plain SQL read-only. */
        Properties admin() {
            Properties p = new Properties();
            p.setProperty("nl.llm.provider", "openai");
            p.setProperty("nl.llm.baseUrl", llm.baseUrl());
            p.setProperty("nl.llm.model", "scripted");
            p.setProperty("nl.llm.apiKeyEnv", "NLJDBC_IT_NO_KEY");
            p.setProperty("nl.llm.timeoutSeconds", "10");
            p.setProperty("nl.llm.maxAttempts", "2");
            p.setProperty("nl.symbolic.minConfidence", "1.1");
            p.setProperty("nl.rateLimit.perMinute", "0");
            p.setProperty("nl.catalog.snapshot", "false");
            p.setProperty("nl.catalog.schemas", MAIN);
            p.setProperty("nl.tables.deny", "bb_payroll");
            p.setProperty("nl.columns.mask", "bb_customers.ssn,bb_staff.ssn");
            p.setProperty("nl.tenant.column", "tenant_id");
            p.setProperty("nl.tenant.value", "t1");
            p.setProperty("nl.passthrough", "readonly");
            p.setProperty("nl.examples.url", rawUrl(db, EXAMPLES));
            return p;
        }

        /** Another user's connection on the same database: nothing denied, masked or filtered. */
        Properties permissive() {
            Properties p = admin();
            p.remove("nl.tables.deny");
            p.remove("nl.columns.mask");
            p.remove("nl.tenant.column");
            p.remove("nl.tenant.value");
            return p;
        }

        Properties maskOnly() {
            Properties p = admin();
            p.remove("nl.tenant.column");
            p.remove("nl.tenant.value");
            return p;
        }

        Connection open(String url, String... overrides) throws SQLException {
            Properties p = admin();
            for (int i = 0; i < overrides.length; i += 2) {
                p.setProperty(overrides[i], overrides[i + 1]);
            }
            return openWith(url, p);
        }

        Connection openWith(String url, Properties p) throws SQLException {
            Connection conn = DriverManager.getConnection(url, p);
            opened.add(conn);
            return conn;
        }

        void closeAll() {
            for (Connection conn : opened) {
                try {
                    conn.close();
                } catch (SQLException e) {
                    // closing is not the attack
                }
            }
        }

        void see(String s) {
            evidence.append(s).append('\n');
        }

        void see(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                evidence.append("error ").append(t instanceof SQLException s ? s.getSQLState() + " " : "")
                        .append(t.getMessage()).append('\n');
                if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t.getCause()) {
                    see(s.getNextException());
                }
                if (t.getCause() == t) {
                    break;
                }
            }
        }

        void clearEvidence() {
            evidence.setLength(0);
            LOGS.setLength(0);
            promptStart = llm.requests().size();
        }

        /** Verified examples live in a shared store: each examples attack leaves it empty for the next. */
        void wipeExamples() {
            try (Connection raw = DriverManager.getConnection(rawUrl(db, EXAMPLES)); Statement s = raw.createStatement()) {
                s.execute("DELETE FROM nl_verified_examples");
            } catch (SQLException e) {
                // no example was ever stored: the table is created at the first NL REMEMBER
            }
        }

        /** Prompts sent since the last {@link #clearEvidence()}. */
        String prompts() {
            StringBuilder b = new StringBuilder();
            for (int i = promptStart; i < llm.requests().size(); i++) {
                b.append(llm.promptText(i)).append('\n');
            }
            return b.toString();
        }

        void require(boolean ok, String what) {
            if (!ok) {
                problems.add(what.replaceAll("(?i)(SSNSECRET|PAYROLLSECRET|OTHERTENANT|HIDDENSECRET)[\\w-]*", "<$1>"));
            }
        }

        /** The model answers {@code sql} to {@code NL: question} on this attack's connection. */
        String nl(String sql, String question) {
            REPLY.set(sql);
            return run(c, "NL: " + question);
        }

        String nlOn(Connection conn, String sql, String question) {
            REPLY.set(sql);
            return run(conn, "NL: " + question);
        }

        String sql(String sql) {
            return run(c, sql);
        }

        /** Runs on another user's connection: what that user sees is theirs, so it is kept out of the evidence. */
        String aside(Connection conn, String sql) {
            int mark = evidence.length();
            String out = run(conn, sql);
            side.append(evidence, mark, evidence.length());
            evidence.setLength(mark);
            promptStart = llm.requests().size();
            LOGS.setLength(0);
            return out;
        }

        /**
         * Asks {@code question} until its outcome holds {@code expected} (the store's other runtimes refresh every
         * 2 s), for at most 6 s; the last outcome (source or SQLState), kept out of the evidence.
         */
        String awaitExample(String question, String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            String outcome;
            do {
                try (Statement s = c.createStatement()) {
                    s.executeQuery(question).close();
                    outcome = s.unwrap(NlResult.class).source();
                } catch (SQLException e) {
                    outcome = "error " + e.getSQLState();
                }
                if (outcome.contains(expected)) {
                    break;
                }
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            promptStart = llm.requests().size();
            LOGS.setLength(0);
            return outcome;
        }

        /** On a policy without a tenant, every tenant's rows are visible: any other marker is a leak. */
        void maskOnlyCheck(Connection conn, String sql) {
            int mark = evidence.length();
            String out = run(conn, sql);
            String seen = evidence.substring(mark);
            evidence.setLength(mark);
            side.append(seen);
            String up = seen.toUpperCase(Locale.ROOT);
            String asked = prompts().toUpperCase(Locale.ROOT);
            promptStart = llm.requests().size();
            for (String m : List.of("SSNSECRET", "PAYROLLSECRET", "HIDDENSECRET")) {
                require(!up.contains(m), "marker " + m + " under a policy without a tenant: " + sql);
                require(!asked.contains(m), "marker " + m + " in a prompt under a policy without a tenant: " + sql);
            }
            see(out.startsWith("error") ? out.substring(0, Math.min(out.length(), 60)) : "ran");
        }

        /** Removes verified examples through the product's own command (the store is cached in memory per process). */
        void forget(Properties policy, String... questions) throws SQLException {
            try (Connection admin = openWith(url(), policy)) {
                for (String q : questions) {
                    aside(admin, "NL FORGET: " + q);
                }
            }
        }

        void reset() {
            run(c, "NL RESET");
        }

        String run(Connection conn, String sql) {
            try (Statement s = conn.createStatement()) {
                return run(s, sql);
            } catch (SQLException e) {
                see(e);
                return "error " + e.getSQLState();
            }
        }

        String run(Statement s, String sql) {
            StringBuilder out = new StringBuilder();
            try {
                boolean rs = s.execute(sql);
                out.append(rs ? collectTo(s) : "update " + s.getUpdateCount());
            } catch (SQLException e) {
                see(e);
                out.append("error ").append(e.getSQLState()).append(' ').append(e.getMessage());
            }
            warnings(s);
            see(out.toString());
            return out.toString();
        }

        String runWithWatchdog(Statement s, String sql, int seconds) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            ScheduledFuture<?> f = timer.schedule(() -> {
                try {
                    s.cancel();
                } catch (SQLException e) {
                    // best effort
                }
            }, seconds, TimeUnit.SECONDS);
            try {
                return run(s, sql);
            } finally {
                f.cancel(false);
                timer.shutdownNow();
            }
        }

        void collect(Statement s) throws SQLException {
            see(collectTo(s));
        }

        private String collectTo(Statement s) throws SQLException {
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = s.getResultSet()) {
                out.append(table(rs));
            }
            try {
                NlResult r = s.unwrap(NlResult.class);
                if (r != null) {
                    out.append(" nlresult ").append(r.sql()).append(' ').append(r).append(' ').append(r.warnings())
                            .append(' ').append(r.toJson()).append(' ').append(r.chartSpec());
                }
            } catch (SQLException e) {
                // not an NL statement
            }
            return out.toString();
        }

        String lastOut = "";

        void execute(PreparedStatement ps) {
            StringBuilder out = new StringBuilder();
            try {
                boolean rs = ps.execute();
                out.append(rs ? collectTo(ps) : "update " + ps.getUpdateCount());
            } catch (SQLException e) {
                see(e);
                out.append("error ").append(e.getSQLState());
            }
            warnings(ps);
            see(out.toString());
            lastOut = out.toString();
        }

        void prepared(String sql, String... values) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setString(i + 1, values[i]);
                }
                execute(ps);
                try {
                    see(String.valueOf(ps.getParameterMetaData().getParameterCount()));
                } catch (SQLException e) {
                    see(e);
                }
            } catch (SQLException e) {
                see(e);
            }
        }

        private void warnings(Statement s) {
            try {
                for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    see("warning " + w.getMessage());
                }
            } catch (SQLException e) {
                // closed
            }
        }

        /** Rows of a result as text, with a row count: {@code rows=N [a|b] [c|d]}. */
        String table(ResultSet rs) throws SQLException {
            if (rs == null) {
                return "no result";
            }
            StringBuilder b = new StringBuilder();
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            for (int i = 1; i <= n; i++) {
                b.append(md.getColumnLabel(i)).append(i < n ? "," : "");
            }
            int rows = 0;
            StringBuilder body = new StringBuilder();
            while (rs.next() && rows < 10_000) {
                rows++;
                body.append(" [");
                for (int i = 1; i <= n; i++) {
                    body.append(rs.getString(i)).append(i < n ? "|" : "");
                }
                body.append(']');
            }
            rs.close();
            return "rows=" + rows + " " + b + body;
        }

        /** The TABLE_NAME values of a metadata result, lower case. */
        Set<String> names(ResultSet rs) throws SQLException {
            Set<String> out = new java.util.TreeSet<>();
            try (rs) {
                while (rs.next()) {
                    out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return out;
        }

        int rowCount(String out) {
            int i = out.indexOf("rows=");
            if (i < 0) {
                return 0;
            }
            int j = i + 5;
            while (j < out.length() && Character.isDigit(out.charAt(j))) {
                j++;
            }
            return Integer.parseInt(out.substring(i + 5, j));
        }

        /** The rows (or the SQLState) of a statement, for oracle comparisons; not added to the evidence. */
        String rowsOf(String sql) {
            return rowsOf(c, sql);
        }

        String rowsOf(Connection conn, String sql) {
            try (Statement s = conn.createStatement()) {
                if (!s.execute(sql)) {
                    return "update";
                }
                try (ResultSet rs = s.getResultSet()) {
                    String t = table(rs);
                    int body = t.indexOf(" [");
                    return body < 0 ? "[]" : t.substring(body + 1);
                }
            } catch (SQLException e) {
                return "error " + e.getSQLState();
            }
        }

        /** A connection or statement the attacker reached must still be nljdbc's: the denied table stays refused. */
        void deniedThrough(Connection conn) {
            if (conn == null) {
                return;
            }
            see("reached " + conn.getClass().getName());
            String out = run(conn, "SELECT secret FROM bb_payroll");
            require(out.startsWith("error"), "a connection handed out reads the denied table: " + conn.getClass().getName());
            out = run(conn, "DELETE FROM bb_canary");
        }

        void deniedThrough(Statement s) {
            if (s == null) {
                return;
            }
            see("reached " + s.getClass().getName());
            String out = run(s, "SELECT secret FROM bb_payroll");
            require(out.startsWith("error"), "a statement handed out reads the denied table: " + s.getClass().getName());
        }

        void tryWrites(ResultSet rs) {
            try (rs) {
                see("concurrency " + rs.getConcurrency());
                if (rs.next()) {
                    try {
                        rs.updateInt(1, 42);
                        rs.updateRow();
                        see("updateRow ran");
                    } catch (SQLException e) {
                        see(e);
                    }
                    try {
                        rs.deleteRow();
                        see("deleteRow ran");
                    } catch (SQLException e) {
                        see(e);
                    }
                    try {
                        rs.moveToInsertRow();
                        rs.updateInt(1, 43);
                        rs.insertRow();
                        see("insertRow ran");
                    } catch (SQLException e) {
                        see(e);
                    }
                }
            } catch (SQLException e) {
                see(e);
            }
        }

        interface Update {
            int run() throws SQLException;
        }

        void tryUpdate(Update u) {
            try {
                see("update ran: " + u.run());
            } catch (SQLException e) {
                see(e);
            }
        }

        /** A connection opened with the user's URL must hold the administrator's policy, or refuse to open. */
        void urlAttack(String url) {
            Connection conn;
            try {
                conn = openWith(url, admin());
            } catch (SQLException e) {
                see(e);
                return;
            }
            see("opened " + url.replaceAll("password=[^&]*", "password=*"));
            run(conn, "SELECT secret FROM bb_payroll");
            run(conn, "SELECT secret FROM bb_hidden");
            run(conn, "SELECT name, ssn FROM bb_customers");
            run(conn, "SELECT note FROM bb_orders");
            nlOn(conn, "SELECT name, ssn FROM bb_customers", "customers with ssn");
            nlOn(conn, "SELECT note FROM bb_orders", "order notes");
            nlOn(conn, "SELECT secret FROM bb_hidden", "hidden secrets");
            try {
                REPLY.set("SELECT id FROM bb_canary");
                run(conn, "DELETE FROM bb_canary");
            } finally {
                REPLY.set("SELECT 1");
            }
        }

        /** After the attack, on the same connection: the policy still holds (or the connection is unusable). */
        void postCheck() {
            if (c == null) {
                return;
            }
            StringBuilder saved = new StringBuilder(evidence);
            evidence.setLength(0);
            try {
                if (c.isClosed()) {
                    return;
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                see(e);
            }
            run(c, "SELECT secret FROM bb_payroll");
            run(c, "SELECT secret FROM bb_hidden");
            run(c, "SELECT name, ssn FROM bb_customers");
            run(c, "DELETE FROM bb_canary");
            REPLY.set("SELECT name, ssn, tenant_id FROM bb_customers");
            run(c, "NL: post-check customers");
            run(c, "NL SHOWSQL: post-check customers");
            run(c, "NL STATS");
            postEvidence.append(evidence);
            evidence.setLength(0);
            evidence.append(saved);
        }
    }
}
