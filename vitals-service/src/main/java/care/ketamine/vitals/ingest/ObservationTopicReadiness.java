package care.ketamine.vitals.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the producer knows vitals.observations: before that every reading would get 503. */
@Readiness
@ApplicationScoped
public class ObservationTopicReadiness implements HealthCheck {

    private final ObservationPublisher publisher;

    public ObservationTopicReadiness(ObservationPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("vitals.observations metadata").status(publisher.knowsTopic()).build();
    }
}
