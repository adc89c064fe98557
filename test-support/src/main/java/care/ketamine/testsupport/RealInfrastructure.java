package care.ketamine.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the shared real broker and PostgreSQL, and at the
 * development signing key. Use with {@code @WithTestResource(RealInfrastructure.class)}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "postgres.host", infrastructure.postgresHost(),
                "postgres.port", String.valueOf(infrastructure.postgresPort()),
                "quarkus.datasource.username", infrastructure.postgresUser(),
                "quarkus.datasource.password", infrastructure.postgresPassword(),
                "jwt.public-key.location", DevKeys.publicKey().toUri().toString(),
                "jwt.private-key.location", DevKeys.privateKey().toUri().toString());
    }

    @Override
    public void stop() {
        // Shared by every test class in this JVM; stopped when the JVM exits.
    }
}
