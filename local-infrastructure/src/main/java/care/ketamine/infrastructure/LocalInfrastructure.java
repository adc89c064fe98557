package care.ketamine.infrastructure;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's infrastructure as one process: a Kafka broker and PostgreSQL with the
 * services' databases, data kept under one folder. Prints {@code READY} once both answer and
 * stops both cleanly on SIGTERM or Ctrl-C. With {@code --kafka-cluster} the brokers are a replicated
 * cluster of {@link KafkaNode} processes started beside it: this only creates the topics there.
 *
 * <pre>java -cp "local-infrastructure.jar:lib/*" care.ketamine.infrastructure.LocalInfrastructure --data .local --kafka-port 9092 --postgres-port 5432
 * ... LocalInfrastructure --data .local --postgres-port 5432 --kafka-cluster 127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096</pre>
 */
public final class LocalInfrastructure {

    private LocalInfrastructure() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(option(args, "--data", ".local"));
        int kafkaPort = Integer.parseInt(option(args, "--kafka-port", "9092"));
        int controllerPort = Integer.parseInt(option(args, "--kafka-controller-port", String.valueOf(kafkaPort + 1)));
        int postgresPort = Integer.parseInt(option(args, "--postgres-port", "5432"));

        String cluster = option(args, "--kafka-cluster", null);
        PostgresServer postgres = new PostgresServer(data.resolve("postgres"), postgresPort);
        KafkaBroker broker = cluster != null ? null : new KafkaBroker(data.resolve("kafka"), kafkaPort, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (broker != null) {
                broker.stop();
            }
            postgres.stop();
            System.out.println("STOPPED");
            stopped.countDown();
        }, "local-infrastructure-shutdown"));

        postgres.start();
        String kafka;
        if (broker != null) {
            kafka = broker.start().bootstrapServers();
        } else {
            kafka = cluster;
            KafkaBroker.createTopics(cluster, cluster.split(",").length);
        }
        System.out.println("READY kafka=" + kafka + " postgres=" + postgres.jdbcUrl("<service>"));
        stopped.await();
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
