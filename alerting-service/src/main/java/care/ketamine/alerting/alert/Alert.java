package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** One problem in one session, however often its condition recurs. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "session_id")
    public String sessionId;
    public String rule;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public AlertStatus status;
    public String summary;
    @Column(name = "first_value")
    public String firstValue;
    @Column(name = "latest_value")
    public String latestValue;
    @Column(name = "worst_value")
    public String worstValue;
    @Column(name = "worst_measure")
    public double worstMeasure;
    public int occurrences;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    public String acknowledgement;
    @Column(name = "resolved_by")
    public String resolvedBy;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    public String resolution;
    @Version
    public long version;

    static Alert open(AlertCondition condition, Instant now) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.sessionId = condition.sessionId();
        alert.rule = condition.rule();
        alert.severity = condition.severity();
        alert.status = AlertStatus.OPEN;
        alert.summary = condition.summary();
        alert.firstValue = condition.value();
        alert.latestValue = condition.value();
        alert.worstValue = condition.value();
        alert.worstMeasure = condition.measure();
        alert.occurrences = 1;
        alert.openedAt = now;
        alert.lastSeenAt = condition.observedAt();
        alert.updatedAt = now;
        return alert;
    }

    /** The condition is still there: count it, show the latest value and keep the worst. */
    void recur(AlertCondition condition, Instant now) {
        occurrences++;
        latestValue = condition.value();
        if (condition.measure() > worstMeasure) {
            worstMeasure = condition.measure();
            worstValue = condition.value();
            summary = condition.summary();
        }
        if (condition.observedAt().isAfter(lastSeenAt)) {
            lastSeenAt = condition.observedAt();
        }
        updatedAt = now;
    }
}
