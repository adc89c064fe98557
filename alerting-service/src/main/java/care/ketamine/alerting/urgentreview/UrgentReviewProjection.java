package care.ketamine.alerting.urgentreview;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertEvents;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.domain.UrgentReviewRules;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.intake.UrgentReviewClosed;
import care.ketamine.contracts.intake.UrgentReviewOpened;
import care.ketamine.contracts.intake.UrgentReviewTaken;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.platform.consumer.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.time.Instant;

/**
 * Follows intake's urgent-review tasks on {@code intake.patients} (other patient events are passed
 * over; an unreadable one goes to the dead-letter topic, a redelivered one is skipped, a database outage is
 * waited out: {@link EventHandlers}). A task taken after its overdue alert was raised leaves the alert open
 * (a person resolves alerts) and shows who took it and when.
 */
@ApplicationScoped
public class UrgentReviewProjection {

    private final AlertRepository alerts;
    private final AlertEvents alertEvents;
    private final Clock clock;
    private final EventHandlers handlers;

    public UrgentReviewProjection(ProcessedEvents processed, AlertRepository alerts, AlertEvents alertEvents, Clock clock,
                                  @Channel("patients-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.alerts = alerts;
        this.alertEvents = alertEvents;
        this.clock = clock;
        this.handlers = EventHandlers.forConsumer("alerting-urgent-reviews", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(UrgentReviewOpened.TYPE, event -> opened(event.payload()))
                .on(UrgentReviewTaken.TYPE, event -> taken(event.payload()))
                .on(UrgentReviewClosed.TYPE, event -> closed(event.payload()));
    }

    @Incoming("patients")
    @Blocking
    public void onPatientEvent(ConsumerRecord<String, String> record) {
        handlers.handle(record);
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
