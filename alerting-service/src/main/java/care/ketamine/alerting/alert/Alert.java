package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.SessionWatch;
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
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "clinician_id")
    public String clinicianId;
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
    /** How often the condition returned within 5 minutes of a resolution and reopened this alert. */
    public int reopenings;
    /** When a reading last showed the condition gone; null while it persists. */
    @Column(name = "cleared_at")
    public Instant clearedAt;
    /** The last escalation step fired in this round (0: the clinician was told). */
    @Column(name = "escalation_step")
    public int escalationStep;
    /** How many minutes before it was judged the reading behind the latest value was measured; null when fresh. */
    @Column(name = "measured_minutes_ago")
    public Long measuredMinutesAgo;
    /** The round of its escalation timers and notifications: a new one when reopened or paged again after acknowledgement. */
    @Column(name = "escalation_round")
    public int escalationRound;
    /** The role the acknowledger acted in (clinician, on-call, admin). */
    @Column(name = "acknowledged_role")
    public String acknowledgedRole;
    /** When a repeat measurement confirmed the finding; null until then. */
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Version
    public long version;

    static Alert open(AlertCondition condition, SessionWatch session, Instant now) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.sessionId = condition.sessionId();
        alert.patientId = session.patientId();
        alert.clinicianId = session.clinicianId();
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
        alert.measuredMinutesAgo = condition.measuredMinutesAgo();
        alert.confirmedAt = condition.confirmed() ? now : null;
        alert.updatedAt = now;
        return alert;
    }

    /**
     * The condition is still there: count it, show the latest value and keep the worst. A finding measured
     * before the one shown (a late reading) does not replace the latest value; a confirmed finding (a crisis
     * on retest) or a worse severity gives the alert its text.
     */
    void recur(AlertCondition condition, Instant now) {
        occurrences++;
        clearedAt = null;
        if (!condition.observedAt().isBefore(lastSeenAt)) {
            latestValue = condition.value();
            lastSeenAt = condition.observedAt();
            measuredMinutesAgo = condition.measuredMinutesAgo();
        }
        if (condition.measure() > worstMeasure) {
            worstMeasure = condition.measure();
            worstValue = condition.value();
            summary = condition.summary();
        }
        if (condition.confirmed() || condition.severity().compareTo(severity) > 0) {
            summary = condition.summary();
        }
        updatedAt = now;
    }

    /** Resolved less than 5 minutes ago and back: the same alert opens again, for a new round of escalation. */
    void reopen(AlertCondition condition, Instant now) {
        status = AlertStatus.OPEN;
        reopenings++;
        escalationRound++;
        acknowledgedBy = null;
        acknowledgedAt = null;
        acknowledgement = null;
        acknowledgedRole = null;
        resolvedBy = null;
        resolvedAt = null;
        resolution = null;
        escalationStep = 0;
        recur(condition, now);
    }

    /** The first confirmation of the finding: true once, when this condition confirms it. */
    boolean confirmBy(AlertCondition condition, Instant now) {
        if (!condition.confirmed() || confirmedAt != null) {
            return false;
        }
        confirmedAt = now;
        return true;
    }

    /** Worse since it was acknowledged: open again, for someone to acknowledge the worse alert. */
    void withdrawAcknowledgement(Instant now) {
        status = AlertStatus.OPEN;
        acknowledgedBy = null;
        acknowledgedAt = null;
        acknowledgement = null;
        acknowledgedRole = null;
        updatedAt = now;
    }

    /** Raises the severity when the condition got worse (e.g. SpO2 from below 92 to below 90); true if it did. */
    boolean worsenTo(Severity worse) {
        if (worse.compareTo(severity) > 0) {
            severity = worse;
            return true;
        }
        return false;
    }

    boolean unresolved() {
        return status != AlertStatus.RESOLVED;
    }
}
