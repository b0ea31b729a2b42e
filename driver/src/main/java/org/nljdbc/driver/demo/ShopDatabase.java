package org.nljdbc.driver.demo;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Random;

/**
 * The demo's shop: regions, countries, customers, categories, suppliers, products, orders, order items, payments
 * and reviews, with foreign keys and comments, generated deterministically (the same rows on every run).
 * Written in portable SQL so tests can load it into H2, PostgreSQL, MariaDB and SQLite alike.
 */
public final class ShopDatabase {
    /** Row counts of the generated data, for tests and the README. */
    public static final int CUSTOMERS = 400;
    public static final int PRODUCTS = 120;
    public static final int ORDERS = 2000;

    static final String[] REGIONS = {"Europe", "North America", "South America", "Asia", "Africa", "Oceania"};
    static final String[][] COUNTRIES = {
        {"Germany", "Europe"}, {"France", "Europe"}, {"Spain", "Europe"}, {"Italy", "Europe"}, {"Poland", "Europe"},
        {"United States", "North America"}, {"Canada", "North America"}, {"Mexico", "North America"},
        {"Brazil", "South America"}, {"Argentina", "South America"}, {"Chile", "South America"},
        {"Japan", "Asia"}, {"India", "Asia"}, {"China", "Asia"}, {"South Korea", "Asia"},
        {"Nigeria", "Africa"}, {"Kenya", "Africa"}, {"South Africa", "Africa"},
        {"Australia", "Oceania"}, {"New Zealand", "Oceania"}};
    static final String[] CATEGORIES = {"Books", "Electronics", "Garden", "Toys", "Kitchen", "Sports", "Clothing", "Beauty"};
    static final String[] SUPPLIERS = {"Acme Corp", "Globex", "Initech", "Umbrella Supplies", "Stark Goods", "Wayne Trading"};
    static final String[] FIRST = {"Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
        "Kemi", "Luca", "Maya", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara"};
    static final String[] LAST = {"Schmidt", "Martin", "Garcia", "Rossi", "Nowak", "Smith", "Tremblay", "Silva",
        "Tanaka", "Patel", "Okafor", "Brown", "Kim", "Wang", "Muller"};
    static final String[] ADJECTIVES = {"Classic", "Deluxe", "Compact", "Smart", "Eco", "Pro", "Mini", "Ultra"};
    static final String[] NOUNS = {"Lamp", "Kettle", "Novel", "Drone", "Ball", "Jacket", "Shovel", "Puzzle",
        "Blender", "Racket", "Cream", "Headphones", "Cookbook", "Robot", "Tent"};
    static final String[] STATUSES = {"delivered", "delivered", "delivered", "shipped", "cancelled", "pending"};
    static final String[] METHODS = {"card", "paypal", "bank transfer"};

    private ShopDatabase() {
    }

    /** Creates the tables and loads the rows. The connection should be empty of these tables. */
    public static void create(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : ddl()) {
                s.execute(ddl);
            }
            load(c);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Drops the shop's tables, children first. */
    public static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : new String[] {"reviews", "payments", "order_items", "orders", "products", "suppliers",
                    "categories", "customers", "countries", "regions"}) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    static String[] ddl() {
        return new String[] {
            "CREATE TABLE regions (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
            "CREATE TABLE countries (id INTEGER PRIMARY KEY, name VARCHAR(60) NOT NULL, "
                + "region_id INTEGER NOT NULL, FOREIGN KEY (region_id) REFERENCES regions(id))",
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, first_name VARCHAR(40) NOT NULL, "
                + "last_name VARCHAR(40) NOT NULL, email VARCHAR(120) NOT NULL, city VARCHAR(60), "
                + "country_id INTEGER NOT NULL, signup_date DATE NOT NULL, FOREIGN KEY (country_id) REFERENCES countries(id))",
            "CREATE TABLE categories (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
            "CREATE TABLE suppliers (id INTEGER PRIMARY KEY, name VARCHAR(60) NOT NULL, "
                + "country_id INTEGER, FOREIGN KEY (country_id) REFERENCES countries(id))",
            "CREATE TABLE products (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, "
                + "category_id INTEGER NOT NULL, "
                + "supplier_id INTEGER, price DECIMAL(10,2) NOT NULL, "
                + "stock_qty INTEGER NOT NULL, FOREIGN KEY (category_id) REFERENCES categories(id), FOREIGN KEY (supplier_id) REFERENCES suppliers(id))",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, "
                + "order_date DATE NOT NULL, status VARCHAR(20) NOT NULL, total_amount DECIMAL(12,2) NOT NULL, FOREIGN KEY (customer_id) REFERENCES customers(id))",
            "CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, "
                + "product_id INTEGER NOT NULL, quantity INTEGER NOT NULL, "
                + "unit_price DECIMAL(10,2) NOT NULL, FOREIGN KEY (order_id) REFERENCES orders(id), FOREIGN KEY (product_id) REFERENCES products(id))",
            "CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, "
                + "method VARCHAR(20) NOT NULL, amount DECIMAL(12,2) NOT NULL, paid_date DATE NOT NULL, FOREIGN KEY (order_id) REFERENCES orders(id))",
            "CREATE TABLE reviews (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, "
                + "customer_id INTEGER NOT NULL, rating INTEGER NOT NULL, "
                + "review_date DATE NOT NULL, FOREIGN KEY (product_id) REFERENCES products(id), FOREIGN KEY (customer_id) REFERENCES customers(id))"
        };
    }

    private static void load(Connection c) throws SQLException {
        Random rnd = new Random(20241);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO regions VALUES (?, ?)")) {
            for (int i = 0; i < REGIONS.length; i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, REGIONS[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO countries VALUES (?, ?, ?)")) {
            for (int i = 0; i < COUNTRIES.length; i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, COUNTRIES[i][0]);
                ps.setInt(3, java.util.Arrays.asList(REGIONS).indexOf(COUNTRIES[i][1]) + 1);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        LocalDate start = LocalDate.of(2022, 1, 1);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= CUSTOMERS; i++) {
                String first = FIRST[rnd.nextInt(FIRST.length)];
                String last = LAST[rnd.nextInt(LAST.length)];
                ps.setInt(1, i);
                ps.setString(2, first);
                ps.setString(3, last);
                ps.setString(4, (first + "." + last + i + "@example.com").toLowerCase(java.util.Locale.ROOT));
                ps.setString(5, "City " + (1 + rnd.nextInt(50)));
                ps.setInt(6, 1 + rnd.nextInt(COUNTRIES.length));
                ps.setDate(7, Date.valueOf(start.plusDays(rnd.nextInt(365 * 3))));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO categories VALUES (?, ?)")) {
            for (int i = 0; i < CATEGORIES.length; i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, CATEGORIES[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppliers VALUES (?, ?, ?)")) {
            for (int i = 0; i < SUPPLIERS.length; i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, SUPPLIERS[i]);
                ps.setInt(3, 1 + rnd.nextInt(COUNTRIES.length));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        int[] productCents = new int[PRODUCTS + 1];
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= PRODUCTS; i++) {
                productCents[i] = 299 + rnd.nextInt(30000);
                ps.setInt(1, i);
                ps.setString(2, ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + " " + NOUNS[rnd.nextInt(NOUNS.length)]
                        + " " + i);
                ps.setInt(3, 1 + rnd.nextInt(CATEGORIES.length));
                ps.setInt(4, 1 + rnd.nextInt(SUPPLIERS.length));
                ps.setBigDecimal(5, java.math.BigDecimal.valueOf(productCents[i], 2));
                ps.setInt(6, rnd.nextInt(500));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        int itemId = 1;
        try (PreparedStatement orders = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)");
             PreparedStatement items = c.prepareStatement("INSERT INTO order_items VALUES (?, ?, ?, ?, ?)");
             PreparedStatement payments = c.prepareStatement("INSERT INTO payments VALUES (?, ?, ?, ?, ?)")) {
            for (int o = 1; o <= ORDERS; o++) {
                LocalDate date = start.plusDays(rnd.nextInt(365 * 3));
                String status = STATUSES[rnd.nextInt(STATUSES.length)];
                int lines = 1 + rnd.nextInt(4);
                long totalCents = 0;
                for (int l = 0; l < lines; l++) {
                    int product = 1 + rnd.nextInt(PRODUCTS);
                    int qty = 1 + rnd.nextInt(5);
                    totalCents += (long) productCents[product] * qty;
                    items.setInt(1, itemId++);
                    items.setInt(2, o);
                    items.setInt(3, product);
                    items.setInt(4, qty);
                    items.setBigDecimal(5, java.math.BigDecimal.valueOf(productCents[product], 2));
                    items.addBatch();
                }
                orders.setInt(1, o);
                orders.setInt(2, 1 + rnd.nextInt(CUSTOMERS));
                orders.setDate(3, Date.valueOf(date));
                orders.setString(4, status);
                orders.setBigDecimal(5, java.math.BigDecimal.valueOf(totalCents, 2));
                orders.addBatch();
                if (!status.equals("cancelled") && !status.equals("pending")) {
                    payments.setInt(1, o);
                    payments.setInt(2, o);
                    payments.setString(3, METHODS[rnd.nextInt(METHODS.length)]);
                    payments.setBigDecimal(4, java.math.BigDecimal.valueOf(totalCents, 2));
                    payments.setDate(5, Date.valueOf(date.plusDays(rnd.nextInt(3))));
                    payments.addBatch();
                }
            }
            orders.executeBatch();
            items.executeBatch();
            payments.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reviews VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 800; i++) {
                ps.setInt(1, i);
                ps.setInt(2, 1 + rnd.nextInt(PRODUCTS));
                ps.setInt(3, 1 + rnd.nextInt(CUSTOMERS));
                ps.setInt(4, 1 + rnd.nextInt(5));
                ps.setDate(5, Date.valueOf(start.plusDays(rnd.nextInt(365 * 3))));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
