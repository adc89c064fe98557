package care.ketamine.alerting.system;

import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.DeviceCadences;
import care.ketamine.alerting.domain.DeviceStream;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.alerting.domain.VitalsSilence;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.platform.sql.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raises the system alert {@link SystemAlerts#VITALS_SILENT} (CRITICAL) when readings stop for every monitored
 * session at once ({@link VitalsSilence}), and marks it cleared when they flow again; a person resolves it. Run
 * by the timed checks before device silence, as of what the evaluation has seen, so the device-silent alerts
 * the same silence causes find it open ({@link PageGrouping}). Off with {@code alerting.vitals-silence.enabled=false}.
 */
@ApplicationScoped
public class VitalsSilenceWatch {

    private final RaiseAlert raiseAlert;
    private final AlertRepository alerts;
    private final EntityManager entityManager;
    private final boolean enabled;

    public VitalsSilenceWatch(RaiseAlert raiseAlert, AlertRepository alerts, EntityManager entityManager,
                              @ConfigProperty(name = "alerting.vitals-silence.enabled", defaultValue = "true") boolean enabled) {
        this.raiseAlert = raiseAlert;
        this.alerts = alerts;
        this.entityManager = entityManager;
        this.enabled = enabled;
    }

    /**
     * @param seenUpTo       now, less the evaluation's lag
     * @param cadences       how often each kind of device is expected
     * @param monitorInterval what a session whose devices alerting does not know is expected at
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void judge(Instant seenUpTo, DeviceCadences cadences, Duration monitorInterval) {
        if (!enabled) {
            return;
        }
        Optional<VitalsSilence.Silence> silence = VitalsSilence.judge(monitored(cadences, monitorInterval), seenUpTo);
        Optional<Alert> open = alerts.findUnresolved(SystemAlerts.SESSION_ID, SystemAlerts.VITALS_SILENT);
        if (silence.isEmpty()) {
            // Also one a person resolved while the silence went on: its grouping ends with the silence.
            alerts.findOngoing(SystemAlerts.SESSION_ID, SystemAlerts.VITALS_SILENT)
                    .filter(ongoing -> ongoing.clearedAt == null).ifPresent(raiseAlert::markCleared);
            return;
        }
        if (open.isPresent() && open.get().clearedAt == null) {
            return;
        }
        VitalsSilence.Silence s = silence.get();
        long seconds = s.quietFor(seenUpTo).toSeconds();
        AlertCondition condition = new AlertCondition(SystemAlerts.VITALS_SILENT, Severity.CRITICAL, SystemAlerts.SESSION_ID,
                "no reading from " + s.sessions() + " sessions for " + seconds + " s", seconds,
                "No reading from any of the " + s.sessions() + " monitored sessions for " + seconds + " s: vitals-service, "
                        + "the broker or the devices' network is down. Each session's device-silent alert is grouped "
                        + "under this one and not paged", s.since());
        SessionWatch system = SessionWatch.unknown(SystemAlerts.SESSION_ID);
        if (open.isPresent()) {
            raiseAlert.raise(condition, system); // back after it cleared
        } else {
            raiseAlert.raiseTimed(condition, system);
        }
    }

    /**
     * The sessions whose devices are watched for silence (dosed, monitored, or ended early after the dose: the same
     * ones as device silence) with their newest reading and their most frequent device's cadence. A session left out
     * would make a silence that is not everyone's look like the pipeline's, and group real device silences away.
     */
    @SuppressWarnings("unchecked")
    private List<VitalsSilence.Monitored> monitored(DeviceCadences cadences, Duration monitorInterval) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT s.session_id, s.last_reading_at, s.dosed_at, d.device_id, d.kind, d.role, d.cadence_seconds,
                               d.paired_at, d.last_received_at
                        FROM session_watch s
                        LEFT JOIN device_stream d ON d.session_id = s.session_id AND d.revoked_at IS NULL
                             AND d.kind NOT IN (%s) AND d.role IS DISTINCT FROM 'sitter'
                        WHERE s.state IN (%s)""".formatted(SqlValues.literals(DeviceKinds.PHONE_KINDS),
                        SqlValues.literals(SessionStates.AFTER_DOSE)))
                .getResultList();
        Map<String, Instant> lastReading = new HashMap<>();
        Map<String, Duration> expected = new HashMap<>();
        for (Object[] r : rows) {
            String sessionId = (String) r[0];
            Instant sessionLast = SqlValues.instant(r[1]);
            Instant dosedAt = SqlValues.instant(r[2]);
            if (sessionLast != null) {
                lastReading.merge(sessionId, sessionLast, (a, b) -> a.isAfter(b) ? a : b);
            } else {
                lastReading.putIfAbsent(sessionId, null);
            }
            Duration every = monitorInterval;
            if (r[3] != null && dosedAt != null) {
                DeviceStream device = new DeviceStream((String) r[3], (String) r[4], (String) r[5],
                        r[6] == null ? null : Duration.ofSeconds(((Number) r[6]).longValue()), SqlValues.instant(r[7]),
                        SqlValues.instant(r[8]));
                Instant since = device.lastReceivedAt() != null ? device.lastReceivedAt() : dosedAt;
                every = cadences.expectedAfter(device, dosedAt, since);
            }
            expected.merge(sessionId, every, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        return expected.entrySet().stream()
                .map(e -> new VitalsSilence.Monitored(e.getKey(), lastReading.get(e.getKey()), e.getValue())).toList();
    }
}
