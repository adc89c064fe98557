package care.ketamine.alerting.alert;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

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

    /** The newest alerts in a status, optionally for one session. */
    public List<Alert> list(AlertStatus status, String sessionId) {
        var query = sessionId == null
                ? find("status = ?1", Sort.descending("openedAt"), status)
                : find("status = ?1 and sessionId = ?2", Sort.descending("openedAt"), status, sessionId);
        return query.page(Page.ofSize(PAGE_SIZE)).list();
    }
}
