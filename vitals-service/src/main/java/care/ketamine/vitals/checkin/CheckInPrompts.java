package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.intake.PatientQuietWindow;
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

/**
 * Plans a session's check-in prompts when it is dosed (the patient's not in the quiet window after the dose: the
 * plan's, as session.changed carries it, or {@code vitals.prompts.patient-quiet-*-minutes} for a plan approved
 * before plans carried one), plans more when a dosed session is aborted
 * (ENDED_EARLY, still watched), and calls off those not issued when it ends.
 */
@ApplicationScoped
public class CheckInPrompts {

    private final EntityManager entityManager;
    private final int defaultEveryMinutes;
    private final int defaultForMinutes;
    private final int endedEarlyHorizonMinutes;
    private final int patientQuietFromMinutes;
    private final int patientQuietUntilMinutes;
    private final ClinicalTime clinicalTime;

    public CheckInPrompts(EntityManager entityManager, ClinicalTime clinicalTime,
                          @ConfigProperty(name = "vitals.prompts.default-every-minutes", defaultValue = "15") int defaultEveryMinutes,
                          @ConfigProperty(name = "vitals.prompts.default-for-minutes", defaultValue = "120") int defaultForMinutes,
                          @ConfigProperty(name = "vitals.prompts.ended-early-horizon-minutes", defaultValue = "480") int endedEarlyHorizonMinutes,
                          @ConfigProperty(name = "vitals.prompts.patient-quiet-from-minutes", defaultValue = "20") int patientQuietFromMinutes,
                          @ConfigProperty(name = "vitals.prompts.patient-quiet-until-minutes", defaultValue = "60") int patientQuietUntilMinutes) {
        this.entityManager = entityManager;
        this.clinicalTime = clinicalTime;
        this.defaultEveryMinutes = defaultEveryMinutes;
        this.defaultForMinutes = defaultForMinutes;
        this.endedEarlyHorizonMinutes = endedEarlyHorizonMinutes;
        this.patientQuietFromMinutes = patientQuietFromMinutes;
        this.patientQuietUntilMinutes = patientQuietUntilMinutes;
    }

    /**
     * Idempotent: prompt ids derive from (session, respondent, slot), so a redelivered dose plans nothing twice.
     * {@code quietWindow} is the plan's; null means this service's setting.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planAfterDose(String sessionId, Instant dosedAt, int everyMinutes, int forMinutes,
                              PatientQuietWindow quietWindow) {
        plan(sessionId, dosedAt, everyMinutes, forMinutes > 0 ? forMinutes : defaultForMinutes, quietWindow);
    }

    /**
     * A dosed session aborted early stays monitored until discharge or handover, so its prompts go
     * on past the planned window, at the same cadence from the dose, up to the ended-early horizon
     * (or the planned window if that is longer). The slots already planned keep their rows (same
     * ids); only the later ones are added, so nothing already issued or answered is touched.
     * <p>
     * Bounded rather than open-ended because prompts are planned as rows ahead of time: if the
     * session's end never reached us, an unbounded plan would prompt the patient and sitter
     * forever. The default 8 hours is well beyond the 1-2 hours in which the drug's effects
     * resolve, by which time the clinician has discharged or handed the patient over.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planWhileEndedEarly(String sessionId, Instant dosedAt, int everyMinutes, int forMinutes,
                                    PatientQuietWindow quietWindow) {
        int planned = forMinutes > 0 ? forMinutes : defaultForMinutes;
        plan(sessionId, dosedAt, everyMinutes, Math.max(planned, endedEarlyHorizonMinutes), quietWindow);
    }

    private void plan(String sessionId, Instant dosedAt, int everyMinutes, int forMinutes, PatientQuietWindow quietWindow) {
        int quietFrom = quietWindow == null ? patientQuietFromMinutes : quietWindow.fromMinutes();
        int quietUntil = quietWindow == null ? patientQuietUntilMinutes : quietWindow.untilMinutes();
        PromptSchedule schedule = new PromptSchedule(
                clinicalTime.scaled(Duration.ofMinutes(everyMinutes > 0 ? everyMinutes : defaultEveryMinutes)),
                clinicalTime.scaled(Duration.ofMinutes(forMinutes)),
                clinicalTime.scaled(Duration.ofMinutes(quietFrom)),
                clinicalTime.scaled(Duration.ofMinutes(quietUntil)));
        List<Instant> due = schedule.dueTimes(dosedAt);
        for (int slot = 1; slot <= due.size(); slot++) {
            for (String respondent : List.of(CheckInPrompted.PATIENT, CheckInPrompted.SITTER)) {
                if (CheckInPrompted.PATIENT.equals(respondent) && schedule.patientQuiet(dosedAt, due.get(slot - 1))) {
                    continue;
                }
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
