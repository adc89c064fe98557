package care.ketamine.infrastructure;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One node of a replicated Kafka cluster on loopback, in its own process, so that a fault run can kill
 * it with SIGKILL and start it again. Prints {@code READY} once it serves; its data stays under
 * {@code --data}/node-N. The first node to start chooses the cluster's id (in {@code --data}/cluster.id).
 *
 * <pre>java -cp "local-infrastructure.jar:lib/*" care.ketamine.infrastructure.KafkaNode --data .local/kafka \
 *     --node 2 --nodes 9092:9093,9094:9095,9096:9097 [--outside 10.231.0.1:19094]</pre>
 * {@code --outside} also serves clients at an address outside loopback ({@link KafkaBroker#alsoListeningOn}).
 * Create the system's topics once every node is up: {@code KafkaBroker.createTopics(bootstrap, 3)}.
 */
public final class KafkaNode {

    private KafkaNode() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(LocalInfrastructure.option(args, "--data", ".local/kafka"));
        int id = Integer.parseInt(LocalInfrastructure.option(args, "--node", "1"));
        List<KafkaBroker.Node> cluster = nodes(LocalInfrastructure.option(args, "--nodes", "9092:9093"));
        KafkaBroker.Node node = cluster.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--node " + id + " is not one of --nodes"));
        KafkaBroker broker = new KafkaBroker(data.resolve("node-" + id), node, cluster, clusterId(data));
        String outside = LocalInfrastructure.option(args, "--outside", "");
        if (!outside.isEmpty()) {
            int colon = outside.lastIndexOf(':');
            broker.alsoListeningOn(outside.substring(0, colon), Integer.parseInt(outside.substring(colon + 1)));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            System.out.println("STOPPED");
            stopped.countDown();
        }, "kafka-node-shutdown"));
        broker.start();
        System.out.println("READY kafka=" + broker.bootstrapServers() + " node=" + id);
        stopped.await();
    }

    /** {@code port:controllerPort,...}: node ids 1, 2, 3... in that order. */
    public static List<KafkaBroker.Node> nodes(String spec) {
        List<KafkaBroker.Node> nodes = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String[] ports = entry.trim().split(":");
            nodes.add(new KafkaBroker.Node(nodes.size() + 1, Integer.parseInt(ports[0]), Integer.parseInt(ports[1])));
        }
        return nodes;
    }

    /** The cluster's id, made by whichever node comes first: written aside, then linked in (link fails if one is there). */
    static String clusterId(Path data) throws IOException {
        Files.createDirectories(data);
        Path file = data.resolve("cluster.id");
        if (!Files.exists(file)) {
            Path mine = Files.createTempFile(data, "cluster.id", ".new");
            Files.writeString(mine, org.apache.kafka.common.Uuid.randomUuid().toString());
            try {
                Files.createLink(file, mine);
            } catch (FileAlreadyExistsException anotherNodeWasFirst) {
                // theirs stands
            } finally {
                Files.delete(mine);
            }
        }
        return Files.readString(file).trim();
    }
}
