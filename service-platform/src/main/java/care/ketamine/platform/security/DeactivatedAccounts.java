package care.ketamine.platform.security;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The people whose account is deactivated (a clinician session-service deactivated): every token of theirs is
 * refused, however unexpired, and their live streams close ({@link care.ketamine.platform.live.StreamLimits}).
 * Asked on every request, so it answers from memory. The memory is the service's own record of who is
 * deactivated (its {@link Source}), read at start and every {@code security.deactivated-accounts.reload} (15 s):
 * a restart and every replica know within that. The replica that records a change knows at once, when the
 * change commits ({@link #changed}). A service without a {@link Source} refuses nobody here.
 */
@ApplicationScoped
public class DeactivatedAccounts implements RevokedTokens {

    /** A service's record of deactivated accounts (a table kept from {@code sessions.clinicians}). */
    public interface Source {

        /** The subjects deactivated now; called in a transaction of its own. */
        Set<String> deactivated();
    }

    private record Change(long sequence, boolean active) {
    }

    private final Instance<Source> sources;
    private final Instance<TransactionSynchronizationRegistry> transactions;
    private volatile Set<String> deactivated = Set.of();
    /** Changes this replica applied that a reload begun before them cannot have read yet. */
    private final Map<String, Change> recent = new HashMap<>();
    private long sequence;

    public DeactivatedAccounts(Instance<Source> sources, Instance<TransactionSynchronizationRegistry> transactions) {
        this.sources = sources;
        this.transactions = transactions;
    }

    @Override
    public String revoked(String subject, String tokenId) {
        return subject != null && deactivated.contains(subject) ? "the account is deactivated" : null;
    }

    /**
     * An account (de)activated in the current transaction: effective on this replica when it commits (at once
     * when there is no transaction), on the others at their next reload.
     */
    public void changed(String subject, boolean active) {
        TransactionSynchronizationRegistry registry = transactions.isResolvable() ? transactions.get() : null;
        if (registry != null && registry.getTransactionStatus() == Status.STATUS_ACTIVE) {
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        applied(subject, active);
                    }
                }
            });
        } else {
            applied(subject, active);
        }
    }

    void load(@Observes StartupEvent started) {
        if (sources.isUnsatisfied()) {
            return;
        }
        reload();
    }

    @Scheduled(every = "${security.deactivated-accounts.reload:15s}", delayed = "${security.deactivated-accounts.reload:15s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledReload() {
        if (sources.isUnsatisfied()) {
            return;
        }
        try {
            reload();
        } catch (RuntimeException failed) {
            // Keep what is known: a database outage must not forget who is deactivated.
            Log.warnf("could not reload the deactivated accounts (kept the %d known): %s", deactivated.size(), failed);
        }
    }

    /** Reads every source afresh, keeping the changes applied here since the read began. */
    public void reload() {
        long before = sequence();
        Set<String> fromRecord = QuarkusTransaction.requiringNew().call(() -> {
            Set<String> all = new HashSet<>();
            sources.forEach(source -> all.addAll(source.deactivated()));
            return all;
        });
        reloaded(before, fromRecord);
    }

    synchronized long sequence() {
        return sequence;
    }

    synchronized void applied(String subject, boolean active) {
        recent.put(subject, new Change(++sequence, active));
        Set<String> next = new HashSet<>(deactivated);
        if (active) {
            next.remove(subject);
        } else {
            next.add(subject);
        }
        deactivated = Set.copyOf(next);
    }

    /**
     * The record as read by a reload that began at {@code sequenceBefore}: it replaces what is known, except for
     * the changes applied here after it began, which it may not show.
     */
    synchronized void reloaded(long sequenceBefore, Set<String> fromRecord) {
        recent.values().removeIf(change -> change.sequence() <= sequenceBefore);
        Set<String> next = new HashSet<>(fromRecord);
        recent.forEach((subject, change) -> {
            if (change.active()) {
                next.remove(subject);
            } else {
                next.add(subject);
            }
        });
        deactivated = Set.copyOf(next);
    }
}
