package care.ketamine.alerting.urgentreview;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertEvents;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.domain.UrgentReviewRules;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.intake.UrgentReviewClosed;
import care.ketamine.contracts.intake.UrgentReviewOpened;
import care.ketamine.contracts.intake.UrgentReviewTaken;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.consumer.TransactionAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Follows intake's urgent-review tasks on {@code intake.patients} (other patient events are passed
 * over; an unreadable one goes to the dead-letter topic). A task taken after its overdue alert was
 * raised leaves the alert open (a person resolves alerts) and shows who took it and when.
 */
@ApplicationScoped
public class UrgentReviewProjection {

    private final ProcessedEvents processed;
    private final AlertRepository alerts;
    private final AlertEvents alertEvents;
    private final Clock clock;

    public UrgentReviewProjection(ProcessedEvents processed, AlertRepository alerts, AlertEvents alertEvents, Clock clock) {
        this.processed = processed;
        this.alerts = alerts;
        this.alertEvents = alertEvents;
        this.clock = clock;
    }

    @Incoming("patients")
    @Blocking
    public void onPatientEvent(String record) {
        String type = EventJson.typeOf(record);
        if (UrgentReviewOpened.TYPE.name().equals(type)) {
            EventEnvelope<UrgentReviewOpened> event = EventJson.read(record, UrgentReviewOpened.TYPE);
            once(event.eventId(), () -> opened(event.payload()));
        } else if (UrgentReviewTaken.TYPE.name().equals(type)) {
            EventEnvelope<UrgentReviewTaken> event = EventJson.read(record, UrgentReviewTaken.TYPE);
            once(event.eventId(), () -> taken(event.payload()));
        } else if (UrgentReviewClosed.TYPE.name().equals(type)) {
            EventEnvelope<UrgentReviewClosed> event = EventJson.read(record, UrgentReviewClosed.TYPE);
            once(event.eventId(), () -> closed(event.payload()));
        }
    }

    /** Transient database failures are tried again; the partition waits rather than skipping a task. */
    private void once(UUID eventId, Runnable apply) {
        TransactionAttempts.run(11, Duration.ofMillis(500), () -> {
            if (processed.firstDelivery(eventId)) {
                apply.run();
            }
        });
    }

    private void opened(UrgentReviewOpened o) {
        WatchedUrgentReview task = watch(o.taskId(), o.patientId(), o.dueAt());
        task.urgency = o.urgency();
        task.dueAt = o.dueAt();
        task.persist();
    }

    private void taken(UrgentReviewTaken t) {
        WatchedUrgentReview task = watch(t.taskId(), t.patientId(), t.takenAt());
        task.takenBy = t.takenBy();
        task.takenAt = t.takenAt();
        task.persist();
        if (task.alertedAt != null) {
            alerts.findUnresolved(UrgentReviewRules.subject(t.taskId()), UrgentReviewRules.OVERDUE).ifPresent(alert ->
                    showTaken(alert, task));
        }
    }

    private void showTaken(Alert alert, WatchedUrgentReview task) {
        alert.latestValue = UrgentReviewRules.takenLate(task.takenBy, task.takenAt, task.dueAt);
        alert.updatedAt = clock.instant();
        alertEvents.changed(alert, AlertSnapshot.UPDATED);
    }

    private void closed(UrgentReviewClosed c) {
        WatchedUrgentReview task = watch(c.taskId(), c.patientId(), c.closedAt());
        task.closedAt = c.closedAt();
        task.persist();
    }

    /** The task as watched, or a new row; a task heard of first by a later event has only that event's time as deadline. */
    private WatchedUrgentReview watch(String taskId, String patientId, Instant dueAt) {
        WatchedUrgentReview task = WatchedUrgentReview.findById(taskId);
        if (task == null) {
            task = new WatchedUrgentReview();
            task.taskId = taskId;
            task.patientId = patientId;
            task.urgency = "UNKNOWN";
            task.dueAt = dueAt;
        }
        task.updatedAt = clock.instant();
        return task;
    }
}
