package care.ketamine.testsupport;

import care.ketamine.infrastructure.KafkaBroker;
import care.ketamine.infrastructure.PostgresServer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The Docker path: the same broker version and PostgreSQL in containers. Chosen with
 * {@code -Dtest.infrastructure=testcontainers}; it cannot run on a machine without Docker.
 */
final class ContainerInfrastructure implements TestInfrastructure {

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    private static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    private final PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);

    static ContainerInfrastructure start() {
        ContainerInfrastructure infrastructure = new ContainerInfrastructure();
        infrastructure.kafka.start();
        infrastructure.postgres.start();
        KafkaBroker.createTopics(infrastructure.kafka.getBootstrapServers(), 1);
        infrastructure.createServiceDatabases();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infrastructure.kafka.stop();
            infrastructure.postgres.stop();
        }, "test-containers-stop"));
        return infrastructure;
    }

    private void createServiceDatabases() {
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
             Statement statement = connection.createStatement()) {
            for (String database : PostgresServer.SERVICE_DATABASES) {
                statement.execute("CREATE DATABASE \"" + database + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the service databases", e);
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String postgresHost() {
        return postgres.getHost();
    }

    @Override
    public int postgresPort() {
        return postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String postgresUser() {
        return postgres.getUsername();
    }

    @Override
    public String postgresPassword() {
        return postgres.getPassword();
    }

    @Override
    public void stopKafka() {
        kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startKafka() {
        kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void stopPostgres() {
        postgres.getDockerClient().pauseContainerCmd(postgres.getContainerId()).exec();
    }

    @Override
    public void startPostgres() {
        postgres.getDockerClient().unpauseContainerCmd(postgres.getContainerId()).exec();
    }
}
