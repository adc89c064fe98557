package care.ketamine.intake.urgentreview;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.UrgentReviewOpened;
import care.ketamine.intake.domain.Screening;
import care.ketamine.intake.domain.UrgentReview;
import care.ketamine.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Use case: a screening that shows suicide risk opens an urgent-review task in the transaction that
 * records it, and publishes it on intake.patients so that alerting pages on-call if nobody takes it in time.
 */
@ApplicationScoped
public class OpenUrgentReview {

    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;
    private final UrgentReview.Deadlines deadlines;

    public OpenUrgentReview(Outbox outbox, Clock clock, MeterRegistry meters,
                            @ConfigProperty(name = "intake.urgent-review.acute-deadline", defaultValue = "1H") Duration acute,
                            @ConfigProperty(name = "intake.urgent-review.prompt-deadline", defaultValue = "24H") Duration prompt) {
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        this.deadlines = new UrgentReview.Deadlines(acute, prompt);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UrgentReviewTask> forScreening(Screening screening, UUID screeningId, UUID patientId, Instant screenedAt) {
        return UrgentReview.forScreening(screening, deadlines, screenedAt).map(opening -> {
            UrgentReviewTask task = new UrgentReviewTask();
            task.id = UUID.randomUUID();
            task.patientId = patientId;
            task.screeningId = screeningId;
            task.urgency = opening.urgency().name();
            task.reasons = opening.reasons().toArray(String[]::new);
            task.openedAt = screenedAt;
            task.dueAt = opening.dueAt();
            task.persist();
            // The reasons stay here: alerting needs only the urgency and the deadline.
            outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(UrgentReviewOpened.TYPE, patientId.toString(),
                    new UrgentReviewOpened(task.id.toString(), patientId.toString(), task.urgency, task.openedAt, task.dueAt),
                    clock));
            meters.counter("intake.urgent_reviews.opened", "urgency", task.urgency).increment();
            return task;
        });
    }
}
