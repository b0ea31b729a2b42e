package org.nljdbc.translator.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.guard.VisibleSchema;
import org.nljdbc.translator.internal.catalog.CatalogReader;
import org.nljdbc.translator.internal.catalog.CatalogVisibility;
import org.nljdbc.translator.testing.TestDatabases;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.nljdbc.translator.testing.TestDatabases.TestDb;

/**
 * The guard against the database's own name resolution, class by class (case and quoting of CTE names and range
 * variables, column alias lists, qualification with visible and invisible schemas, tenant tables, masked columns):
 * generated spellings of each attack run, when the guard accepts them, on real PostgreSQL, MariaDB, H2 and SQLite,
 * and no result may hold a masked value, a denied table's value, another tenant's row or another schema's row.
 * Filter attacks (a masked column in WHERE) must come back empty when accepted: a match would have read the value.
 */
class GuardOnDatabasesPropertyTest {
    private static final String CANARY = "CANARY";
    private static final Map<Target, Fixture> FIXTURES = new ConcurrentHashMap<>();

    /** One namespace per database, with the canary rows, and its visible schema under each policy. */
    private record Fixture(TestDb db, TestDb other, String schema, String otherSchema, Dialect dialect,
                           Map<PolicyKind, VisibleSchema> visible) {
    }

    enum PolicyKind {
        PLAIN("salaries", "employees.ssn"),
        QUALIFIED(null, null),
        TENANT("salaries", "employees.ssn");

        final String deny;
        final String mask;

        PolicyKind(String deny, String mask) {
            this.deny = deny;
            this.mask = mask;
        }

        Policy policy(String schema) {
            String d = deny != null ? deny : schema + ".salaries";
            String m = mask != null ? mask : schema + ".employees.ssn";
            return new Policy(100, List.of(), List.of(d), List.of(m), this == TENANT ? "tenant_id" : null,
                    this == TENANT ? "1" : null, false);
        }
    }

    /** An attack: its template, the databases it applies to, and whether any accepted form must return no row. */
    private record Attack(String template, boolean filter, List<Target> on) {
    }

    private static final List<Target> ALL = List.of(Target.POSTGRESQL, Target.MARIADB, Target.H2, Target.SQLITE);

    private static final List<Attack> ATTACKS = List.of(
            // CTE named like a denied table, in another case or quoting
            new Attack("WITH {salaries} AS (SELECT 1 AS x) SELECT * FROM {salaries}", false, ALL),
            new Attack("WITH {salaries} AS (SELECT 1 AS amount) SELECT amount FROM {salaries}", false, ALL),
            new Attack("WITH {employees} AS (SELECT 1 AS id) SELECT * FROM {employees}", false, ALL),
            // range variables that differ in case or quoting
            new Attack("SELECT {e}.name, {e}.ssn FROM (SELECT 'x' AS ssn, 'y' AS name) {e} CROSS JOIN {employees} {e}",
                    false, ALL),
            new Attack("SELECT {e}.{ssn} FROM {employees} {e}", false, ALL),
            new Attack("SELECT x.name FROM (SELECT 'x' AS ssn, 'y' AS name) {e} CROSS JOIN {employees} x "
                    + "WHERE {e}.ssn LIKE 'SSN%'", true, ALL),
            // column alias lists rename the masked column
            new Attack("SELECT {e}.n, {e}.s FROM {employees} AS {e}(i, n, s, t)", false,
                    List.of(Target.POSTGRESQL, Target.H2)),
            new Attack("SELECT n FROM {employees} AS e(i, n, s, t) WHERE s LIKE 'SSN%'", true,
                    List.of(Target.POSTGRESQL, Target.H2)),
            // masked columns, whole rows, aggregates and filters
            new Attack("SELECT * FROM {employees}", false, ALL),
            new Attack("SELECT max({ssn}) AS m FROM {employees}", false, ALL),
            new Attack("SELECT name FROM {employees} WHERE {ssn} LIKE 'SSN%'", true, ALL),
            new Attack("SELECT {e} FROM {employees} {e}", false, List.of(Target.POSTGRESQL)),
            // an alias over joined tables (found by the red team: it hid every mask inside)
            new Attack("SELECT x.{ssn}, x.name FROM ({employees} e CROSS JOIN {salaries} s) AS x", false,
                    List.of(Target.POSTGRESQL, Target.H2, Target.SQLITE)),
            new Attack("SELECT x.id FROM ({employees} e CROSS JOIN customers c) AS x WHERE x.{ssn} LIKE 'SSN%'", true,
                    List.of(Target.POSTGRESQL, Target.H2, Target.SQLITE)),
            new Attack("SELECT count(DISTINCT {e}.*) AS n FROM {employees} {e}", false, List.of(Target.POSTGRESQL)),
            // qualification: the visible schema, another schema, the denied table through its schema
            new Attack("SELECT * FROM {schema}.{employees}", false, ALL),
            new Attack("SELECT * FROM {other}.{employees}", false, List.of(Target.POSTGRESQL, Target.MARIADB, Target.H2)),
            new Attack("SELECT * FROM {schema}.{salaries}", false, ALL),
            // tenant tables however they are named
            new Attack("SELECT name FROM {customers} WHERE 1 = 1 OR 1 = 1", false, ALL),
            new Attack("SELECT c.name FROM {schema}.{customers} c", false, ALL),
            new Attack("WITH x AS (SELECT * FROM {customers}) SELECT name FROM x", false, ALL));

    @AfterContainer
    static void dropFixtures() {
        FIXTURES.values().forEach(f -> {
            if (f.other() != null) {
                f.other().close();
            }
            f.db().close();
        });
        FIXTURES.clear();
    }

    @Property(tries = 2000, seed = "20261201")
    void noSpellingOfAnAttackReadsWhatThePolicyHides(@ForAll("attacks") Object[] generated) throws SQLException {
        Target target = (Target) generated[0];
        Attack attack = (Attack) generated[1];
        PolicyKind kind = (PolicyKind) generated[2];
        long seed = (Long) generated[3];
        Fixture f = fixture(target);
        String sql = render(attack.template(), f, new java.util.Random(seed));
        Policy policy = kind.policy(f.schema());
        Verdict v = new SqlGuard(policy).check(sql, f.dialect(), f.visible().get(kind));
        if (!(v instanceof Verdict.Accepted a)) {
            return;
        }
        List<String> cells = new ArrayList<>();
        try (Connection c = f.db().open(); PreparedStatement ps = c.prepareStatement(a.sql())) {
            for (int i = 0; i < a.parameters().size(); i++) {
                ps.setInt(i + 1, Integer.parseInt(String.valueOf(a.parameters().get(i))));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        cells.add(String.valueOf(rs.getString(i)));
                    }
                }
            }
        } catch (SQLException e) {
            return; // the database refused it: nothing read
        }
        String seen = String.join("|", cells);
        boolean otherTenant = kind == PolicyKind.TENANT && seen.contains("TENANT2-ROW");
        assertFalse(seen.contains(CANARY) || seen.contains("987654") || otherTenant, () -> target + " " + kind + " leaked through "
                + sql + "\n  guard ran: " + a.sql() + "\n  rows: " + seen);
        if (attack.filter()) {
            assertTrue(cells.isEmpty(), () -> target + " " + kind + ": a filter on a masked column matched through "
                    + sql + "\n  guard ran: " + a.sql() + "\n  rows: " + seen);
        }
    }

    @Provide
    Arbitrary<Object[]> attacks() {
        Arbitrary<Attack> attack = Arbitraries.of(ATTACKS);
        return Combinators.combine(attack, Arbitraries.integers().between(0, 3), Arbitraries.of(PolicyKind.values()),
                Arbitraries.longs()).as((a, t, k, seed) -> new Object[] {a.on().get(t % a.on().size()), a, k, seed});
    }

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    /** Each slot spelt anew: its case changed and, sometimes, quoted in the dialect's way; schemas by their names. */
    private static String render(String template, Fixture f, java.util.Random random) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = switch (m.group(1)) {
                case "schema" -> f.schema();
                case "other" -> f.otherSchema();
                default -> m.group(1);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(spell(name, f.dialect(), random)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String spell(String name, Dialect dialect, java.util.Random random) {
        String cased = switch (random.nextInt(4)) {
            case 0 -> name.toLowerCase(Locale.ROOT);
            case 1 -> name.toUpperCase(Locale.ROOT);
            case 2 -> Character.toUpperCase(name.charAt(0)) + name.substring(1).toLowerCase(Locale.ROOT);
            default -> {
                StringBuilder b = new StringBuilder();
                for (char ch : name.toCharArray()) {
                    b.append(random.nextBoolean() ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
                }
                yield b.toString();
            }
        };
        String padded = random.nextInt(5) == 0 ? "/* x */ " : "";
        if (random.nextInt(3) == 0) {
            return padded + (dialect == Dialect.MARIADB ? "`" + cased + "`" : "\"" + cased + "\"");
        }
        return padded + cased;
    }

    private static Fixture fixture(Target target) throws SQLException {
        Fixture existing = FIXTURES.get(target);
        if (existing != null) {
            return existing;
        }
        synchronized (FIXTURES) {
            existing = FIXTURES.get(target);
            if (existing != null) {
                return existing;
            }
            TestDb db = TestDatabases.fresh(target, "resolve");
            TestDb other = target == Target.SQLITE || target == Target.H2 ? null
                    : TestDatabases.fresh(target, "resolve_other");
            db.exec("CREATE TABLE employees (id INT, name VARCHAR(40), ssn VARCHAR(40), tenant_id INT)",
                    "INSERT INTO employees VALUES (1, 'Ann', 'SSN-CANARY-1', 1), (2, 'Bob', 'SSN-CANARY-2', 2)",
                    "CREATE TABLE salaries (emp_id INT, amount INT)",
                    "INSERT INTO salaries VALUES (1, 987654)",
                    "CREATE TABLE customers (id INT, name VARCHAR(40), tenant_id INT)",
                    "INSERT INTO customers VALUES (1, 'Acme', 1), (2, 'TENANT2-ROW', 2)");
            if (other != null) {
                other.exec("CREATE TABLE employees (id INT, name VARCHAR(40), ssn VARCHAR(40), tenant_id INT)",
                        "INSERT INTO employees VALUES (9, 'OTHER-SCHEMA-CANARY', 'SSN-CANARY-9', 1)");
            }
            Dialect dialect = Dialect.valueOf(target == Target.POSTGRESQL ? "POSTGRESQL" : target.name());
            String schema;
            String otherSchema = null;
            org.nljdbc.translator.internal.catalog.Catalog raw;
            try (Connection c = db.open()) {
                schema = switch (target) {
                    case MARIADB -> c.getCatalog();
                    case SQLITE -> "main";
                    default -> c.getSchema();
                };
                raw = CatalogReader.read(c, CatalogReader.Options.defaults().withoutSamples());
            }
            if (other != null) {
                try (Connection c = other.open()) {
                    otherSchema = target == Target.MARIADB ? c.getCatalog() : c.getSchema();
                }
            }
            if (target == Target.H2) {
                // H2: the other namespace is another in-memory database; make a schema of the same name in this one
                otherSchema = "OTHER_NS";
                db.exec("CREATE SCHEMA OTHER_NS", "CREATE TABLE OTHER_NS.employees (id INT, name VARCHAR(40), "
                        + "ssn VARCHAR(40), tenant_id INT)",
                        "INSERT INTO OTHER_NS.employees VALUES (9, 'OTHER-SCHEMA-CANARY', 'SSN-CANARY-9', 1)");
            }
            Map<PolicyKind, VisibleSchema> visible = new EnumMap<>(PolicyKind.class);
            for (PolicyKind k : PolicyKind.values()) {
                visible.put(k, Translator.visibleSchema(CatalogVisibility.apply(raw, k.policy(schema))));
            }
            Fixture f = new Fixture(db, other, schema, otherSchema, dialect, visible);
            FIXTURES.put(target, f);
            return f;
        }
    }
}
