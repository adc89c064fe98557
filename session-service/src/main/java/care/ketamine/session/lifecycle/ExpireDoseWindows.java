package care.ketamine.session.lifecycle;

import care.ketamine.platform.sql.MissedRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Every few seconds, sends back to CHECKED_IN each session whose passed gate or dose authorization
 * is older than its window, so a stale picture cannot be dosed on and the console's countdown
 * ends with a recorded step. Steps apply the same expiry when they are asked.
 */
@ApplicationScoped
public class ExpireDoseWindows {

    private static final Logger LOG = Logger.getLogger(ExpireDoseWindows.class);

    private final RunSession runSession;

    public ExpireDoseWindows(RunSession runSession) {
        this.runSession = runSession;
    }

    @Scheduled(every = "${sessions.expiry-sweep:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        List<UUID> waiting;
        try {
            waiting = QuarkusTransaction.requiringNew().call(() -> SessionRecord
                    .<SessionRecord>list("state in ?1", List.of("PRE_DOSE_CHECK", "DOSE_AUTHORIZED")).stream()
                    .map(s -> s.id).toList());
        } catch (RuntimeException e) {
            MissedRun.log(LOG, "dose windows not swept", e);
            return;
        }
        for (UUID id : waiting) {
            try {
                runSession.expire(id);
            } catch (RuntimeException e) {
                // A step taken at the same moment wins (optimistic version); the next sweep looks again.
                LOG.warnf("expiry of session %s not applied now: %s", id, e.getClass().getSimpleName());
            }
        }
    }
}
