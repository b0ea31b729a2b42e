package org.nljdbc.driver;

import org.nljdbc.driver.demo.Demo;

/** Entry point of the bundled jar: {@code java -jar nljdbc-<version>-all.jar demo [statement ...]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            // The bundled jar carries no logging backend on purpose; the demo need not say so on every start.
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        if (args.length > 0 && args[0].equals("demo")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            System.exit(Demo.run(rest, System.out, System.err));
        }
        System.out.println("nljdbc " + NlDriver.VERSION + ": a JDBC driver for questions in natural language.");
        System.out.println("Use it as a JDBC driver (URL jdbc:nl:<your database URL>), or try it:");
        System.out.println("  java -jar nljdbc-" + NlDriver.VERSION + "-all.jar demo                 interactive shell on a sample shop");
        System.out.println("  java -jar nljdbc-" + NlDriver.VERSION + "-all.jar demo \"NL: ...\"       answer one statement and exit");
        System.out.println("  java -jar nljdbc-" + NlDriver.VERSION + "-all.jar demo --chart out.html \"NL: ...\"   "
                + "also write a page that draws the answer (works offline)");
        System.exit(args.length == 0 ? 0 : 2);
    }
}
