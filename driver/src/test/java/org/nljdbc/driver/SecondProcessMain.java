package org.nljdbc.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The second process of {@link SecondProcessExampleReuseTest}: a fresh JVM that connects with the settings given as
 * {@code key=value} arguments after the URL and the question, asks it once and prints what answered and the first
 * value ({@code source=...}, {@code value=...}), or the error's SQLState and message.
 */
public final class SecondProcessMain {
    private SecondProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String question = args[1];
        Properties p = new Properties();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            p.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: " + question)) {
            rs.next();
            NlResult r = s.unwrap(NlResult.class);
            System.out.println("source=" + r.source());
            System.out.println("value=" + rs.getString(1));
            System.out.println("tokens=" + r.promptTokens());
        } catch (java.sql.SQLException e) {
            System.out.println("error=" + e.getSQLState() + " " + e.getMessage().replace('\n', ' '));
        }
    }
}
