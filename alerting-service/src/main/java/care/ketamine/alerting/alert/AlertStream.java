package care.ketamine.alerting.alert;

import care.ketamine.platform.audit.PushAudit;
import care.ketamine.platform.live.OpenStream;
import care.ketamine.platform.live.StreamLimits;
import care.ketamine.platform.notify.PostgresNotifications;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/**
 * Alert changes as they commit, on every replica: {@link AlertEvents} NOTIFYs the id of each changed
 * alert in its transaction, and this replica's listener reads the alert as committed (the newest version,
 * at least the one notified) and broadcasts it to its live subscribers.
 */
@ApplicationScoped
public class AlertStream {

    /** A change as broadcast: the alert, and everyone it was notified to (for on-call staff's view). */
    public record Change(AlertView alert, List<String> notified) {
    }

    private final BroadcastProcessor<Change> live = BroadcastProcessor.create();
    private final PostgresNotifications notifications;
    private final AlertRepository alerts;
    private final StreamLimits limits;
    private final PushAudit audit;

    public AlertStream(PostgresNotifications notifications, AlertRepository alerts, StreamLimits limits, PushAudit audit) {
        this.notifications = notifications;
        this.alerts = alerts;
        this.limits = limits;
        this.audit = audit;
    }

    void start(@Observes StartupEvent started) {
        notifications.listen(AlertEvents.CHANNEL, new PostgresNotifications.Listener(this::changed, () -> { }));
    }

    private void changed(String alertId) {
        Change change = QuarkusTransaction.requiringNew().call(() -> {
            Alert alert = alerts.findById(UUID.fromString(alertId));
            return alert == null ? null : new Change(AlertView.of(alert), alerts.notifiedStaff(alert.id));
        });
        if (change != null) {
            live.onNext(change);
        }
    }

    public Multi<Change> live() {
        return live;
    }

    /**
     * The viewer's live alert stream: {@code first}, then each change the viewer may see, within the platform's
     * stream limits (429 beyond the open streams allowed; ends when the token expires; a slow reader is cut off).
     * Every alert pushed is audited: who was sent which alert, when.
     */
    public Multi<AlertView> follow(Viewer viewer, JsonWebToken token, Multi<AlertView> first) {
        OpenStream stream = limits.admit(token);
        Multi<AlertView> changes = live.filter(viewer::sees).map(Change::alert);
        return limits.bounded(stream, Multi.createBy().merging().streams(changes, first))
                .onItem().invoke(alert -> audit.pushed(viewer.id(), viewer.role(), "alerts.stream.pushed:" + alert.id(),
                        alert.sessionId()));
    }
}
