package care.ketamine.platform.health;

import care.ketamine.platform.kafka.KafkaClientSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Readiness goes DOWN when the broker does not answer within two seconds. Quarkus's own Kafka
 * check waits for the admin client's 60 s default, which leaves /q/health/ready hanging exactly
 * when an operator needs it. The admin client takes the service's {@code kafka.*} settings (TLS, SASL) as
 * the channels do; the check names the security protocol it used, so a DOWN for want of it is plain to see.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private static final int TIMEOUT_MS = 2000;

    private final Map<String, Object> settings;
    private Admin admin;

    public KafkaReadiness(KafkaClientSettings kafka) {
        this.settings = kafka.with(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.CLIENT_ID_CONFIG, "readiness"));
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Kafka broker")
                .withData("bootstrap.servers", String.valueOf(settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)))
                .withData("security.protocol", String.valueOf(settings.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")));
        Admin client;
        try {
            client = admin();
        } catch (KafkaException refused) { // e.g. SASL without a login: the settings, not the broker
            return response.down().withData("reason", "admin client not created: " + refused.getMessage()).build();
        }
        try {
            int nodes = client.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            return response.status(nodes > 0).withData("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("reason", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("reason", "broker did not answer within " + TIMEOUT_MS + " ms").build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
