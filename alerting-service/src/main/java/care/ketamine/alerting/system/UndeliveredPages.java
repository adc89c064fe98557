package care.ketamine.alerting.system;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Finds the pages that reached nobody and says so loudly. A step's page (one round, kind and person) is not
 * delivered when none of its channels has a receipt, none is still to be tried, every one that was handed over has
 * waited {@code alerting.delivery.receipt-window} for its receipt, and the alert is still neither acknowledged
 * since nor resolved. Each such page raises (or adds to) the CRITICAL {@link SystemAlerts#PAGE_NOT_DELIVERED}
 * alert, which reaches the operators and shows on every console, once per page. Escalation goes on regardless: the
 * next step's timer does not wait for this. The sitter's direct SMS is not a page to the staff, and is not counted.
 */
@Startup
@ApplicationScoped
public class UndeliveredPages {

    /** A page that reached nobody. */
    record Undelivered(UUID alertId, int round, int step, String kind, String recipient, String sessionId, String rule,
                       String tries) {
    }

    private final EntityManager entityManager;
    private final RaiseAlert raise;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration receiptWindow;

    public UndeliveredPages(EntityManager entityManager, RaiseAlert raise, Clock clock, MeterRegistry meters,
                            @ConfigProperty(name = "alerting.delivery.receipt-window", defaultValue = "60S") Duration receiptWindow) {
        this.entityManager = entityManager;
        this.raise = raise;
        this.clock = clock;
        this.meters = meters;
        this.receiptWindow = receiptWindow;
        // Served at 0 from the start: PagesNotDelivered's increase() cannot see a series that first appears at 1.
        for (boolean system : new boolean[]{true, false}) {
            meters.counter("alerts.pages.undelivered", "system", String.valueOf(system));
        }
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            QuarkusTransaction.requiringNew().run(this::findAndRaise);
        } catch (RuntimeException e) {
            Log.warnf("undelivered pages not looked for this time, again in 5 s: %s", e.getMessage());
        }
    }

    /** Each page found undelivered now, recorded once; how many. */
    public int findAndRaise() {
        Instant now = clock.instant();
        List<Undelivered> found = undelivered(now);
        for (Undelivered page : found) {
            int first = entityManager.createNativeQuery("""
                            INSERT INTO undelivered_page (alert_id, round, step, kind, recipient, found_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING""")
                    .setParameter(1, page.alertId()).setParameter(2, page.round()).setParameter(3, page.step())
                    .setParameter(4, page.kind()).setParameter(5, page.recipient()).setParameter(6, now).executeUpdate();
            if (first == 0) {
                continue;
            }
            meters.counter("alerts.pages.undelivered", "system", String.valueOf(SystemAlerts.isSystem(page.sessionId())))
                    .increment();
            if (SystemAlerts.isSystem(page.sessionId())) {
                // The system's own page reached no operator: nothing further to page; the console banner and this log
                // line are what is left.
                Log.errorf("system alert %s (%s) reached nobody: %s", page.alertId(), page.rule(), page.tries());
                continue;
            }
            String summary = page.kind() + " of " + page.rule() + " (session " + page.sessionId() + ", step " + page.step()
                    + ") to " + page.recipient() + " not delivered: " + page.tries();
            raise.raise(new AlertCondition(SystemAlerts.PAGE_NOT_DELIVERED, Severity.CRITICAL, SystemAlerts.SESSION_ID,
                    page.recipient() + " not reached about " + page.rule() + " in session " + page.sessionId(), 0, summary, now), SessionWatch.unknown(SystemAlerts.SESSION_ID));
            Log.errorf("page not delivered: %s", summary);
        }
        return found.size();
    }

    @SuppressWarnings("unchecked")
    private List<Undelivered> undelivered(Instant now) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT n.alert_id, n.round, n.step, n.kind, n.recipient, a.session_id, a.rule,
                               string_agg(n.channel || ' ' || lower(n.status)
                                          || coalesce(' (' || n.last_error || ')', ''), '; ' ORDER BY n.next_attempt_at, n.channel)
                        FROM notification n JOIN alert a ON a.id = n.alert_id
                        WHERE a.status <> 'RESOLVED' AND n.round = a.escalation_round AND n.kind <> 'SITTER'
                          AND NOT EXISTS (SELECT 1 FROM undelivered_page u WHERE u.alert_id = n.alert_id AND u.round = n.round
                                          AND u.step = n.step AND u.kind = n.kind AND u.recipient = n.recipient)
                        GROUP BY n.alert_id, n.round, n.step, n.kind, n.recipient, a.session_id, a.rule, a.acknowledged_at
                        HAVING bool_and(n.status IN ('FAILED', 'SKIPPED') OR (n.status = 'SENT' AND n.sent_at <= ?1))
                           AND (a.acknowledged_at IS NULL OR a.acknowledged_at < min(n.created_at))""")
                .setParameter(1, now.minus(receiptWindow)).getResultList();
        return rows.stream().map(r -> new Undelivered((UUID) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7])).toList();
    }
}
