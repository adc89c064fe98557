package care.ketamine.platform.health;

import care.ketamine.platform.consumer.WorkInProgress;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.util.Optional;

/**
 * Liveness goes DOWN when a consumer's (or any retried) transaction has shown no progress for
 * {@code consumers.stuck-after}: stuck inside one attempt, it holds its record and everything behind it while the
 * database and the broker answer, so nothing else goes DOWN. Restarted, the service takes the record again. Waiting
 * out a database outage is progress (marked every second), never stuck.
 */
@Liveness
@ApplicationScoped
public class StuckWorkLiveness implements HealthCheck {

    private final Duration stuckAfter;

    public StuckWorkLiveness(@ConfigProperty(name = "consumers.stuck-after", defaultValue = "5M") Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<WorkInProgress.Stuck> stuck = WorkInProgress.ofThisService().stuckLongerThan(stuckAfter);
        var response = HealthCheckResponse.named("Work in progress").withData("stuck-after", stuckAfter.toString());
        return stuck.map(s -> response.down().withData("thread", s.thread())
                        .withData("no progress for", s.quietFor().toSeconds() + " s").build())
                .orElseGet(() -> response.up().build());
    }
}
