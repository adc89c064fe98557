package care.ketamine.alerting.alert;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Alert changes as they commit, for live subscribers of this replica. */
@ApplicationScoped
public class AlertStream {

    private final BroadcastProcessor<AlertView> live = BroadcastProcessor.create();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertChanged change) {
        live.onNext(change.alert());
    }

    public Multi<AlertView> live() {
        return live;
    }
}
