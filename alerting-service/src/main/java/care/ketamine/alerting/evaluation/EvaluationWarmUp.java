package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.AlertRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * Runs the evaluation's queries once at startup. Without it the first reading after a start
 * waits over a second while Hibernate compiles them: the first alert of the day would be slow.
 */
@ApplicationScoped
class EvaluationWarmUp {

    @Transactional
    void onStart(@Observes StartupEvent start, AlertRepository alerts) {
        alerts.findUnresolved("warm-up", "warm-up");
    }
}
