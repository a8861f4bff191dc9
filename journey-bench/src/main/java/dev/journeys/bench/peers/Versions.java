package dev.journeys.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the peer engines' libraries, and H2 housekeeping. Thread-safe. */
final class Versions {

    private Versions() {
    }

    /** Returns the artifact's version, or {@code "(unknown version)"}. */
    static String of(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    /** Returns H2's version, which its jar has no Maven metadata for. */
    static String h2() {
        try {
            return String.valueOf(Class.forName("org.h2.engine.Constants").getField("FULL_VERSION").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "(unknown version)";
        }
    }

    /**
     * Closes an H2 in-memory database, so a round's data does not stay on the heap after its
     * engine closed.
     */
    static void shutDownH2(String jdbcUrl) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, "sa", "");
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not shut down " + jdbcUrl, e);
        }
    }
}
