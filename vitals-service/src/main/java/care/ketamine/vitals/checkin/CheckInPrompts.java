package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.vitals.domain.PromptSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Plans a session's check-in prompts when it is dosed, and calls off those not issued when it ends. */
@ApplicationScoped
public class CheckInPrompts {

    private final EntityManager entityManager;
    private final int defaultEveryMinutes;
    private final int defaultForMinutes;
    private final ClinicalTime clinicalTime;

    public CheckInPrompts(EntityManager entityManager, ClinicalTime clinicalTime,
                          @ConfigProperty(name = "vitals.prompts.default-every-minutes", defaultValue = "15") int defaultEveryMinutes,
                          @ConfigProperty(name = "vitals.prompts.default-for-minutes", defaultValue = "120") int defaultForMinutes) {
        this.entityManager = entityManager;
        this.clinicalTime = clinicalTime;
        this.defaultEveryMinutes = defaultEveryMinutes;
        this.defaultForMinutes = defaultForMinutes;
    }

    /** Idempotent: prompt ids derive from (session, respondent, slot), so a redelivered dose plans nothing twice. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planAfterDose(String sessionId, Instant dosedAt, int everyMinutes, int forMinutes) {
        PromptSchedule schedule = new PromptSchedule(
                clinicalTime.scaled(Duration.ofMinutes(everyMinutes > 0 ? everyMinutes : defaultEveryMinutes)),
                clinicalTime.scaled(Duration.ofMinutes(forMinutes > 0 ? forMinutes : defaultForMinutes)));
        List<Instant> due = schedule.dueTimes(dosedAt);
        for (int slot = 1; slot <= due.size(); slot++) {
            for (String respondent : List.of(CheckInPrompted.PATIENT, CheckInPrompted.SITTER)) {
                entityManager.createNativeQuery("""
                                INSERT INTO check_in_prompt (prompt_id, session_id, respondent, sequence, due_at)
                                VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING""")
                        .setParameter(1, promptId(sessionId, respondent, slot)).setParameter(2, sessionId)
                        .setParameter(3, respondent).setParameter(4, slot).setParameter(5, due.get(slot - 1))
                        .executeUpdate();
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void callOff(String sessionId) {
        entityManager.createNativeQuery("UPDATE check_in_prompt SET cancelled = true WHERE session_id = ?1 AND issued_at IS NULL")
                .setParameter(1, sessionId).executeUpdate();
    }

    static String promptId(String sessionId, String respondent, int slot) {
        return EventEnvelope.idFor("check-in.prompt", sessionId, respondent, Integer.toString(slot)).toString();
    }
}
