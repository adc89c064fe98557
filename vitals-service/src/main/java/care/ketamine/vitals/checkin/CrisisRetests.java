package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.vitals.domain.BloodPressureCrisis;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

/**
 * Asks the cuff to measure again after a blood-pressure crisis ({@link BloodPressureCrisis}): a prompt with
 * respondent {@code cuff} and kind {@code retest}, due 5 minutes (clinical time) after the crisis reading was
 * measured, which the patient's devices see on {@code GET /sessions/{id}/prompts}. At most one retest per 5
 * minutes per session. A blood-pressure reading measured when asked (at most a minute before the retest is due)
 * answers it; one measured sooner, without the rest the retest is for, does not.
 *
 * <p>Written in the history projection's transaction, off the ingest path: the crisis reading is on the
 * broker already, and a redelivered reading (same event id, same prompt id) plans nothing twice. No
 * check-in.prompted event: alerting would watch a retest as a check-in the patient owes; the crisis itself
 * is alerting's to page from the reading.
 */
@ApplicationScoped
public class CrisisRetests {

    public static final String RESPONDENT = "cuff";
    public static final String KIND = "retest";

    /** How early before its due time a reading still counts as the retest. */
    static final Duration ANSWER_SLACK = Duration.ofMinutes(1);

    private final Duration retestAfter;
    private final Duration answerSlack;

    public CrisisRetests(ClinicalTime clinicalTime) {
        this.retestAfter = clinicalTime.scaled(BloodPressureCrisis.RETEST_AFTER);
        this.answerSlack = clinicalTime.scaled(ANSWER_SLACK);
    }

    /** Plans the retests this poll's readings call for, then marks those its blood-pressure readings answer. */
    public void apply(Connection connection, List<EventEnvelope<ReadingRecorded>> readings) throws SQLException {
        boolean anyPressure = false;
        try (PreparedStatement plan = connection.prepareStatement("""
                INSERT INTO check_in_prompt (prompt_id, session_id, respondent, sequence, due_at, kind, reason)
                SELECT ?, ?, 'cuff', 0, ?, 'retest', ?
                WHERE NOT EXISTS (SELECT 1 FROM check_in_prompt p WHERE p.session_id = ? AND p.kind = 'retest'
                                  AND p.due_at > ? AND p.due_at < ?)
                ON CONFLICT DO NOTHING""")) {
            boolean any = false;
            for (EventEnvelope<ReadingRecorded> event : readings) {
                ReadingRecorded r = event.payload();
                anyPressure |= r.hasBloodPressure();
                if (!BloodPressureCrisis.inCrisis(r.systolic(), r.diastolic())) {
                    continue;
                }
                Timestamp due = Timestamp.from(BloodPressureCrisis.retestDue(r.measuredAt(), retestAfter));
                plan.setString(1, EventEnvelope.idFor("cuff.retest", r.sessionId(), event.eventId().toString()).toString());
                plan.setString(2, r.sessionId());
                plan.setTimestamp(3, due);
                plan.setString(4, "Blood pressure " + r.systolic() + "/" + r.diastolic() + " mm[Hg] is above "
                        + BloodPressureCrisis.SYSTOLIC_ABOVE + "/" + BloodPressureCrisis.DIASTOLIC_ABOVE
                        + ": rest seated and measure again (reading " + r.readingId() + ")");
                plan.setString(5, r.sessionId());
                plan.setTimestamp(6, Timestamp.from(due.toInstant().minus(retestAfter)));
                plan.setTimestamp(7, Timestamp.from(due.toInstant().plus(retestAfter)));
                plan.addBatch();
                any = true;
            }
            if (any) {
                plan.executeBatch();
            }
        }
        if (!anyPressure) {
            return;
        }
        try (PreparedStatement answer = connection.prepareStatement("""
                UPDATE check_in_prompt SET answered_by = ?
                WHERE session_id = ? AND kind = 'retest' AND answered_by IS NULL AND NOT cancelled AND due_at <= ?""")) {
            for (EventEnvelope<ReadingRecorded> event : readings) {
                ReadingRecorded r = event.payload();
                if (r.hasBloodPressure()) {
                    answer.setString(1, "reading:" + r.readingId());
                    answer.setString(2, r.sessionId());
                    answer.setTimestamp(3, Timestamp.from(r.measuredAt().plus(answerSlack)));
                    answer.addBatch();
                }
            }
            answer.executeBatch();
        }
    }
}
