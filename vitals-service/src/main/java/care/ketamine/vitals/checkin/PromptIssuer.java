package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.vitals.ingest.ObservationPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Issues due prompts: puts each on {@code vitals.observations} and marks it issued once the broker
 * has it. The due rows are locked with SKIP LOCKED, so with several replicas each prompt is issued
 * by one of them; a crash between the ack and the commit issues it again under the same event id,
 * which consumers keep once. A prompt that came due while the service was down goes out at start.
 */
@ApplicationScoped
public class PromptIssuer {

    private final ObservationPublisher publisher;
    private final EntityManager entityManager;
    private final Clock clock;
    private final MeterRegistry meters;

    public PromptIssuer(ObservationPublisher publisher, EntityManager entityManager, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.entityManager = entityManager;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void issueDue() {
        try {
            int issued;
            do {
                issued = QuarkusTransaction.requiringNew().call(this::issueBatch);
            } while (issued > 0);
        } catch (RuntimeException e) {
            Log.warnf("check-in prompts not issued this time, retrying in 1 s: %s", e.getMessage());
        }
    }

    /** Issues up to 100 due prompts; how many. */
    int issueBatch() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<CheckInPrompt> due = entityManager.createNativeQuery("""
                        SELECT * FROM check_in_prompt WHERE issued_at IS NULL AND NOT cancelled AND due_at <= ?1 AND kind = 'check-in'
                        ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED""", CheckInPrompt.class)
                .setParameter(1, now).getResultList();
        for (CheckInPrompt prompt : due) {
            CheckInPrompted event = new CheckInPrompted(prompt.promptId, prompt.sessionId, prompt.respondent,
                    prompt.sequence, prompt.dueAt, now);
            publisher.publish(prompt.sessionId, EventEnvelope.wrap(EventEnvelope.idFor(CheckInPrompted.TYPE.name(), prompt.promptId),
                            CheckInPrompted.TYPE, prompt.sessionId, event, clock))
                    .await().atMost(Duration.ofSeconds(5));
            prompt.issuedAt = now;
            meters.counter("vitals.prompts.issued", "respondent", prompt.respondent).increment();
        }
        return due.size();
    }
}
