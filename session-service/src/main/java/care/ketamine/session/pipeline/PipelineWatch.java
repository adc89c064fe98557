package care.ketamine.session.pipeline;

import care.ketamine.contracts.platform.ServiceHeartbeat;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.session.domain.PipelineHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The services' heartbeats as this service heard them (table {@code pipeline_heartbeat}, shared by every
 * replica), judged by {@link PipelineHealth} for the console's banner, and the gauge
 * {@code pipeline_service_silent_seconds{service}} of how long each service has not been heard from; and alerting's Web
 * Push key, which its heartbeats carry for the console.
 */
@ApplicationScoped
public class PipelineWatch {

    static final List<String> SERVICES = List.of("intake-service", "session-service", PipelineHealth.VITALS,
            PipelineHealth.ALERTING);
    /** An instance not heard from for a day is gone (a replaced pod): its row is dropped. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final EntityManager entityManager;
    private final Clock clock;
    private final Instant watchingSince;
    private final Map<String, AtomicLong> silentSeconds = new ConcurrentHashMap<>();

    public PipelineWatch(EntityManager entityManager, Clock clock, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.watchingSince = clock.instant();
        for (String service : SERVICES) {
            AtomicLong seconds = silentSeconds.computeIfAbsent(service, s -> new AtomicLong());
            Gauge.builder("pipeline.service.silent.seconds", seconds, AtomicLong::get)
                    .description("How long session-service has not heard the service's heartbeat (or since it started watching)")
                    .tag("service", service).register(meters);
        }
    }

    /** A heartbeat arrived: the instance's row takes it. A heartbeat is heard no later than it says it was sent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void heard(ServiceHeartbeat beat) {
        Instant now = clock.instant();
        Instant heardAt = beat.at() != null && beat.at().isBefore(now) ? beat.at() : now;
        boolean behind = PipelineHealth.behind(beat.consumerLagSeconds());
        entityManager.createNativeQuery("""
                        INSERT INTO pipeline_heartbeat (service, instance, heard_at, lag_seconds, behind_since, web_push_key)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (service, instance) DO UPDATE SET heard_at = excluded.heard_at,
                            lag_seconds = excluded.lag_seconds, web_push_key = excluded.web_push_key,
                            behind_since = CASE WHEN excluded.behind_since IS NULL THEN NULL
                                ELSE coalesce(pipeline_heartbeat.behind_since, excluded.behind_since) END""")
                .unwrap(NativeQuery.class)
                .setParameter(1, beat.service()).setParameter(2, beat.instance()).setParameter(3, heardAt)
                // Typed: an untyped null is no double or timestamp to PostgreSQL.
                .setParameter(4, beat.consumerLagSeconds(), Double.class)
                .setParameter(5, behind ? heardAt : null, Instant.class)
                .setParameter(6, beat.webPushKey(), String.class)
                .executeUpdate();
    }

    /**
     * alerting's Web Push application server key, as its most recent heartbeat carried it: empty when alerting has not
     * been heard from, or does not page browsers by Web Push.
     */
    @SuppressWarnings("unchecked")
    public Optional<String> webPushKey() {
        List<String> latest = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT web_push_key FROM pipeline_heartbeat WHERE service = ?1 ORDER BY heard_at DESC LIMIT 1")
                .setParameter(1, PipelineHealth.ALERTING).getResultList());
        return latest.isEmpty() || latest.get(0) == null || latest.get(0).isBlank() ? Optional.empty() : Optional.of(latest.get(0));
    }

    /**
     * What the banner says now: nothing while vitals and alerting are heard, alerting keeps up, and alerting has no
     * system alert open (a page that reached nobody, readings stopped for every session).
     */
    public List<PipelineHealth.Warning> warnings() {
        List<PipelineHealth.Warning> warnings = new ArrayList<>(
                PipelineHealth.warnings(heard(), watchingSince, clock.instant()));
        warnings.addAll(openSystemAlerts());
        return warnings;
    }

    /** alerting's open alerts about the monitoring itself (session id "system"), as the console heard them. */
    @SuppressWarnings("unchecked")
    private List<PipelineHealth.Warning> openSystemAlerts() {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) entityManager.createNativeQuery("""
                        SELECT snapshot::jsonb #>> '{payload,rule}', snapshot::jsonb #>> '{payload,summary}',
                               snapshot::jsonb #>> '{payload,openedAt}'
                        FROM console_alert WHERE session_id = 'system' AND status <> 'RESOLVED' ORDER BY updated_at""")
                .getResultList()).stream().map(r -> {
                    String rule = (String) r[0];
                    Instant since = r[2] == null ? null : Instant.parse((String) r[2]);
                    String message = switch (rule == null ? "" : rule) {
                        case "page-not-delivered" -> "A page reached nobody (since " + since + "): " + r[1]
                                + " - check who is on call and call them";
                        case "vitals-silent" -> "Readings stopped arriving for every session (since " + since
                                + ") - patients are not being watched; call the on-call engineer";
                        default -> "System alert " + rule + " (since " + since + "): " + r[1];
                    };
                    return new PipelineHealth.Warning("alerting", rule, since, null, message);
                }).toList());
    }

    @SuppressWarnings("unchecked")
    private List<PipelineHealth.Heard> heard() {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) entityManager.createNativeQuery(
                        "SELECT service, instance, heard_at, lag_seconds, behind_since FROM pipeline_heartbeat").getResultList())
                .stream().map(r -> new PipelineHealth.Heard((String) r[0], (String) r[1], SqlValues.instant(r[2]),
                        r[3] == null ? null : ((Number) r[3]).doubleValue(), SqlValues.instant(r[4])))
                .toList());
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            Instant now = clock.instant();
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "DELETE FROM pipeline_heartbeat WHERE heard_at < ?1").setParameter(1, now.minus(FORGET_AFTER)).executeUpdate());
            List<PipelineHealth.Heard> heard = heard();
            silentSeconds.forEach((service, seconds) ->
                    seconds.set(PipelineHealth.silentFor(service, heard, watchingSince, now).toSeconds()));
        } catch (RuntimeException e) {
            Log.warnf("pipeline gauges not refreshed, retrying in 5 s: %s", e.getMessage());
        }
    }
}
