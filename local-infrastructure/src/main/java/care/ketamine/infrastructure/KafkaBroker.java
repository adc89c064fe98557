package care.ketamine.infrastructure;

import care.ketamine.contracts.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker and controller node), started
 * in this JVM from Maven Central's artifacts. KafkaRaftServer and StorageTool are not a stable
 * public API, which is why nothing else in the project touches them.
 */
public final class KafkaBroker implements AutoCloseable {

    /**
     * Partitions of a topic that is not one of the system's (those have theirs from {@link Topics#partitions}):
     * the benchmark's own, or one created by its first record.
     */
    public static final int PARTITIONS = 3;

    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public KafkaBroker(Path dataDirectory, int port, int controllerPort) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Formats the storage on first use (keeps it otherwise), starts the broker and creates the topics. */
    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        Properties properties = brokerProperties();
        format(properties);
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        createTopics(bootstrapServers());
        return this;
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDirectory.resolve("kafka-logs").toString());
        p.put("num.partitions", String.valueOf(PARTITIONS));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The 128 MiB default dedupe buffer would sit on a small heap for nothing.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private void format(Properties properties) {
        try {
            Files.createDirectories(dataDirectory);
            Path config = dataDirectory.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                properties.store(out, "written by KafkaBroker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            StorageTool.execute(new String[]{"format", "-t", clusterId(),
                    "-c", config.toString(), "--ignore-formatted"},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka storage in " + dataDirectory, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dataDirectory, e);
        }
    }

    /** The cluster id is chosen once per data directory: formatted storage refuses any other. */
    private String clusterId() throws IOException {
        Path file = dataDirectory.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    /**
     * Creates every topic of the system and its dead-letter topic on the given cluster, if missing, with the
     * partitions {@link Topics#partitions} gives it (as in Kubernetes); the device keys compacted, as there.
     */
    public static void createTopics(String bootstrapServers) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            NewTopic created = new NewTopic(topic, Topics.partitions(topic), (short) 1);
            if (topic.equals(Topics.SESSIONS_DEVICE_KEYS)) {
                created.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(created);
            topics.add(new NewTopic(Topics.deadLetter(topic), Topics.partitions(Topics.deadLetter(topic)), (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic", e.getCause());
                    }
                }
            }
            // Topics made before a count changed keep theirs (a count is never changed under running data).
            admin.describeTopics(Topics.all()).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, described) -> {
                if (described.partitions().size() != Topics.partitions(name)) {
                    System.err.println("WARNING: " + name + " has " + described.partitions().size() + " partitions, "
                            + "Topics.java says " + Topics.partitions(name) + ": it was made before; remove the data "
                            + "directory (.local/ for the local stack) to make it again");
                }
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("broker did not create topics within 30 s", e);
        }
    }

    /** Stops the broker; its data stays on disk. Safe to call twice. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
