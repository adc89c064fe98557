package care.ketamine.vitals.kafka;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A metrics reporter that only remembers the settings each Kafka client was created with: Kafka hands a
 * reporter its client's whole configuration, so a test can see what a client really got.
 */
public class ClientSettingsRecorder implements MetricsReporter {

    private static final List<Map<String, Object>> CREATED = new CopyOnWriteArrayList<>();

    /** The settings of every client created in this JVM since it started. */
    public static List<Map<String, Object>> created() {
        return List.copyOf(CREATED);
    }

    @Override
    public void configure(Map<String, ?> settings) {
        CREATED.add(new HashMap<>(settings));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
