package care.ketamine.testsupport;

/**
 * The broker and PostgreSQL a test JVM runs against: started once, shared by every test class
 * in the JVM, stopped when the JVM exits. {@code -Dtest.infrastructure=testcontainers} swaps the
 * embedded pair for containers (needs a Docker engine); the default is embedded.
 */
public interface TestInfrastructure {

    String kafkaBootstrapServers();

    String postgresHost();

    int postgresPort();

    String postgresUser();

    String postgresPassword();

    /** Stops the broker (keeping its data), to prove what a service does without it. */
    void stopKafka();

    /** Starts the broker again on the same address. */
    void startKafka();

    /** Stops PostgreSQL (keeping its data). */
    void stopPostgres();

    /** Starts PostgreSQL again on the same address. */
    void startPostgres();

    static TestInfrastructure shared() {
        synchronized (Shared.class) {
            return Shared.instance != null ? Shared.instance : (Shared.instance = startChosen());
        }
    }

    private static TestInfrastructure startChosen() {
        String kind = System.getProperty("test.infrastructure", "embedded");
        return switch (kind) {
            case "embedded" -> EmbeddedInfrastructure.start();
            case "testcontainers" -> ContainerInfrastructure.start();
            default -> throw new IllegalArgumentException(
                    "test.infrastructure must be embedded or testcontainers, not " + kind);
        };
    }

    /** Holder of the JVM-wide instance. */
    final class Shared {
        private static TestInfrastructure instance;

        private Shared() {
        }
    }
}
