package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.AlertCondition;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Clock;
import java.time.Instant;

/**
 * Use case: a rule found a condition. One alert per (session, rule): while it is unresolved a
 * recurrence updates it instead of paging again. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class RaiseAlert {

    private final AlertRepository alerts;
    private final Event<AlertChanged> changes;
    private final Clock clock;
    private final MeterRegistry meters;

    public RaiseAlert(AlertRepository alerts, Event<AlertChanged> changes, Clock clock, MeterRegistry meters) {
        this.alerts = alerts;
        this.changes = changes;
        this.clock = clock;
        this.meters = meters;
    }

    public Alert raise(AlertCondition condition) {
        Instant now = clock.instant();
        Alert alert = alerts.findUnresolved(condition.sessionId(), condition.rule())
                .map(existing -> {
                    existing.recur(condition, now);
                    meters.counter("alerts.recurrences", "rule", condition.rule()).increment();
                    return existing;
                })
                .orElseGet(() -> {
                    Alert opened = Alert.open(condition, now);
                    alerts.persist(opened);
                    meters.counter("alerts.raised", "rule", condition.rule(), "severity", condition.severity().name())
                            .increment();
                    return opened;
                });
        alerts.flush(); // the version the view carries is the one committed
        changes.fire(new AlertChanged(AlertView.of(alert)));
        return alert;
    }
}
