package care.ketamine.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Always up; it is there so that a compressed stack says so wherever an operator looks. */
@Readiness
@ApplicationScoped
public class ClinicalTimeReadiness implements HealthCheck {

    private final ClinicalTime clinicalTime;

    public ClinicalTimeReadiness(ClinicalTime clinicalTime) {
        this.clinicalTime = clinicalTime;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("clinical-time").up().withData("compression", clinicalTime.compression())
                .withData("realTime", !clinicalTime.compressed()).build();
    }
}
