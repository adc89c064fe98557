package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.Severity;

import java.time.Instant;

/**
 * What an alert's lifecycle tells its escalation, each inside the caller's transaction. Declared here and
 * implemented by {@code escalation/Escalation}, so that escalation depends on alerts and not the other way round.
 */
public interface AlertEscalation {

    /** Raised or reopened: step 0 notifies at once, the later steps are planned. */
    void start(Alert alert, Instant now);

    /** Worse while still open: the steps not fired yet follow the new severity. */
    void replanForSeverity(Alert alert, Instant now);

    /** Worse since it was acknowledged (the caller has opened it again): the acknowledger is paged, a new round begins. */
    void worsenedWhileAcknowledged(Alert alert, Severity from, String acknowledgedBy, String acknowledgedRole, Instant now);

    /** A repeat measurement confirmed the finding: whoever it has reached is told at once. */
    void confirmed(Alert alert, Instant now);

    /** Someone owns it: the steps stop; the re-page for an alert left unresolved is planned. */
    void acknowledged(Alert alert, Instant now);

    /** Resolved: no further step fires. */
    void stop(Alert alert);
}
