package care.ketamine.alerting.alert;

import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.notify.PostgresNotifications;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * Alert changes as they commit, on every replica: {@link AlertEvents} NOTIFYs each change in its
 * transaction, and this replica's listener broadcasts it to its live subscribers.
 */
@ApplicationScoped
public class AlertStream {

    /** A change as broadcast: the alert, and everyone it was notified to (for on-call staff's view). */
    public record Change(AlertView alert, List<String> notified) {
    }

    private final BroadcastProcessor<Change> live = BroadcastProcessor.create();
    private final PostgresNotifications notifications;
    private final StoredJson json;

    public AlertStream(PostgresNotifications notifications, StoredJson json) {
        this.notifications = notifications;
        this.json = json;
    }

    void start(@Observes StartupEvent started) {
        notifications.listen(AlertEvents.CHANNEL, new PostgresNotifications.Listener(
                payload -> live.onNext(json.read(payload, Change.class)), () -> { }));
    }

    public Multi<Change> live() {
        return live;
    }
}
