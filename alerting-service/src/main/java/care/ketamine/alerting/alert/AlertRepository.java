package care.ketamine.alerting.alert;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    static final int PAGE_SIZE = 200;

    /** The alert still unresolved for this session and rule, if any: the deduplication key. */
    public Optional<Alert> findUnresolved(String sessionId, String rule) {
        return find("sessionId = ?1 and rule = ?2 and status <> ?3", sessionId, rule, AlertStatus.RESOLVED)
                .firstResultOptional();
    }

    /**
     * The newest alert of this session and rule that is still open, or was resolved by a person while its condition
     * went on (never cleared), if any.
     */
    public Optional<Alert> findOngoing(String sessionId, String rule) {
        return find("sessionId = ?1 and rule = ?2 and (status <> ?3 or clearedAt is null)", Sort.descending("openedAt"),
                sessionId, rule, AlertStatus.RESOLVED).firstResultOptional();
    }

    /** The alert of this session and rule resolved at or after {@code since}, the newest, if any. */
    public Optional<Alert> findResolvedSince(String sessionId, String rule, java.time.Instant since) {
        return find("sessionId = ?1 and rule = ?2 and status = ?3 and resolvedAt >= ?4",
                Sort.descending("resolvedAt"), sessionId, rule, AlertStatus.RESOLVED, since).firstResultOptional();
    }

    /** Every unresolved alert of a session. */
    public List<Alert> unresolvedOf(String sessionId) {
        return list("sessionId = ?1 and status <> ?2", sessionId, AlertStatus.RESOLVED);
    }

    /** Every unresolved alert of these sessions, in one query. */
    public List<Alert> unresolvedOfAll(Collection<String> sessionIds) {
        return sessionIds.isEmpty() ? List.of() : list("sessionId in ?1 and status <> ?2", sessionIds, AlertStatus.RESOLVED);
    }

    /** Whether a page of the alert's round was handed to this channel (or is being handed over). */
    public boolean pagedThrough(UUID alertId, int round, String channel) {
        return !getEntityManager().createNativeQuery("SELECT 1 FROM notification WHERE alert_id = ?1 AND round = ?2 AND channel = ?3 "
                        + "AND (status IN ('SENT', 'DELIVERED') OR (status = 'PENDING' AND attempts > 0)) LIMIT 1")
                .setParameter(1, alertId).setParameter(2, round).setParameter(3, channel).getResultList().isEmpty();
    }

    /** Everyone a notification of the alert was addressed to. */
    @SuppressWarnings("unchecked")
    public List<String> notifiedStaff(UUID alertId) {
        return getEntityManager().createNativeQuery("SELECT DISTINCT recipient FROM notification WHERE alert_id = ?1")
                .setParameter(1, alertId).getResultList();
    }

    /**
     * The newest alerts in a status matching the filter (null: any), as far as the viewer may see them:
     * {@code clinicianId} that clinician's sessions, {@code notifiedTo} alerts escalated to that person (both: either; neither:
     * every alert, for an admin).
     */
    public List<Alert> list(AlertStatus status, String sessionId, String severity, String rule, String clinicianId,
                            String notifiedTo) {
        StringBuilder where = new StringBuilder("status = :status");
        Parameters parameters = Parameters.with("status", status);
        if (sessionId != null) {
            where.append(" and sessionId = :session");
            parameters.and("session", sessionId);
        }
        if (severity != null) {
            where.append(" and severity = :severity");
            parameters.and("severity", care.ketamine.alerting.domain.Severity.valueOf(severity));
        }
        if (rule != null) {
            where.append(" and rule = :rule");
            parameters.and("rule", rule);
        }
        List<String> seen = new java.util.ArrayList<>();
        if (clinicianId != null) {
            seen.add("clinicianId = :clinician");
            parameters.and("clinician", clinicianId);
        }
        if (notifiedTo != null) {
            seen.add("id in (select n.alertId from Notification n where n.recipient = :recipient)");
            parameters.and("recipient", notifiedTo);
        }
        if (!seen.isEmpty()) {
            where.append(" and (").append(String.join(" or ", seen)).append(")");
        }
        return find(where.toString(), Sort.descending("openedAt"), parameters).page(Page.ofSize(PAGE_SIZE)).list();
    }
}
