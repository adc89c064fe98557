package care.ketamine.session.console;

import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.sql.MissedRun;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The central station's sparklines (table {@code console_trend_minute}): per session and minute of measurement, the
 * newest systolic pressure and the lowest SpO2, so that a desaturation shows however briefly it lasted. A poll's
 * readings are folded in memory first: one statement per session, minute and measure, in the caller's transaction.
 * A backlog or a redelivery folds in the same way (newest by measurement time, lowest), so a repeat changes nothing.
 * Minutes older than the station's 30 are pruned every minute: nothing reads them again (an ended session's included).
 */
@ApplicationScoped
public class ConsoleTrend {

    private static final Logger LOG = Logger.getLogger(ConsoleTrend.class);

    private final EntityManager entityManager;
    private final Clock clock;

    public ConsoleTrend(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * Deletes the minutes the station no longer shows (before its {@link CentralStation#TREND} on the server's clock);
     * how many. Any replica may run it: a repeat deletes nothing more.
     */
    @Transactional
    public int prune() {
        return entityManager.createNativeQuery("DELETE FROM console_trend_minute WHERE minute < ?1")
                .setParameter(1, clock.instant().minus(CentralStation.TREND)).executeUpdate();
    }

    @Scheduled(every = "${console.trend-prune:60s}", delayed = "${console.trend-prune:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pruneNow() {
        try {
            prune();
        } catch (RuntimeException e) {
            MissedRun.log(LOG, "console trend not pruned", e);
        }
    }

    private record Minute(String sessionId, Instant minute) {
    }

    private record Systolic(int value, Instant at) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<ReadingRecorded> readings) {
        Map<Minute, Systolic> newestSystolic = new HashMap<>();
        Map<Minute, Integer> lowestSpo2 = new HashMap<>();
        for (ReadingRecorded r : readings) {
            if (r.sessionId() == null || r.measuredAt() == null) {
                continue;
            }
            Minute minute = new Minute(r.sessionId(), r.measuredAt().truncatedTo(ChronoUnit.MINUTES));
            if (r.systolic() != null) {
                newestSystolic.merge(minute, new Systolic(r.systolic(), r.measuredAt()),
                        (a, b) -> b.at().isAfter(a.at()) ? b : a);
            }
            if (r.spo2() != null) {
                lowestSpo2.merge(minute, r.spo2(), Math::min);
            }
        }
        newestSystolic.forEach((m, s) -> entityManager.createNativeQuery("""
                        INSERT INTO console_trend_minute AS t (session_id, minute, systolic, systolic_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (session_id, minute) DO UPDATE SET
                            systolic = CASE WHEN t.systolic_at IS NULL OR excluded.systolic_at >= t.systolic_at
                                            THEN excluded.systolic ELSE t.systolic END,
                            systolic_at = greatest(t.systolic_at, excluded.systolic_at)""")
                .setParameter(1, m.sessionId()).setParameter(2, m.minute()).setParameter(3, s.value()).setParameter(4, s.at())
                .executeUpdate());
        lowestSpo2.forEach((m, spo2) -> entityManager.createNativeQuery("""
                        INSERT INTO console_trend_minute AS t (session_id, minute, spo2) VALUES (?1, ?2, ?3)
                        ON CONFLICT (session_id, minute) DO UPDATE SET spo2 = least(t.spo2, excluded.spo2)""")
                .setParameter(1, m.sessionId()).setParameter(2, m.minute()).setParameter(3, spo2).executeUpdate());
    }
}
