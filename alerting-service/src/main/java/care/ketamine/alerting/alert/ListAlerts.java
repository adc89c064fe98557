package care.ketamine.alerting.alert;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.notificationlog.NotificationView;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.platform.audit.ReadAudit;
import care.ketamine.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** Use case: staff look at alerts and their notification logs, as far as they may see them. */
@ApplicationScoped
public class ListAlerts {

    private final AlertRepository alerts;
    private final ReadAudit audit;
    private final ActionAudit denials;
    private final SessionWatches sessions;

    public ListAlerts(AlertRepository alerts, ReadAudit audit, ActionAudit denials, SessionWatches sessions) {
        this.sessions = sessions;
        this.alerts = alerts;
        this.audit = audit;
        this.denials = denials;
    }

    /** Every read of alerts (patient data) is audited in the reading transaction. */
    @Transactional
    public List<AlertView> list(Viewer viewer, AlertStatus status, String sessionId, String severity, String rule) {
        audit.record(viewer.id(), viewer.role(), "alerts.list", sessionId);
        return alerts.list(status, sessionId, severity, rule, viewer.clinicianFilter(), viewer.notifiedFilter())
                .stream().map(AlertView::of).toList();
    }

    @Transactional
    public AlertView one(Viewer viewer, UUID alertId) {
        Alert alert = visible(viewer, alertId, "alert.read");
        audit.record(viewer.id(), viewer.role(), "alert.read", alert.sessionId);
        AlertView view = AlertView.of(alert);
        // Only to someone who may see the alert (above), and only for a CRITICAL one: where to send help.
        return alert.severity == Severity.CRITICAL
                ? view.with(AlertView.Emergency.of(sessions.dosingAddress(alert.sessionId).orElse(null))) : view;
    }

    @Transactional
    public List<NotificationView> notifications(Viewer viewer, UUID alertId) {
        Alert alert = visible(viewer, alertId, "alert.notifications.read");
        audit.record(viewer.id(), viewer.role(), "alert.notifications.read", alert.sessionId);
        return Notification.<Notification>list("alertId = ?1 order by createdAt, step, channel", alertId).stream()
                .map(NotificationView::of).toList();
    }

    private Alert visible(Viewer viewer, UUID alertId, String action) {
        Alert alert = alerts.findByIdOptional(alertId).orElseThrow(() -> ProblemException.notFound("Alert " + alertId));
        if (!viewer.sees(alert, alerts.notifiedStaff(alertId))) {
            denials.denied(viewer.id(), viewer.role(), action, alertId.toString());
            throw new ProblemException(Response.Status.FORBIDDEN, "This alert is not one of yours");
        }
        return alert;
    }
}
