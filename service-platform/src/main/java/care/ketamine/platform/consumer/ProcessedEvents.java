package care.ketamine.platform.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
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

    /**
     * The ids seen for the first time, of many events, in one statement: the batch form of
     * {@link #firstDelivery(UUID)}. An id repeated in the list counts once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (event_id, processed_at) SELECT DISTINCT unnest(?), ?
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
                insert.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                Set<UUID> first = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(rows.getObject(1, UUID.class));
                    }
                }
                return first;
            }
        });
    }
}
