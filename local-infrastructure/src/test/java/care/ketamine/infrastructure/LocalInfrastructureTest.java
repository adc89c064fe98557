package care.ketamine.infrastructure;

import care.ketamine.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInfrastructureTest {

    @TempDir
    Path data;

    @Test
    void shouldStartABrokerThatAcknowledgesWithAcksAllAndKeepsItsTopicsAcrossARestart() throws Exception {
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        try (KafkaBroker broker = new KafkaBroker(data.resolve("kafka"), port, controllerPort).start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                        .contains(Topics.VITALS_OBSERVATIONS, Topics.deadLetter(Topics.VITALS_OBSERVATIONS), Topics.ALERTS_EVENTS);
                assertThat(admin.describeTopics(java.util.List.of(Topics.VITALS_OBSERVATIONS)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(Topics.VITALS_OBSERVATIONS).partitions()).hasSize(Topics.partitions(Topics.VITALS_OBSERVATIONS));
            }
            assertThat(send(broker).offset()).isZero();

            broker.stop();
            broker.start();

            assertThat(send(broker).offset()).as("the first record survived the restart").isEqualTo(1);
        }
    }

    private static org.apache.kafka.clients.producer.RecordMetadata send(KafkaBroker broker) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>("local-infrastructure-test", 0, "session-1", "{}")).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldStartPostgresWithOneDatabasePerServiceAndKeepDataAcrossARestart() throws Exception {
        int port = FreePort.find();
        try (PostgresServer postgres = new PostgresServer(data.resolve("postgres"), port).start()) {
            for (String database : PostgresServer.SERVICE_DATABASES) {
                try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database), PostgresServer.USER, "")) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("vitals"), PostgresServer.USER, "")) {
                c.createStatement().execute("CREATE TABLE kept (id int)");
                c.createStatement().execute("INSERT INTO kept VALUES (7)");
            }

            postgres.stop();
            postgres.start();

            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("vitals"), PostgresServer.USER, "");
                 ResultSet rows = c.createStatement().executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }
}
