package care.ketamine.alerting.urgentreview;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Thresholds;
import care.ketamine.alerting.domain.UrgentReviewRules;
import care.ketamine.platform.sql.ReplicaLock;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Every 5 seconds: urgent reviews whose deadline passed with nobody having taken them raise
 * {@code urgent-review-overdue}, which escalates like any alert. It has no session and so no
 * session clinician: step 0 goes to on-call tier 1 (Notifier's rule for an alert without a known
 * clinician). One replica at a time looks (a transaction-scoped advisory lock); each task raises once.
 */
@ApplicationScoped
public class OverdueUrgentReviews {

    /** The advisory lock key of this sweep ("urgent" in ASCII). */
    static final long LOCK = 0x757267656e74L;

    private final RaiseAlert raiseAlert;
    private final EntityManager entityManager;
    private final Clock clock;

    public OverdueUrgentReviews(RaiseAlert raiseAlert, EntityManager entityManager, Clock clock) {
        this.raiseAlert = raiseAlert;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Scheduled(every = "${alerting.urgent-reviews.sweep-every:5s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            QuarkusTransaction.requiringNew().run(this::sweepOnce);
        } catch (RuntimeException e) {
            Log.warnf("overdue urgent reviews not looked at this time, retrying at the next sweep: %s", e.getMessage());
        }
    }

    void sweepOnce() {
        boolean mine = ReplicaLock.claim(entityManager, LOCK);
        if (!mine) {
            return;
        }
        Instant now = clock.instant();
        List<WatchedUrgentReview> due = WatchedUrgentReview.list(
                "takenAt is null and closedAt is null and alertedAt is null and dueAt <= ?1 order by dueAt", now);
        for (WatchedUrgentReview task : due) {
            UrgentReviewRules.overdue(task.taskId, task.urgency, task.dueAt, task.takenAt, now).ifPresent(condition -> {
                raiseAlert.raiseTimed(condition, new SessionWatch(condition.sessionId(), task.patientId, null, null, null,
                        Thresholds.defaults(), null, null));
                task.alertedAt = now;
            });
        }
    }
}
