package care.ketamine.platform.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/**
 * Makes a consumer idempotent on the event id: the id is recorded in the transaction that
 * applies the event, so a redelivered event is recognised and skipped. The consuming service's
 * schema has a {@code processed_event (event_id uuid primary key, processed_at timestamptz)} table.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager entityManager;
    private final Clock clock;

    public ProcessedEvents(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** True the first time this event is seen; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(UUID eventId) {
        return entityManager.createNativeQuery(
                        "INSERT INTO processed_event (event_id, processed_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, eventId).setParameter(2, clock.instant()).executeUpdate() == 1;
    }
}
