package org.nljdbc.translator.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nljdbc.translator.testing.TestDatabases.Target;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL and MariaDB from Testcontainers, one container per target and JVM, where a Docker engine answers.
 * Without one it answers {@code null} at once and says nothing: the engine is only asked when something points
 * at it (a Docker socket, {@code DOCKER_HOST}, a Testcontainers configuration file), and Testcontainers' classes are
 * only loaded then, so modules without the dependency (bench) fall through to the local servers too.
 */
final class ContainerDatabases {
    private static final Map<Target, String> URLS = new ConcurrentHashMap<>();
    private static volatile Boolean docker;

    private ContainerDatabases() {
    }

    /** A JDBC URL of a running container for the target, or null when there is no Docker engine (or it failed). */
    static synchronized String url(Target target) {
        if (!dockerAvailable()) {
            return null;
        }
        String known = URLS.get(target);
        if (known != null) {
            return known;
        }
        try {
            String url = Started.start(target);
            if (url != null && TestDatabases.firstWorking(target, url) != null) {
                URLS.put(target, url);
                System.err.println(target + " from Testcontainers: " + url.replaceAll("password=[^&]*", "password=***"));
                return url;
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println(target + " container did not start (" + e.getMessage() + "); trying the local server");
        }
        return null;
    }

    private static boolean dockerAvailable() {
        Boolean known = docker;
        if (known == null) {
            known = pointsAtDocker() && classesPresent() && Started.engineAnswers();
            docker = known;
        }
        return known;
    }

    /** Cheap signs that a Docker engine may be there; none of them means none is asked. */
    private static boolean pointsAtDocker() {
        if ("false".equalsIgnoreCase(System.getenv("NLJDBC_TESTCONTAINERS"))) {
            return false;
        }
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || (runtime != null && Files.exists(Path.of(runtime, "docker.sock")))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
    }

    private static boolean classesPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ContainerDatabases.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Holds every reference to Testcontainers, so nothing of it loads unless Docker looks present. */
    private static final class Started {
        static boolean engineAnswers() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
        static String start(Target target) {
            JdbcDatabaseContainer<?> c = switch (target) {
                case POSTGRESQL -> new PostgreSQLContainer("postgres:16-alpine")
                        .withDatabaseName("test").withUsername("test").withPassword("test");
                case MARIADB -> new MariaDBContainer("mariadb:11")
                        .withDatabaseName("test").withUsername("root").withPassword("test");
                default -> null;
            };
            if (c == null) {
                return null;
            }
            c.start();
            String hostPort = c.getHost() + ":" + c.getFirstMappedPort();
            return switch (target) {
                case POSTGRESQL -> "jdbc:postgresql://" + hostPort + "/test?user=test&password=test";
                default -> "jdbc:mariadb://" + hostPort + "/test?user=root&password=test&sslMode=disable";
            };
        }
    }
}
