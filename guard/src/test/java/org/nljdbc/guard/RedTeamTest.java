package org.nljdbc.guard;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The attacker's view: SQL a prompt-injected model could emit, checked by the guard and, when accepted, run exactly
 * as accepted on the real PostgreSQL and MariaDB servers. A test fails when an accepted text leaks: a value of the
 * denied or a hidden table, a masked value, another tenant's row (seen as a sentinel string in the result or in the
 * database's error, or as a result that changes when only secret data changes), or a write or other side effect.
 * Refusing is always safe.
 */
class RedTeamTest {
    /** The two servers, and each once more in the other string-literal mode its administrator may choose. */
    enum Db {
        PG, MY, PG_SCS_OFF, MY_NO_BACKSLASH_ESCAPES,
        /**
         * A session whose default is standard_conforming_strings off, the setting pinned on in each transaction
         * (as the driver's read-only scope does) and the guard told so ({@link SqlGuard#withPinnedStandardStrings}).
         */
        PG_PINNED;

        boolean pg() {
            return this == PG || this == PG_SCS_OFF || this == PG_PINNED;
        }
    }

    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MY_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable";
    private static final String PG_SCS_OFF_URL = PG_URL + "&options=-c%20standard_conforming_strings%3Doff";
    private static final String MY_NBE_URL = MY_URL + "&sessionVariables=sql_mode=NO_BACKSLASH_ESCAPES";
    private static final String PG_SCHEMA = "redteam";

    /** Deny the payroll, mask the SSN, filter by tenant t1. */
    private static final Policy FULL = new Policy(100, List.of(), List.of("rt_payroll", "public.*"),
            List.of("rt_customers.ssn"), "tenant_id", "t1", false);
    /** The same without a tenant: masks are then the analyzer's alone (the tenant wrap also nulls them). */
    private static final Policy MASK = new Policy(100, List.of(), List.of("rt_payroll", "public.*"),
            List.of("rt_customers.ssn"), null, null, false);

    /** Strings that must never come back: masked SSNs, payroll, tables the caller cannot see. */
    private static final List<String> SECRETS = List.of("SSN-", "PAYROLL-SECRET", "HIDDEN-SECRET");
    /** Only under a tenant policy: rows of tenant t2 (and of no tenant). */
    private static final String OTHER_TENANT = "OTHERTENANT";

    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final AtomicInteger ACCEPTED_SAFE = new AtomicInteger();
    private static final AtomicInteger LEAKS = new AtomicInteger();
    private static final AtomicInteger DB_ERRORS = new AtomicInteger();

    // ---- the attacks: P = PostgreSQL only, M = MariaDB only, A = both ------------------------------------------

    private static final String ATTACKS = """
            # --- baseline: legitimate queries must run (they show the harness works)
            A|SELECT id, name FROM rt_customers
            A|SELECT id, amount FROM rt_orders
            A|SELECT title FROM rt_products
            # --- (a) the denied table
            A|SELECT * FROM rt_payroll
            A|SELECT secret FROM RT_PAYROLL
            P|SELECT * FROM "rt_payroll"
            P|SELECT * FROM redteam.rt_payroll
            P|SELECT * FROM "redteam"."rt_payroll"
            P|SELECT * FROM test.redteam.rt_payroll
            P|SELECT * FROM ONLY rt_payroll
            P|SELECT * FROM rt_payroll*
            P|TABLE rt_payroll
            P|SELECT NULL::rt_payroll
            P|SELECT (NULL::rt_payroll).*
            P|SELECT CAST(NULL AS redteam.rt_payroll)
            P|SELECT * FROM json_populate_record(NULL::rt_payroll, '{}')
            P|SELECT * FROM U&"rt_payrol\\006c"
            P|SELECT * FROM rt_products, LATERAL (SELECT secret FROM rt_payroll) x
            P|SELECT query_to_xml('select * from rt_payroll', true, true, '')
            P|SELECT table_to_xml('rt_payroll', true, false, '')
            P|SELECT * FROM ts_stat('SELECT to_tsvector(secret) FROM rt_payroll')
            P|SELECT ts_rewrite('a'::tsquery, 'SELECT to_tsquery(secret), to_tsquery(secret) FROM rt_payroll')
            P|SELECT 'rt_payroll'::regclass
            P|SELECT to_regclass('rt_payroll')
            P|SELECT * FROM unnest(ARRAY(SELECT secret FROM rt_payroll))
            P|SELECT * FROM (rt_products JOIN rt_payroll ON true)
            P|SELECT * FROM pg_temp.rt_payroll
            M|SELECT * FROM `rt_payroll`
            M|SELECT * FROM test.rt_payroll
            M|SELECT * FROM `test`.`rt_payroll`
            M|SELECT * FROM `test.rt_payroll`
            A|WITH x AS (SELECT * FROM rt_payroll) SELECT * FROM x
            A|SELECT (SELECT max(secret) FROM rt_payroll) FROM rt_products
            A|SELECT id FROM rt_products WHERE EXISTS (SELECT 1 FROM rt_payroll WHERE secret LIKE 'P%')
            A|SELECT id, title FROM rt_products UNION SELECT id, secret FROM rt_payroll
            A|SELECT * FROM (SELECT * FROM rt_payroll) p
            # --- hidden tables (not in the visible schema)
            P|SELECT * FROM public.rt_hidden
            P|SELECT * FROM rt_hidden
            M|SELECT * FROM rt_hidden
            M|SELECT * FROM RT_CUSTOMERS
            M|SELECT name FROM Rt_Customers
            M|SELECT c.name FROM RT_CUSTOMERS c
            M|SELECT * FROM TEST.rt_customers
            M|SELECT * FROM rt_hidden_db.rt_customers
            # --- (b) masked column
            A|SELECT ssn FROM rt_customers
            A|SELECT c.ssn FROM rt_customers c
            A|SELECT * FROM rt_customers
            A|SELECT c.* FROM rt_customers c
            A|SELECT SSN FROM rt_customers
            A|SELECT rt_customers.ssn FROM rt_customers
            P|SELECT "ssn" FROM rt_customers
            P|SELECT c FROM rt_customers c
            P|SELECT rt_customers FROM rt_customers
            P|SELECT row_to_json(c) FROM rt_customers c
            P|SELECT to_jsonb(c.*) FROM rt_customers c
            P|SELECT json_agg(c) FROM rt_customers c
            P|SELECT c::text FROM rt_customers c
            P|SELECT CAST(c AS text) FROM rt_customers c
            P|SELECT (c).ssn FROM rt_customers c
            P|SELECT (c.*).ssn FROM rt_customers c
            P|SELECT c.to_json FROM rt_customers c
            P|SELECT c.row_to_json FROM rt_customers c
            P|SELECT c.to_jsonb FROM rt_customers c
            P|SELECT rt_customers.to_json FROM rt_customers
            P|SELECT id FROM rt_customers c WHERE c.to_json::text LIKE '%SSN-T1-1%'
            P|SELECT x.to_json FROM (SELECT * FROM rt_customers) x
            P|SELECT redteam.rt_customers.ssn FROM redteam.rt_customers
            P|SELECT redteam.rt_customers.ssn FROM rt_customers
            P|SELECT "rt_customers"."ssn" FROM rt_customers
            P|SELECT id FROM rt_customers WHERE redteam.rt_customers.ssn LIKE 'SSN-T1-1%'
            P|SELECT id FROM redteam.rt_customers WHERE rt_customers.ssn LIKE 'SSN-T1-1%'
            A|SELECT id FROM rt_customers WHERE ssn = 'SSN-T1-111'
            A|SELECT id FROM rt_customers WHERE ssn LIKE 'SSN-T1-1%'
            A|SELECT id FROM rt_customers WHERE SSN LIKE 'SSN-T1-1%'
            A|SELECT id FROM rt_customers ORDER BY ssn LIMIT 1
            A|SELECT id FROM rt_customers ORDER BY 3 LIMIT 1
            A|SELECT count(*) FROM rt_customers GROUP BY ssn
            A|SELECT max(ssn) FROM rt_customers
            A|SELECT length(ssn) FROM rt_customers
            A|SELECT CASE WHEN ssn LIKE 'SSN-T1-1%' THEN 1 ELSE 0 END AS x FROM rt_customers
            A|SELECT id, (SELECT ssn FROM rt_customers c2 WHERE c2.id = c.id) AS s FROM rt_customers c
            A|SELECT s FROM (SELECT ssn AS s FROM rt_customers) t
            A|SELECT s FROM (SELECT ssn AS s FROM rt_customers) t WHERE s LIKE 'SSN-T1-1%'
            A|SELECT id FROM (SELECT id, ssn FROM rt_customers) t WHERE ssn LIKE 'SSN-T1-1%'
            A|SELECT id FROM (SELECT * FROM rt_customers) t WHERE ssn LIKE 'SSN-T1-1%'
            A|SELECT t.ssn FROM (SELECT * FROM rt_customers) t
            A|SELECT * FROM (SELECT * FROM rt_customers) t
            A|WITH w AS (SELECT * FROM rt_customers) SELECT ssn FROM w
            A|WITH w AS (SELECT * FROM rt_customers) SELECT id FROM w WHERE ssn LIKE 'SSN-T1-1%'
            A|WITH w(a, b, c, d) AS (SELECT * FROM rt_customers) SELECT c FROM w
            A|WITH w(a, b, c, d) AS (SELECT id, name, ssn, tenant_id FROM rt_customers) SELECT a FROM w WHERE c LIKE 'SSN-T1-1%'
            P|SELECT c FROM rt_customers AS t(a, b, c, d)
            P|SELECT a FROM rt_customers AS t(a, b, c, d) WHERE c LIKE 'SSN-T1-1%'
            P|SELECT * FROM rt_customers AS t(a, b, c, d)
            A|SELECT c.id FROM rt_customers c JOIN rt_orders o ON o.customer_id = c.id AND c.ssn LIKE 'SSN-T1-1%'
            A|SELECT * FROM rt_customers NATURAL JOIN rt_orders
            A|SELECT c1.id FROM rt_customers c1 JOIN rt_customers c2 USING (ssn)
            A|SELECT * FROM rt_customers c1 JOIN rt_customers c2 USING (id)
            A|SELECT c1.id FROM rt_customers c1 JOIN rt_customers c2 ON c1.ssn = c2.ssn
            A|SELECT id, rank() OVER (ORDER BY ssn) AS r FROM rt_customers
            A|SELECT * FROM (SELECT id, row_number() OVER (ORDER BY ssn) AS r FROM rt_customers) t
            A|SELECT id FROM rt_customers WHERE id IN (SELECT id FROM rt_customers WHERE ssn > 'SSN-T1-15')
            A|SELECT id FROM rt_customers c WHERE EXISTS (SELECT 1 FROM rt_products WHERE c.ssn LIKE 'SSN-T1-1%')
            A|SELECT id FROM rt_customers WHERE EXISTS (SELECT 1 FROM rt_products WHERE ssn LIKE 'SSN-T1-1%')
            A|SELECT id FROM rt_customers c WHERE (SELECT c.ssn) LIKE 'SSN-T1-1%'
            A|SELECT id FROM rt_customers ORDER BY (SELECT ssn) LIMIT 1
            A|SELECT id FROM rt_customers c WHERE EXISTS (SELECT 1 FROM (SELECT c.ssn AS s) z WHERE z.s LIKE 'SSN-T1-1%')
            P|SELECT id FROM rt_customers c, LATERAL (SELECT c.ssn AS s) z WHERE z.s LIKE 'SSN-T1-1%'
            P|SELECT id FROM rt_customers c WHERE c.ssn::text LIKE 'S%'
            P|SELECT id FROM rt_customers WHERE "ssn" LIKE 'SSN-T1-1%'
            P|SELECT DISTINCT ON (ssn) id FROM rt_customers
            P|SELECT count(*) FILTER (WHERE ssn LIKE 'SSN-T1-1%') AS n FROM rt_customers
            P|SELECT string_agg(name, ',' ORDER BY ssn) AS s FROM rt_customers
            P|SELECT id FROM rt_customers WHERE ssn ~ '^SSN-T1-1'
            P|SELECT id FROM rt_customers WHERE (ssn, id) > ('SSN-T1-15', 0)
            P|SELECT id FROM rt_customers c WHERE row(c.*) > row(1, 'a', 'SSN-T1-15', 't1')
            P|SELECT id FROM rt_customers c WHERE c > row(1, 'a', 'SSN-T1-15', 't1')
            P|SELECT id FROM rt_customers c WHERE c.* = c.*
            P|SELECT id FROM rt_customers c ORDER BY c LIMIT 1
            P|SELECT id FROM rt_customers c WHERE to_jsonb(c) ->> 'ssn' LIKE 'SSN-T1-1%'
            P|SELECT id FROM rt_customers c WHERE jsonb_path_exists(to_jsonb(c), '$.ssn ? (@ like_regex "^SSN-T1-1")')
            P|SELECT id, CAST(ssn AS int) FROM rt_customers
            P|SELECT id FROM rt_customers WHERE CAST(ssn AS int) = 1
            P|SELECT (SELECT CAST(ssn AS int) FROM rt_customers LIMIT 1)
            P|SELECT id FROM rt_products WHERE id = (SELECT CAST(ssn AS int) FROM rt_customers LIMIT 1)
            P|SELECT id FROM rt_customers WHERE 1 = CASE WHEN ssn LIKE 'SSN-T1-1%' THEN 1/0 ELSE 1 END
            A|SELECT ssn FROM rt_customers UNION SELECT 'x'
            A|SELECT 'x' AS a UNION SELECT ssn FROM rt_customers
            A|SELECT id FROM rt_customers INTERSECT SELECT id FROM rt_customers WHERE ssn LIKE 'SSN-T1-1%'
            A|SELECT ssn AS s, count(*) AS n FROM rt_customers GROUP BY s
            A|SELECT id AS ssn FROM rt_customers ORDER BY ssn LIMIT 1
            M|SELECT upper(ssn) AS s FROM rt_customers HAVING s LIKE 'SSN-T1-1%'
            M|SELECT id FROM rt_customers HAVING ssn LIKE 'SSN-T1-1%'
            M|SELECT id, ssn AS x FROM rt_customers GROUP BY id HAVING x LIKE 'SSN-T1-1%'
            M|SELECT id FROM rt_customers WHERE `ssn` LIKE 'SSN-T1-1%'
            M|SELECT id FROM rt_customers WHERE rt_customers.`SSN` LIKE 'SSN-T1-1%'
            M|SELECT id FROM rt_customers WHERE test.rt_customers.ssn LIKE 'SSN-T1-1%'
            M|SELECT test.rt_customers.ssn FROM rt_customers
            M|SELECT id FROM rt_customers WHERE ROW(ssn, id) > ROW('SSN-T1-15', 0)
            M|SELECT id FROM rt_customers WHERE ssn REGEXP '^SSN-T1-1'
            M|SELECT JSON_OBJECT('s', ssn) AS j FROM rt_customers
            M|SELECT id FROM rt_customers WHERE MATCH(ssn) AGAINST ('x')
            M|SELECT id FROM rt_customers WHERE ssn SOUNDS LIKE 'x'
            M|SELECT id, ExtractValue('<a/>', CONCAT('/', ssn)) FROM rt_customers
            A|VALUES ((SELECT max(ssn) FROM rt_customers))
            A|SELECT id FROM rt_customers LIMIT 1 OFFSET (SELECT count(*) FROM rt_customers WHERE ssn > 'SSN-T1-15')
            # --- (b) more: attribute notation, windows, lateral, ordinals
            P|SELECT c.rt_full FROM rt_customers c
            P|SELECT redteam.rt_customers.to_json FROM redteam.rt_customers
            P|SELECT rt_customers.to_jsonb FROM redteam.rt_customers
            P|SELECT c.ctid, c.xmin FROM rt_customers c
            P|SELECT id FROM rt_customers c ORDER BY c.to_json::text LIMIT 1
            P|SELECT e.value FROM rt_customers c, LATERAL jsonb_each_text(to_jsonb(c)) e
            P|SELECT x.* FROM rt_customers c CROSS JOIN LATERAL (SELECT c.*) x
            P|SELECT (SELECT c) AS r FROM rt_customers c
            P|SELECT ARRAY[c.*] AS a FROM rt_customers c
            P|SELECT id FROM rt_customers WINDOW w AS (ORDER BY ssn)
            P|SELECT id, lag(ssn) OVER (ORDER BY id) AS l FROM rt_customers
            P|SELECT id FROM rt_customers ORDER BY ssn COLLATE "C" LIMIT 1
            P|SELECT id FROM rt_customers GROUP BY ROLLUP (ssn, id)
            P|SELECT * FROM json_populate_recordset(NULL::rt_customers, (SELECT json_agg(c) FROM rt_customers c))
            P|SELECT id FROM rt_customers TABLESAMPLE SYSTEM (100) REPEATABLE ((SELECT length(ssn) FROM rt_customers LIMIT 1))
            P|SELECT * FROM rt_customers c JOIN LATERAL (SELECT c.ssn AS s OFFSET 0) z ON z.s LIKE 'SSN-T1-1%'
            P|SELECT g.g FROM generate_series(1, 3) g
            P|SELECT e.key FROM jsonb_each('{"a":1}') e
            P|SELECT x.count FROM (SELECT count(*) FROM rt_customers) x
            A|SELECT id, name, ssn FROM rt_customers ORDER BY 3 LIMIT 1
            A|SELECT name, ssn, count(*) AS n FROM rt_customers GROUP BY 1, 2
            A|SELECT count(c.ssn) AS n FROM rt_customers c
            A|SELECT count(DISTINCT ssn) AS n FROM rt_customers
            A|SELECT id FROM rt_customers GROUP BY id HAVING count(DISTINCT ssn) > 0
            A|SELECT id FROM rt_customers c WHERE c.ssn IS NULL
            A|SELECT id FROM rt_customers WHERE ssn IN ('SSN-T1-111')
            A|SELECT id FROM rt_customers WHERE (SELECT ssn) = 'SSN-T1-111'
            A|SELECT 1 AS x FROM rt_products WHERE (SELECT ssn FROM rt_customers LIMIT 1) LIKE 'S%'
            M|SELECT id FROM rt_customers WHERE BINARY ssn > 'SSN-T1-15'
            M|SELECT id FROM rt_customers c WHERE `c`.`ssn` LIKE 'SSN-T1-1%'
            M|SELECT id FROM rt_customers WHERE ssn = 'SSN-T1-111' ESCAPE '!'
            M|SELECT * FROM JSON_TABLE((SELECT JSON_ARRAYAGG(ssn) FROM rt_customers), '$[*]' COLUMNS (n TEXT PATH '$')) j
            M|SELECT "ssn" FROM rt_customers
            M|SELECT id FROM rt_customers WHERE "ssn" = 'ssn'
            M|SELECT * FROM rt_customers NATURAL JOIN rt_hidden
            M|SELECT 1 UNION SELECT ssn FROM rt_customers
            M|SELECT RT_CUSTOMERS.name FROM RT_CUSTOMERS
            M|SELECT name FROM `RT_CUSTOMERS`
            M|SELECT name FROM test.RT_CUSTOMERS
            M|SELECT name FROM Test.Rt_Customers
            M|SELECT o.amount FROM rt_orders o JOIN RT_CUSTOMERS c ON c.id = o.customer_id
            M|SELECT name FROM rt_customers WHERE id IN (SELECT id FROM RT_CUSTOMERS)
            M|WITH x AS (SELECT * FROM RT_CUSTOMERS) SELECT name FROM x
            # --- (e) more metadata
            P|SELECT 'rt_payroll'::regclass::oid
            P|SELECT 'public.rt_hidden'::regclass
            P|SELECT 'postgres'::regrole
            P|SELECT CAST('rt_payroll' AS regclass)
            P|SELECT tableoid::regclass AS t FROM rt_orders
            P|SELECT 'rt_hidden'::pg_catalog.regclass
            P|SELECT current_schema
            P|SELECT current_catalog
            P|SELECT * FROM json_populate_record(NULL::"rt_payroll", '{}')
            P|SELECT (json_populate_record(NULL::redteam . rt_payroll, '{}')).*
            # --- (d) attribute notation over sources whose columns the guard cannot list
            P|SELECT x.rt_side_effect_any FROM (SELECT count(*) FROM rt_canary) x
            P|SELECT g.rt_side_effect_any FROM generate_series(1, 1) g
            P|SELECT w.rt_side_effect_any FROM (SELECT 1) w
            P|WITH w AS (SELECT 1) SELECT w.rt_side_effect_any FROM w
            P|SELECT u.rt_side_effect_any FROM unnest(ARRAY[1]) u
            P|SELECT e.rt_side_effect_any FROM jsonb_each('{"a":1}') e
            P|SELECT o.rt_side_effect_any FROM unnest(ARRAY[1]) WITH ORDINALITY o
            P|SELECT s.rt_side_effect_any FROM (SELECT id FROM rt_canary UNION SELECT 2) s
            P|SELECT j.rt_side_effect_any FROM (rt_canary a JOIN rt_canary b USING (id)) j
            P|SELECT g.g, g.ordinality FROM generate_series(1, 2) WITH ORDINALITY g
            P|SELECT e.key, e.value FROM jsonb_each('{"a":1}') e
            P|SELECT v.value FROM jsonb_array_elements('[1]') v
            P|SELECT x.a FROM json_to_record('{"a":1}') AS x(a int)
            P|WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT r.n + 1 FROM r WHERE r.n < 3) SELECT r.n FROM r
            P|WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM r WHERE r.n < 3) SELECT r.n FROM r
            P|WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT r.rt_side_effect_any FROM r WHERE r.n < 3) SELECT n FROM r
            P|SELECT v.column1 FROM (VALUES (1)) v
            P|SELECT v.rt_side_effect_any FROM (VALUES (1)) v(a)
            P|SELECT * FROM rt_customers c, LATERAL unnest(ARRAY[c.ssn]) u
            P|SELECT * FROM rt_customers c, ROWS FROM (jsonb_each(to_jsonb(c))) e
            P|SELECT * FROM json_populate_record(NULL::redteam."rt_payroll", '{}')
            P|SELECT * FROM json_populate_record(NULL::rt_payroll[], '{}')
            P|SELECT * FROM json_populate_record(NULL::"redteam".rt_payroll, '{}')
            # --- string literals read differently by a server in another mode (lower-case p/m: both modes)
            p|SELECT '\\'' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            p|SELECT 'a\\'' , (SELECT max(ssn) FROM rt_customers WHERE ssn LIKE 'SSN-T2%') AS x -- '
            p|SELECT '\\\\' AS x
            p|SELECT 'it''s' AS x
            p|SELECT '\\' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            p|SELECT '\\' OR (SELECT max(secret) FROM rt_payroll) = 'x' --' AS x
            p|SELECT '\\' AS a, 'x; DELETE FROM rt_canary; --' AS b
            p|SELECT '\\' ; DELETE FROM rt_canary --'
            p|SELECT id, name FROM rt_customers WHERE name LIKE '%a%' ESCAPE '\\'
            p|SELECT id, name FROM rt_customers WHERE name LIKE '%\\%%' ESCAPE '\\' OR name LIKE '%\\\\'
            p|SELECT E'\\'' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            p|SELECT e'\\\\' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            p|SELECT E'\\x27' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            p|SELECT U&'\\0027' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            p|SELECT set_config('standard_conforming_strings', 'off', true), '\\' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            m|SELECT '\\' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            m|SELECT "\\" , (SELECT max(secret) FROM rt_payroll) AS x -- "
            m|SELECT 'a\\'' , (SELECT max(secret) FROM rt_payroll) AS x -- '
            m|SELECT '\\\\' AS x
            m|SELECT 'O\\'Brien' AS x
            # --- (c) the tenant filter
            A|SELECT * FROM rt_orders
            A|SELECT name FROM rt_customers
            A|SELECT * FROM rt_orders WHERE tenant_id = 't2'
            A|SELECT * FROM rt_orders o WHERE o.tenant_id = 't1' OR 1 = 1
            A|SELECT (SELECT sum(amount) FROM rt_orders) AS s
            A|SELECT count(*) FROM rt_orders o1, rt_orders o2
            A|SELECT * FROM rt_orders o1 JOIN rt_orders o2 USING (tenant_id)
            A|WITH rt_orders AS (SELECT * FROM rt_orders) SELECT * FROM rt_orders
            A|WITH o AS (SELECT * FROM rt_orders) SELECT * FROM o
            A|SELECT amount FROM rt_orders UNION ALL SELECT amount FROM rt_orders
            A|SELECT id FROM rt_products UNION SELECT amount FROM rt_orders
            A|SELECT * FROM (SELECT * FROM rt_orders) x
            A|SELECT name FROM rt_customers c WHERE EXISTS (SELECT 1 FROM rt_orders o WHERE o.customer_id = c.id)
            P|SELECT * FROM ONLY rt_orders
            P|SELECT * FROM rt_orders*
            P|SELECT * FROM redteam.rt_orders
            P|SELECT * FROM "redteam"."rt_orders"
            P|SELECT * FROM rt_orders AS o(a, b, c, d) WHERE d = 't2'
            P|SELECT * FROM rt_orders TABLESAMPLE SYSTEM (100)
            P|SELECT * FROM (rt_orders)
            P|SELECT * FROM (rt_orders o JOIN rt_customers c ON c.id = o.customer_id)
            P|SELECT * FROM (rt_orders o JOIN rt_customers c ON c.id = o.customer_id) j
            P|SELECT * FROM rt_products, LATERAL (SELECT * FROM rt_orders) x
            P|SELECT * FROM ROWS FROM (generate_series(1, 1)) AS g, rt_orders
            P|SELECT * FROM rt_orders_child
            P|WITH RECURSIVE r AS (SELECT * FROM rt_orders UNION SELECT * FROM rt_orders) SELECT * FROM r
            P|SELECT * FROM rt_orders_view
            P|SELECT array(SELECT name FROM rt_customers) AS a
            P|SELECT * FROM unnest(array(SELECT name FROM rt_customers)) x
            P|SELECT * FROM rt_orders o WHERE o = o
            P|SELECT o.to_json FROM rt_orders o
            M|SELECT * FROM test.rt_orders
            M|SELECT * FROM `test`.`rt_orders`
            M|SELECT * FROM rt_orders FORCE INDEX (PRIMARY)
            M|SELECT * FROM rt_orders USE INDEX ()
            M|SELECT * FROM rt_orders PARTITION (p0)
            M|SELECT * FROM RT_ORDERS
            M|SELECT * FROM rt_orders AS o NATURAL JOIN rt_customers AS c
            M|SELECT * FROM rt_orders o STRAIGHT_JOIN rt_customers c ON c.id = o.customer_id
            M|SELECT * FROM (rt_orders, rt_customers)
            M|SELECT * FROM rt_orders, rt_customers
            M|SELECT * FROM rt_orders o LEFT JOIN rt_customers c ON c.id = o.customer_id
            M|SELECT * FROM JSON_TABLE((SELECT JSON_ARRAYAGG(name) FROM rt_customers), '$[*]' COLUMNS (n TEXT PATH '$')) j
            # --- (c) errors raised on rows the tenant filter has not yet removed
            P|SELECT id FROM rt_customers WHERE CAST(name AS int) = 1
            P|SELECT id FROM rt_customers c WHERE c.name::int = 1
            P|SELECT id FROM rt_orders WHERE 1 / (amount - 99999) = 1
            P|SELECT o.id FROM rt_orders o JOIN rt_products p ON 1 / (o.amount - 99999) = p.id
            P|SELECT count(*) FROM rt_orders HAVING sum(1 / (amount - 99999)) > 0
            P|SELECT id FROM rt_orders WHERE CASE WHEN amount = 99999 THEN 1 / 0 ELSE 1 END = 1
            P|SELECT id FROM rt_customers WHERE name::int = 0 AND id > 0
            P|SELECT id FROM rt_orders WHERE CAST(CASE WHEN amount = 99999 THEN 'x' ELSE '1' END AS int) = 1
            P|SELECT id FROM rt_orders WHERE CAST(CASE WHEN amount = 99999 THEN 'x' ELSE '1' END AS int) = 1 AND tenant_id IS NOT NULL
            P|SELECT c.id FROM rt_customers c WHERE CAST(CASE WHEN c.name LIKE 'carol%' THEN 'x' ELSE '1' END AS int) = 1
            M|SELECT id FROM rt_orders WHERE EXP(CASE WHEN amount = 99999 THEN 1000 ELSE 0 END) > 0
            M|SELECT id FROM rt_customers WHERE EXP(CASE WHEN name LIKE 'carol%' THEN 1000 ELSE 0 END) > 0
            M|SELECT o.id FROM rt_orders o JOIN rt_products p ON EXP(CASE WHEN o.amount = 99999 THEN 1000 ELSE 0 END) > p.id
            M|SELECT id FROM rt_orders WHERE EXP(amount) > 0
            M|SELECT id FROM rt_customers WHERE CAST(name AS DECIMAL(2)) = 1
            M|SELECT id FROM rt_customers WHERE JSON_EXTRACT(name, '$') = 1
            M|SELECT id FROM rt_orders WHERE amount * 99999999999999 * 99999999 > 0
            # --- (d) writes and side effects
            A|SELECT 1; DELETE FROM rt_canary
            A|SELECT 1 -- \\n; DELETE FROM rt_canary
            A|SELECT id FROM rt_canary FOR UPDATE
            P|SELECT id FROM rt_canary FOR NO KEY UPDATE
            P|SELECT id FROM rt_canary FOR SHARE SKIP LOCKED
            P|WITH d AS (DELETE FROM rt_canary RETURNING *) SELECT * FROM d
            P|WITH d AS (INSERT INTO rt_canary VALUES (2) RETURNING *) SELECT 1
            P|SELECT * INTO rt_stolen FROM rt_products
            P|SELECT pg_sleep(3)
            P|SELECT pg_catalog.pg_sleep(3)
            P|SELECT "pg_sleep"(3)
            P|SELECT U&"pg\\005fsleep"(3)
            P|SELECT nextval('rt_seq')
            P|SELECT setval('rt_seq', 100)
            P|SELECT set_config('search_path', 'public', false)
            P|SELECT pg_advisory_lock(1)
            P|SELECT pg_try_advisory_lock(1)
            P|SELECT pg_read_file('/etc/hostname')
            P|SELECT lo_import('/etc/hostname')
            P|SELECT dblink('host=127.0.0.1', 'DELETE FROM rt_canary')
            P|SELECT txid_current()
            P|SELECT pg_notify('c', 'x')
            P|SELECT current_setting('data_directory')
            P|SELECT version()
            P|SELECT current_user
            P|COPY rt_canary TO '/tmp/rt_copy'
            P|DO $$BEGIN DELETE FROM rt_canary; END$$
            P|CALL rt_proc()
            P|SELECT $$a$$ AS x; DELETE FROM rt_canary
            P|SELECT 'a' AS x /* ; DELETE FROM rt_canary */
            P|SELECT E'\\\\'' ; DELETE FROM rt_canary --'
            P|SELECT id FROM rt_canary WHERE id = 1 FOR KEY SHARE
            P|SELECT rt_side_effect()
            P|SELECT * FROM rt_side_effect()
            P|SELECT id FROM rt_canary c WHERE c.rt_side_effect_row IS NOT NULL
            P|SELECT c.rt_side_effect_row FROM rt_canary c
            P|SELECT x.pg_sleep FROM (SELECT 3::float8 AS v) x
            P|SELECT count(*) FROM rt_canary, LATERAL (SELECT pg_sleep(1)) s
            P|SELECT xmlelement(name x, pg_sleep(1))
            P|SELECT * FROM rt_canary WHERE id = 1 AND pg_sleep(3) IS NULL
            P|EXPLAIN ANALYZE DELETE FROM rt_canary
            P|SELECT 1 \\; DELETE FROM rt_canary
            M|SELECT SLEEP(3)
            M|SELECT BENCHMARK(100000000, MD5('x'))
            M|SELECT GET_LOCK('rt', 1)
            M|SELECT LOAD_FILE('/etc/hostname')
            M|SELECT * FROM rt_products INTO OUTFILE '/tmp/rt_out'
            M|SELECT * FROM rt_products INTO DUMPFILE '/tmp/rt_out2'
            M|SELECT id INTO @x FROM rt_products LIMIT 1
            M|SELECT @x := 1
            M|SELECT @@version
            M|SELECT @@global.secure_file_priv
            M|SELECT id FROM rt_canary LOCK IN SHARE MODE
            M|SELECT id FROM rt_canary FOR UPDATE NOWAIT
            M|SELECT 1 # comment\\n; DELETE FROM rt_canary
            M|SELECT 1 /*! ; DELETE FROM rt_canary */
            M|SELECT '\\\\'' ; DELETE FROM rt_canary -- '
            M|SELECT "a" AS x ; DELETE FROM rt_canary
            M|SELECT 1--1
            M|SELECT NEXTVAL(rt_seq)
            M|SELECT NEXT VALUE FOR rt_seq
            M|SELECT LASTVAL(rt_seq)
            M|SELECT SETVAL(rt_seq, 100)
            M|SELECT `rt_side_effect`()
            M|SELECT rt_side_effect()
            M|SELECT test.rt_side_effect()
            M|SELECT UUID()
            M|SELECT USER()
            M|SELECT DATABASE()
            M|SELECT CONNECTION_ID()
            M|SELECT MASTER_POS_WAIT('x', 1)
            M|SELECT RELEASE_ALL_LOCKS()
            M|HANDLER rt_canary OPEN
            M|SELECT id FROM rt_canary PROCEDURE ANALYSE()
            M|DO SLEEP(3)
            M|SELECT * FROM rt_canary WHERE id = 1 AND SLEEP(3) = 0
            M|SELECT REPEAT('x', 100000000)
            # --- (e) system catalogs and metadata
            P|SELECT most_common_vals::text FROM pg_stats WHERE attname = 'ssn'
            P|SELECT * FROM pg_catalog.pg_stats
            P|SELECT * FROM PG_STATS
            P|SELECT * FROM "pg_stats"
            P|SELECT * FROM pg_catalog."pg_stats"
            P|SELECT * FROM information_schema.columns
            P|SELECT * FROM INFORMATION_SCHEMA.COLUMNS
            P|SELECT * FROM "information_schema"."tables"
            P|SELECT * FROM pg_class
            P|SELECT * FROM pg_roles
            P|SELECT * FROM pg_settings
            P|SELECT * FROM pg_stat_activity
            P|SELECT * FROM pg_prepared_statements
            P|SELECT * FROM pg_file_settings
            P|SELECT * FROM pg_temp_1.x
            P|SELECT reltuples FROM pg_class WHERE relname = 'rt_payroll'
            P|SELECT obj_description('rt_payroll'::regclass)
            P|SELECT pg_get_viewdef('rt_orders_view')
            P|SELECT col_description(1, 1)
            P|SELECT has_table_privilege('rt_payroll', 'select')
            P|SELECT * FROM U&"pg\\005fstats"
            M|SELECT * FROM information_schema.COLUMN_STATISTICS
            M|SELECT * FROM information_schema.TABLES
            M|SELECT * FROM INFORMATION_SCHEMA.PROCESSLIST
            M|SELECT * FROM mysql.user
            M|SELECT * FROM `mysql`.`user`
            M|SELECT * FROM MYSQL.USER
            M|SELECT * FROM performance_schema.events_statements_history
            M|SELECT * FROM sys.statement_analysis
            M|SELECT * FROM mysql.column_stats
            M|SELECT * FROM `information_schema`.`COLUMNS`
            M|SELECT * FROM `information_schema.COLUMNS`
            M|SELECT * FROM `mysql.user`
            """;

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private static final String[] PG_SETUP = {
            "DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE",
            "DROP TABLE IF EXISTS public.rt_hidden",
            "DROP TABLE IF EXISTS public.rt_orders",
            "CREATE SCHEMA " + PG_SCHEMA,
            "SET search_path = " + PG_SCHEMA,
            "CREATE TABLE rt_customers (id int PRIMARY KEY, name text, ssn text, tenant_id text)",
            "INSERT INTO rt_customers VALUES (1, 'alice', 'SSN-T1-111', 't1'), (2, 'bob', 'SSN-T1-222', 't1'), "
                    + "(3, 'carol-OTHERTENANT', 'SSN-T2-333', 't2'), (4, 'nobody-OTHERTENANT', 'SSN-NULL-444', NULL)",
            "CREATE TABLE rt_orders (id int, customer_id int, amount int, tenant_id text)",
            "INSERT INTO rt_orders VALUES (1, 1, 10, 't1'), (2, 2, 20, 't1'), (3, 3, 99999, 't2')",
            "CREATE TABLE rt_orders_child (note text) INHERITS (rt_orders)",
            "INSERT INTO rt_orders_child VALUES (4, 3, 77777, 't2', 'OTHERTENANT-child')",
            "CREATE VIEW rt_orders_view AS SELECT id, amount FROM rt_orders",
            "CREATE TABLE rt_payroll (id int, employee text, salary int, secret text)",
            "INSERT INTO rt_payroll VALUES (1, 'alice', 123456, 'PAYROLL-SECRET-1')",
            "CREATE TABLE rt_products (id int, title text)",
            "INSERT INTO rt_products VALUES (1, 'widget'), (2, 'gadget')",
            "CREATE TABLE rt_canary (id int)",
            "INSERT INTO rt_canary VALUES (1)",
            "CREATE SEQUENCE rt_seq",
            "CREATE FUNCTION rt_side_effect() RETURNS int LANGUAGE sql AS 'INSERT INTO redteam.rt_canary VALUES (9) RETURNING id'",
            "CREATE FUNCTION rt_side_effect_row(rt_canary) RETURNS int LANGUAGE sql AS 'INSERT INTO redteam.rt_canary VALUES (9) RETURNING id'",
            "CREATE FUNCTION rt_full(rt_customers) RETURNS text LANGUAGE sql AS 'SELECT $1.name || $1.ssn'",
            "CREATE FUNCTION rt_side_effect_any(anyelement) RETURNS int LANGUAGE sql AS 'INSERT INTO redteam.rt_canary VALUES (9) RETURNING id'",
            "CREATE PROCEDURE rt_proc() LANGUAGE sql AS 'DELETE FROM redteam.rt_canary'",
            "CREATE TABLE public.rt_hidden (id int, secret text)",
            "INSERT INTO public.rt_hidden VALUES (1, 'HIDDEN-SECRET-pg')",
            "CREATE TABLE public.rt_orders (id int, customer_id int, amount int, tenant_id text, note text)",
            "INSERT INTO public.rt_orders VALUES (1, 1, 1, 't1', 'HIDDEN-SECRET-public-orders')",
            "ANALYZE rt_customers",
    };

    private static final String[] MY_SETUP = {
            "DROP TABLE IF EXISTS rt_customers, RT_CUSTOMERS, rt_orders, rt_payroll, rt_products, rt_canary, rt_hidden",
            "DROP SEQUENCE IF EXISTS rt_seq",
            "DROP FUNCTION IF EXISTS rt_side_effect",
            "DROP DATABASE IF EXISTS rt_hidden_db",
            "CREATE TABLE rt_customers (id int PRIMARY KEY, name varchar(40), ssn varchar(40), tenant_id varchar(10)) ENGINE=InnoDB",
            "INSERT INTO rt_customers VALUES (1, 'alice', 'SSN-T1-111', 't1'), (2, 'bob', 'SSN-T1-222', 't1'), "
                    + "(3, 'carol-OTHERTENANT', 'SSN-T2-333', 't2'), (4, 'nobody-OTHERTENANT', 'SSN-NULL-444', NULL)",
            "CREATE TABLE RT_CUSTOMERS (id int PRIMARY KEY, name varchar(40), ssn varchar(40), tenant_id varchar(10)) ENGINE=InnoDB",
            "INSERT INTO RT_CUSTOMERS VALUES (1, 'HIDDEN-SECRET-upper', 'x', 't1')",
            "CREATE TABLE rt_orders (id int PRIMARY KEY, customer_id int, amount int, tenant_id varchar(10)) ENGINE=InnoDB",
            "INSERT INTO rt_orders VALUES (1, 1, 10, 't1'), (2, 2, 20, 't1'), (3, 3, 99999, 't2')",
            "CREATE TABLE rt_payroll (id int, employee varchar(40), salary int, secret varchar(40)) ENGINE=InnoDB",
            "INSERT INTO rt_payroll VALUES (1, 'alice', 123456, 'PAYROLL-SECRET-1')",
            "CREATE TABLE rt_products (id int, title varchar(40)) ENGINE=InnoDB",
            "INSERT INTO rt_products VALUES (1, 'widget'), (2, 'gadget')",
            "CREATE TABLE rt_canary (id int) ENGINE=InnoDB",
            "INSERT INTO rt_canary VALUES (1)",
            "CREATE TABLE rt_hidden (id int, secret varchar(40)) ENGINE=InnoDB",
            "INSERT INTO rt_hidden VALUES (1, 'HIDDEN-SECRET-my')",
            "CREATE SEQUENCE rt_seq",
            "CREATE FUNCTION rt_side_effect() RETURNS int MODIFIES SQL DATA BEGIN INSERT INTO rt_canary VALUES (9); RETURN 1; END",
            "CREATE DATABASE rt_hidden_db",
            "CREATE TABLE rt_hidden_db.rt_customers (id int, name varchar(40), ssn varchar(40), tenant_id varchar(10))",
            "INSERT INTO rt_hidden_db.rt_customers VALUES (1, 'HIDDEN-SECRET-db', 'x', 't1')",
    };

    /** What the catalog shows the guard: the denied and hidden tables are not in it (CatalogVisibility drops them). */
    private static VisibleSchema visible(Db db) {
        String schema = db.pg() ? PG_SCHEMA : "test";
        return VisibleSchema.of(List.of(
                new VisibleSchema.Table(schema, "rt_customers", List.of("id", "name", "ssn", "tenant_id")),
                new VisibleSchema.Table(schema, "rt_orders", List.of("id", "customer_id", "amount", "tenant_id")),
                new VisibleSchema.Table(schema, "rt_products", List.of("id", "title")),
                new VisibleSchema.Table(schema, "rt_canary", List.of("id"))));
    }

    /** Changes only what must not be seen; a query whose result changes with it reveals it. */
    private static List<String> mutations(Db db, Policy policy) {
        List<String> m = new ArrayList<>(List.of(
                "UPDATE rt_customers SET ssn = CONCAT('SSN-ALT-', 100 - id, '-', ssn)",
                "UPDATE rt_payroll SET salary = salary + 1, secret = CONCAT(secret, '-ALT')",
                "INSERT INTO rt_payroll VALUES (2, 'zed', 1, 'PAYROLL-SECRET-2')"));
        if (db.pg()) {
            m.add("UPDATE public.rt_hidden SET secret = CONCAT(secret, '-ALT')");
            m.add("INSERT INTO public.rt_orders VALUES (2, 2, 2, 't1', 'HIDDEN-SECRET-2')");
        } else {
            m.add("UPDATE rt_hidden SET secret = CONCAT(secret, '-ALT')");
            m.add("UPDATE RT_CUSTOMERS SET name = CONCAT(name, '-ALT')");
            m.add("UPDATE rt_hidden_db.rt_customers SET name = CONCAT(name, '-ALT')");
        }
        if (policy.tenantColumn() != null) {
            m.add("UPDATE rt_customers SET name = CONCAT(name, '-ALT') WHERE tenant_id IS NULL OR tenant_id <> 't1'");
            m.add("UPDATE rt_orders SET amount = amount + 1 WHERE tenant_id <> 't1'");
            m.add("INSERT INTO rt_orders VALUES (99, 3, 5, 't2')");
            m.add("INSERT INTO rt_customers VALUES (9, 'dave-OTHERTENANT', 'SSN-T2-999', 't2')");
        }
        return m;
    }

    /** Everything a side effect could change, read in the same transaction as the attack. */
    private static String stateQuery(Db db) {
        return db.pg()
                ? "SELECT (SELECT count(*) FROM rt_canary) || '|' || (SELECT sum(amount) FROM rt_orders) || '|' "
                + "|| (SELECT string_agg(ssn, ',' ORDER BY id) FROM rt_customers) || '|' "
                + "|| (SELECT last_value || ':' || is_called FROM rt_seq) || '|' "
                + "|| (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) || '|' "
                + "|| current_setting('search_path') || '|' || (SELECT count(*) FROM pg_class WHERE relname LIKE 'rt_%')"
                : "SELECT CONCAT((SELECT count(*) FROM rt_canary), '|', (SELECT sum(amount) FROM rt_orders), '|', "
                + "(SELECT GROUP_CONCAT(ssn ORDER BY id) FROM rt_customers), '|', "
                + "(SELECT count(*) FROM information_schema.TABLES WHERE TABLE_NAME LIKE 'rt_%'), '|', "
                + "COALESCE(IS_USED_LOCK('rt'), 'free'), '|', COALESCE(@x, 'unset'))";
    }

    private static Connection connect(Db db) {
        try {
            return DriverManager.getConnection(switch (db) {
                case PG -> PG_URL + "&currentSchema=" + PG_SCHEMA;
                case PG_SCS_OFF, PG_PINNED -> PG_SCS_OFF_URL + "&currentSchema=" + PG_SCHEMA;
                case MY -> MY_URL;
                case MY_NO_BACKSLASH_ESCAPES -> MY_NBE_URL;
            });
        } catch (SQLException e) {
            Assumptions.abort(db + " is not reachable here (" + e.getMessage() + "); start the local server");
            throw new AssertionError(e);
        }
    }

    private static void setUp(Db db) throws SQLException {
        String url = db.pg() ? PG_URL : MY_URL;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : db.pg() ? PG_SETUP : MY_SETUP) {
                s.execute(sql);
            }
        }
    }

    // ---- the run --------------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> postgresql() {
        return attacks(Db.PG);
    }

    @TestFactory
    Stream<DynamicTest> mariadb() {
        return attacks(Db.MY);
    }

    @TestFactory
    Stream<DynamicTest> postgresqlWithoutStandardConformingStrings() {
        return attacks(Db.PG_SCS_OFF);
    }

    @TestFactory
    Stream<DynamicTest> postgresqlWithStandardConformingStringsPinnedOverAnOffSession() {
        return attacks(Db.PG_PINNED);
    }

    @TestFactory
    Stream<DynamicTest> mariadbWithNoBackslashEscapes() {
        return attacks(Db.MY_NO_BACKSLASH_ESCAPES);
    }

    private Stream<DynamicTest> attacks(Db db) {
        try {
            setUp(db);
        } catch (SQLException e) {
            Assumptions.abort(db + " is not usable here (" + e.getMessage() + ")");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : ATTACKS.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            char where = line.charAt(0);
            boolean runs = switch (db) {
                case PG, PG_PINNED -> where == 'A' || where == 'P' || where == 'p';
                case MY -> where == 'A' || where == 'M' || where == 'm';
                case PG_SCS_OFF -> where == 'p';
                case MY_NO_BACKSLASH_ESCAPES -> where == 'm';
            };
            if (!runs) {
                continue;
            }
            String sql = line.substring(2).replace("\\n", "\n");
            for (Policy p : List.of(FULL, MASK)) {
                String label = (p == FULL ? "tenant+mask " : "mask ") + sql;
                tests.add(DynamicTest.dynamicTest(label, () -> attack(db, p, sql)));
            }
        }
        return tests.stream();
    }

    /** One attack: refused, or accepted and shown to leak nothing when run exactly as accepted. */
    static void attack(Db db, Policy policy, String sql) throws SQLException {
        SqlGuard guard = db == Db.PG_PINNED ? new SqlGuard(policy).withPinnedStandardStrings() : new SqlGuard(policy);
        Verdict v = guard.check(sql, db.pg() ? Dialect.POSTGRESQL : Dialect.MARIADB, visible(db));
        if (v instanceof Verdict.Refused) {
            REFUSED.incrementAndGet();
            return;
        }
        Verdict.Accepted a = (Verdict.Accepted) v;
        String leak = leak(db, policy, a);
        if (leak != null) {
            LEAKS.incrementAndGet();
            fail("LEAK (" + db + "): " + sql + "\n  accepted as: " + a.sql() + "\n  " + leak);
        }
        ACCEPTED_SAFE.incrementAndGet();
    }

    /** Why the accepted text leaks, or null. */
    private static String leak(Db db, Policy policy, Verdict.Accepted a) throws SQLException {
        List<String> secrets = new ArrayList<>(SECRETS);
        if (policy.tenantColumn() != null) {
            secrets.add(OTHER_TENANT);
        }
        try (Connection c = connect(db)) {
            c.setAutoCommit(false);
            pin(c, db);
            String before = state(c, db);
            long start = System.nanoTime();
            Outcome first = run(c, a);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String after = state(c, db);
            c.rollback();
            if (!before.equals(after)) {
                return "side effect: state " + before + " became " + after;
            }
            if (millis > 2500) {
                return "side effect: it ran for " + millis + " ms";
            }
            if (first.error != null) {
                DB_ERRORS.incrementAndGet();
            }
            System.out.println("ACCEPTED " + db + " " + (policy.tenantColumn() != null ? "tenant " : "mask ") + a.sql()
                    + "\n    -> " + first.text());
            for (String s : secrets) {
                if (first.text().toUpperCase(Locale.ROOT).contains(s)) {
                    return "returned " + s + "...: " + first.text();
                }
            }
            try (Statement s = c.createStatement()) {
                for (String m : mutations(db, policy)) {
                    s.execute(m);
                }
            }
            pin(c, db);
            Outcome second = run(c, a);
            c.rollback();
            if (!first.equals(second)) {
                return "result depends on secret data: " + first.text() + "\n  then " + second.text();
            }
        }
        return null;
    }

    /** What the driver's read-only scope does first in each transaction on PostgreSQL. */
    private static void pin(Connection c, Db db) throws SQLException {
        if (db == Db.PG_PINNED) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL standard_conforming_strings = on");
            }
        }
    }

    private static String state(Connection c, Db db) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(stateQuery(db))) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rows (as a sorted multiset: updates reorder a heap) or the error, of one run. */
    private record Outcome(List<String> rows, String error) {
        String text() {
            String t = error != null ? "error: " + error : String.join(" / ", rows);
            return t.length() > 400 ? t.substring(0, 400) + "..." : t;
        }
    }

    private static Outcome run(Connection c, Verdict.Accepted a) throws SQLException {
        try (Statement sp = c.createStatement()) {
            sp.execute("SAVEPOINT rt");
        }
        try (PreparedStatement ps = c.prepareStatement(a.sql())) {
            ps.setQueryTimeout(10);
            for (int i = 0; i < a.parameters().size(); i++) {
                ps.setObject(i + 1, a.parameters().get(i));
            }
            List<String> rows = new ArrayList<>();
            boolean isResult = ps.execute();
            if (isResult) {
                try (ResultSet rs = ps.getResultSet()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            b.append(i > 1 ? "," : "").append(Objects.toString(rs.getString(i)));
                        }
                        rows.add(b.toString());
                    }
                }
            }
            Collections.sort(rows);
            return new Outcome(rows, null);
        } catch (SQLException e) {
            try (Statement sp = c.createStatement()) {
                sp.execute("ROLLBACK TO SAVEPOINT rt");
            }
            return new Outcome(List.of(), e.getMessage());
        }
    }

    @AfterAll
    static void report() {
        System.out.println("RedTeamTest: " + REFUSED.get() + " refused, " + ACCEPTED_SAFE.get()
                + " accepted without a leak (" + DB_ERRORS.get() + " of those failed on the database), "
                + LEAKS.get() + " leaks");
    }
}
