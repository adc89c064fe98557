package care.ketamine.infrastructure;

import care.ketamine.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The replicated cluster the fault run uses: three copies of every partition, writes go on while one node is down. */
class KafkaClusterTest {

    @TempDir
    Path data;

    @Test
    void shouldKeepThreeCopiesAndAcknowledgeWritesWhileOneNodeIsDown() throws Exception {
        List<KafkaBroker.Node> cluster = KafkaNode.nodes(FreePort.find() + ":" + FreePort.find() + ","
                + FreePort.find() + ":" + FreePort.find() + "," + FreePort.find() + ":" + FreePort.find());
        String clusterId = KafkaNode.clusterId(data);
        List<KafkaBroker> nodes = new ArrayList<>();
        List<Thread> starting = new ArrayList<>();
        for (KafkaBroker.Node node : cluster) {
            KafkaBroker broker = new KafkaBroker(data.resolve("node-" + node.id()), node, cluster, clusterId);
            nodes.add(broker);
            // Together: a node's start waits for the controllers' quorum, which needs two of three.
            Thread thread = new Thread(broker::start);
            thread.start();
            starting.add(thread);
        }
        try {
            for (Thread thread : starting) {
                thread.join(120_000);
            }
            String bootstrap = KafkaBroker.bootstrapServers(cluster);
            KafkaBroker.createTopics(bootstrap, cluster.size());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicDescription vitals = admin.describeTopics(List.of(Topics.VITALS_OBSERVATIONS)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(Topics.VITALS_OBSERVATIONS);
                assertThat(vitals.partitions()).hasSize(Topics.partitions(Topics.VITALS_OBSERVATIONS));
                assertThat(vitals.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.VITALS_OBSERVATIONS)))
                        .all().get(10, TimeUnit.SECONDS).values().iterator().next().get("min.insync.replicas").value())
                        .isEqualTo("2");

                int leader = vitals.partitions().get(0).leader().id();
                nodes.get(leader - 1).stop();

                assertThat(send(bootstrap, 0)).as("partition 0 written after its leader stopped").isGreaterThanOrEqualTo(0);
                TopicPartitionInfo afterwards = admin.describeTopics(List.of(Topics.VITALS_OBSERVATIONS)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(Topics.VITALS_OBSERVATIONS).partitions().get(0);
                assertThat(afterwards.leader().id()).isNotEqualTo(leader);
            }
        } finally {
            nodes.forEach(KafkaBroker::stop);
        }
    }

    private static long send(String bootstrap, int partition) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(Topics.VITALS_OBSERVATIONS, partition, "session-1", "{}"))
                    .get(60, TimeUnit.SECONDS).offset();
        }
    }
}
