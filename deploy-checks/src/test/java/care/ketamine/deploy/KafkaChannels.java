package care.ketamine.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one service's application.properties says it does on Kafka: the topics its incoming channels
 * read, their consumer groups, the dead-letter topics they park on and the topics of its outgoing
 * channels. (Topics a service writes from code, through its outbox or its own producer, are not here.)
 */
record KafkaChannels(String service, Set<String> reads, Set<String> groups, Set<String> groupPrefixes, Set<String> writes) {

    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String OUTGOING = "mp.messaging.outgoing.";

    static KafkaChannels of(Path root, String service) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(root.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> reads = new TreeSet<>(), groups = new TreeSet<>(), prefixes = new TreeSet<>(), writes = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith(INCOMING) && key.endsWith(".dead-letter-queue.topic")) {
                writes.add(value);
            } else if (key.startsWith(INCOMING) && key.endsWith(".topic")) {
                reads.add(value);
            } else if (key.startsWith(INCOMING) && key.endsWith(".group.id")) {
                // vitals-device-keys-${quarkus.uuid}: a group of its own per replica, allowed by prefix
                int expression = value.indexOf("${");
                (expression < 0 ? groups : prefixes).add(expression < 0 ? value : value.substring(0, expression));
            } else if (key.startsWith(OUTGOING) && key.endsWith(".topic")) {
                writes.add(value);
            }
        }
        return new KafkaChannels(service, reads, groups, prefixes, writes);
    }
}
