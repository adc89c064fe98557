package care.ketamine.alerting.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/** Use case: staff look at alerts. */
@ApplicationScoped
public class ListAlerts {

    private final AlertRepository alerts;

    public ListAlerts(AlertRepository alerts) {
        this.alerts = alerts;
    }

    @Transactional
    public List<AlertView> list(AlertStatus status, String sessionId) {
        return alerts.list(status, sessionId).stream().map(AlertView::of).toList();
    }
}
