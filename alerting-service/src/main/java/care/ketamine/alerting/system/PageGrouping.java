package care.ketamine.alerting.system;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.domain.TimedChecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * While readings are silent for every session ({@link SystemAlerts#VITALS_SILENT} unresolved), the device-silent
 * alerts that silence causes are raised and shown but not paged: one page to operators instead of a CRITICAL page
 * per patient. An alert is grouped under it when it opened during that silence: from shortly before the system
 * alert (a sweep that saw one session go quiet first) until the readings came back (its clearing). A device that
 * goes quiet after the readings came back pages as usual. A person resolving the system alert while the silence goes
 * on does not end the grouping: the silence has not ended, and a page per patient is what the grouping prevents.
 */
@ApplicationScoped
public class PageGrouping {

    /** A device-silent alert opened this long before the system alert belongs to the same silence. */
    static final Duration SAME_SILENCE = Duration.ofMinutes(1);

    private final AlertRepository alerts;

    public PageGrouping(AlertRepository alerts) {
        this.alerts = alerts;
    }

    /** The open system alert the given alert's pages are grouped under, if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> groupedUnder(Alert alert) {
        if (alert.rule == null || !alert.rule.startsWith(TimedChecks.DEVICE_SILENT) || alert.openedAt == null) {
            return Optional.empty();
        }
        return alerts.findOngoing(SystemAlerts.SESSION_ID, SystemAlerts.VITALS_SILENT)
                .filter(silent -> !alert.openedAt.isBefore(silent.openedAt.minus(SAME_SILENCE)))
                .filter(silent -> silent.clearedAt == null || !alert.openedAt.isAfter(silent.clearedAt))
                .map(silent -> silent.id);
    }
}
