package care.ketamine.alerting.notification;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.alerting.system.SystemAlerts;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.tracing.TraceContext;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The sitter is the person beside the patient: for an alert of the severities configured
 * ({@code alerting.delivery.sitter-sms-severities}, default CRITICAL) they get a direct SMS at once, asking them to
 * check on the patient now, whatever the staff's escalation does. The text names no one. A sitter without a mobile
 * number in international form, or whose plan says not to text them (the approving clinician's choice), is recorded
 * as skipped, saying why; with no SMS set up here, nothing is recorded.
 */
@ApplicationScoped
public class SitterCheck {

    static final String KIND = "SITTER";
    static final String RECIPIENT = "sitter";
    static final String PLAN_SAYS_NO = "the plan says not to text the sitter";
    static final String NOT_MOBILE = "the sitter's phone on file is not a mobile number in international form";
    static final String MESSAGE = "Ketamine session alert: please check on the patient now. If they do not respond, "
            + "call the emergency number, then the clinic.";

    private final Optional<NotificationChannel> sms;
    private final SessionWatches sessions;
    private final StoredJson json;
    private final EntityManager entityManager;
    private final Event<Notifier.Queued> queued;
    private final Clock clock;
    private final Set<Severity> severities;

    public SitterCheck(@All List<NotificationChannel> channels, SessionWatches sessions, StoredJson json,
                       EntityManager entityManager, Event<Notifier.Queued> queued, Clock clock,
                       @ConfigProperty(name = "alerting.delivery.sitter-sms-severities", defaultValue = "CRITICAL")
                       Set<Severity> severities) {
        this.sms = channels.stream().filter(c -> c.name().equals("sms") && c.enabled()).findFirst();
        this.sessions = sessions;
        this.json = json;
        this.entityManager = entityManager;
        this.queued = queued;
        this.clock = clock;
        this.severities = severities;
    }

    /** At an alert's first page of a round: the sitter is asked to check on the patient, if its severity calls for it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ask(Alert alert) {
        if (sms.isEmpty() || SystemAlerts.isSystem(alert.sessionId) || !severities.contains(alert.severity)) {
            return;
        }
        SessionWatches.Contacts contacts = sessions.contacts(alert.sessionId).orElse(null);
        TreatmentPlanApproved.Person sitter = contacts == null ? null : contacts.sitter();
        if (sitter == null) {
            return;
        }
        String phone = StaffContact.normalPhone(sitter.phone());
        // Skipped, not left out, so that the alert's page record shows why the sitter was not texted.
        String skipped = !contacts.sitterTexted() ? PLAN_SAYS_NO
                : phone == null || !StaffContact.problems(null, phone).isEmpty() ? NOT_MOBILE : null;
        boolean send = skipped == null;
        Instant now = clock.instant();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", KIND);
        payload.put("alertId", alert.id);
        payload.put("sessionId", alert.sessionId);
        payload.put("severity", alert.severity.name());
        payload.put("message", MESSAGE);
        entityManager.createNativeQuery("""
                        INSERT INTO notification (id, alert_id, session_id, round, step, kind, channel, recipient, recipient_role,
                                                  status, attempts, next_attempt_at, payload, created_at, reason, address, last_error,
                                                  trace_parent)
                        VALUES (?1, ?2, ?3, ?4, 0, ?5, 'sms', ?6, ?6, ?7, 0, ?8, ?9, ?8, 'check on the patient now', ?10, ?11, ?12)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, alert.id).setParameter(3, alert.sessionId)
                .setParameter(4, alert.escalationRound).setParameter(5, KIND).setParameter(6, RECIPIENT)
                .setParameter(7, send ? "PENDING" : "SKIPPED").setParameter(8, now).setParameter(9, json.write(payload))
                .setParameter(10, send ? phone : null).setParameter(11, skipped)
                .setParameter(12, TraceContext.currentTraceParent())
                .executeUpdate();
        queued.fire(new Notifier.Queued());
    }
}
