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
 * A real Apache Kafka broker in KRaft mode (a combined broker and controller node), started in this
 * JVM from Maven Central's artifacts: alone, or as one node of a replicated cluster on loopback
 * ({@link KafkaNode} runs each in its own process). KafkaRaftServer and StorageTool are not a stable
 * public API, which is why nothing else in the project touches them.
 */
public final class KafkaBroker implements AutoCloseable {

    /**
     * Partitions of a topic that is not one of the system's (those have theirs from {@link Topics#partitions}):
     * the benchmark's own, or one created by its first record.
     */
    public static final int PARTITIONS = 3;

    /** One node of a cluster: its id, its clients' port and its controller's port, all on 127.0.0.1. */
    public record Node(int id, int port, int controllerPort) {
    }

    private final Path dataDirectory;
    private final Node node;
    private final List<Node> cluster;
    private final String clusterId;
    private String outside;
    private KafkaRaftServer server;

    /** A cluster of one. */
    public KafkaBroker(Path dataDirectory, int port, int controllerPort) {
        this(dataDirectory, new Node(1, port, controllerPort), List.of(new Node(1, port, controllerPort)), null);
    }

    /**
     * One node of {@code cluster}. Every node must be formatted with the same {@code clusterId}; a cluster of
     * three or more keeps each partition on three nodes and acknowledges a write once two have it.
     */
    public KafkaBroker(Path dataDirectory, Node node, List<Node> cluster, String clusterId) {
        this.dataDirectory = dataDirectory;
        this.node = node;
        this.cluster = List.copyOf(cluster);
        this.clusterId = clusterId;
    }

    /**
     * Also serves clients at {@code host:port}, an address of this machine outside loopback (a fault run's
     * separate host reaches the cluster there), and tells those clients that address. Before {@link #start()}.
     */
    public KafkaBroker alsoListeningOn(String host, int port) {
        this.outside = host + ":" + port;
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + node.port();
    }

    /** Every node's address, for clients that must reach the cluster while any one node is down. */
    public static String bootstrapServers(List<Node> cluster) {
        return String.join(",", cluster.stream().map(n -> "127.0.0.1:" + n.port()).toList());
    }

    public int port() {
        return node.port();
    }

    /** Copies of each partition: three where the cluster has them. */
    public static short replicationFactor(int clusterSize) {
        return (short) Math.min(3, clusterSize);
    }

    /** Copies that must have a write before it is acknowledged (acks=all): two of three, so one node may be lost. */
    public static int minInSyncReplicas(int clusterSize) {
        return clusterSize >= 3 ? 2 : 1;
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
        if (cluster.size() == 1) {
            createTopics(bootstrapServers(), 1);
        }
        return this;
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.id()));
        p.put("controller.quorum.voters", String.join(",",
                cluster.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).toList()));
        String outsideListener = outside == null ? "" : ",OUTSIDE://" + outside;
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort()
                + outsideListener);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port() + outsideListener);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,OUTSIDE:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDirectory.resolve("kafka-logs").toString());
        p.put("num.partitions", String.valueOf(PARTITIONS));
        String copies = String.valueOf(replicationFactor(cluster.size()));
        String inSync = String.valueOf(minInSyncReplicas(cluster.size()));
        p.put("offsets.topic.replication.factor", copies);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", copies);
        p.put("transaction.state.log.min.isr", inSync);
        p.put("share.coordinator.state.topic.replication.factor", copies);
        p.put("share.coordinator.state.topic.min.isr", inSync);
        p.put("min.insync.replicas", inSync);
        p.put("default.replication.factor", copies);
        // A replica that fell behind never becomes leader: that would drop acknowledged records.
        p.put("unclean.leader.election.enable", "false");
        if (cluster.size() > 1) {
            // A controlled shutdown waits (up to 5 minutes) for a controller quorum to approve it, which the last
            // nodes of a cluster stopping together no longer have. Written records are safe without it (three
            // copies, acks=all); the partitions it led move once its broker session times out.
            p.put("controlled.shutdown.enable", "false");
            p.put("broker.session.timeout.ms", "6000");
        }
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
        if (clusterId != null) {
            return clusterId;
        }
        Path file = dataDirectory.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    /**
     * Creates every topic of the system and its dead-letter topic on a cluster of {@code clusterSize} nodes, if
     * missing, with the partitions {@link Topics#partitions} gives it (as in Kubernetes) and
     * {@link #replicationFactor} copies; the device keys compacted, as there. Waits (at most 60 s) until every
     * node has joined, since a topic cannot be given more copies than there are brokers.
     */
    public static void createTopics(String bootstrapServers, int clusterSize) {
        short copies = replicationFactor(clusterSize);
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            NewTopic created = new NewTopic(topic, Topics.partitions(topic), copies);
            if (topic.equals(Topics.SESSIONS_DEVICE_KEYS)) {
                created.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(created);
            topics.add(new NewTopic(Topics.deadLetter(topic), Topics.partitions(Topics.deadLetter(topic)), copies));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < clusterSize) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + clusterSize + " brokers joined the cluster within 60 s");
                }
                Thread.sleep(200);
            }
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
