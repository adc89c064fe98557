package care.ketamine.testsupport;

import care.ketamine.infrastructure.FreePort;
import care.ketamine.infrastructure.KafkaBroker;
import care.ketamine.infrastructure.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** A real broker and PostgreSQL started in the test JVM, on free ports, in a temporary folder. */
final class EmbeddedInfrastructure implements TestInfrastructure {

    private final Path data;
    private final KafkaBroker broker;
    private final PostgresServer postgres;

    private EmbeddedInfrastructure(Path data) {
        this.data = data;
        this.broker = new KafkaBroker(data.resolve("kafka"), FreePort.find(), FreePort.find());
        this.postgres = PostgresServer.throwaway(data.resolve("postgres"), FreePort.find());
    }

    /** Held so they are not collected: the broker logs ~1,500 INFO lines per start otherwise. */
    private static final List<Logger> QUIETED = Stream.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky")
            .map(name -> {
                Logger logger = Logger.getLogger(name);
                logger.setLevel(Level.WARNING);
                return logger;
            }).toList();

    static EmbeddedInfrastructure start() {
        try {
            EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(Files.createTempDirectory("ketamine-test-"));
            infrastructure.postgres.start();
            infrastructure.broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "test-infrastructure-stop"));
            return infrastructure;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        broker.stop();
        postgres.stop();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String postgresHost() {
        return "127.0.0.1";
    }

    @Override
    public int postgresPort() {
        return postgres.port();
    }

    @Override
    public String postgresUser() {
        return PostgresServer.USER;
    }

    @Override
    public String postgresPassword() {
        return "";
    }

    @Override
    public void stopKafka() {
        broker.stop();
    }

    @Override
    public void startKafka() {
        broker.start();
    }

    @Override
    public void stopPostgres() {
        postgres.stop();
    }

    @Override
    public void startPostgres() {
        postgres.start();
    }
}
