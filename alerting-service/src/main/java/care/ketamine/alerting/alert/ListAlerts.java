package care.ketamine.alerting.alert;

import care.ketamine.alerting.notification.Notification;
import care.ketamine.alerting.notification.NotificationView;
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

    public ListAlerts(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @Transactional
    public List<AlertView> list(Viewer viewer, AlertStatus status, String sessionId, String severity, String rule) {
        return alerts.list(status, sessionId, severity, rule, viewer.clinicianFilter(), viewer.notifiedFilter())
                .stream().map(AlertView::of).toList();
    }

    @Transactional
    public AlertView one(Viewer viewer, UUID alertId) {
        return AlertView.of(visible(viewer, alertId));
    }

    @Transactional
    public List<NotificationView> notifications(Viewer viewer, UUID alertId) {
        visible(viewer, alertId);
        return Notification.<Notification>list("alertId = ?1 order by createdAt, step, channel", alertId).stream()
                .map(NotificationView::of).toList();
    }

    private Alert visible(Viewer viewer, UUID alertId) {
        Alert alert = alerts.findByIdOptional(alertId).orElseThrow(() -> ProblemException.notFound("Alert " + alertId));
        if (!viewer.sees(alert, alerts.notifiedStaff(alertId))) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This alert is not one of yours");
        }
        return alert;
    }
}
