package care.ketamine.alerting.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules on check-in answers (issue 16) and on the patient's or the sitter's "I need help".
 * <ul>
 * <li>{@code sitter-concern}: the sitter reports MOAA/S 3 or less (moderate sedation or worse; clinical
 * reference, "Instruments": MOAA/S <= 3 is moderate or worse), a warning; 2 or less (responds only to
 * prodding or worse) critical; a sitter who is not with the patient is critical too (the sitter stays until
 * the patient is alert, clinical reference).</li>
 * <li>{@code patient-symptoms}: the patient's brief dissociation check totals 9 or more of 12, or anxiety or
 * nausea is 8 or more of 10: a warning. (The check is an adaptation of CADSS items, not the validated scale.)</li>
 * <li>{@code patient-not-ok}: the patient answers that they are not OK: a warning, critical together with an open
 * vital-sign alert of warning or worse, whether that alert was there first or comes while the "not OK" is open.</li>
 * <li>{@code help-requested}: the patient or the sitter asks for help from their app: critical at once, whatever
 * else is known. Another request while the alert is open adds to it. The note they typed is not part of the
 * alert (it would travel with pages); the console shows it from the session's feed.</li>
 * </ul>
 */
public final class CheckInRules {

    public static final String SITTER_CONCERN = "sitter-concern";
    public static final String PATIENT_NOT_OK = "patient-not-ok";
    public static final String PATIENT_SYMPTOMS = "patient-symptoms";
    public static final String HELP_REQUESTED = "help-requested";
    static final int MOAAS_WARNING_AT_OR_BELOW = 3;
    static final int MOAAS_CRITICAL_AT_OR_BELOW = 2;
    static final int DISSOCIATION_AT_OR_ABOVE = 9;
    static final int ANXIETY_AT_OR_ABOVE = 8;
    static final int NAUSEA_AT_OR_ABOVE = 8;

    private CheckInRules() {
    }

    public static RuleOutcome sitter(String sessionId, int moaas, boolean sitterPresent, Instant answeredAt) {
        boolean sedated = moaas <= MOAAS_WARNING_AT_OR_BELOW;
        if (!sedated && sitterPresent) {
            return RuleOutcome.clear(SITTER_CONCERN);
        }
        Severity severity = !sitterPresent || moaas <= MOAAS_CRITICAL_AT_OR_BELOW ? Severity.CRITICAL : Severity.WARNING;
        String value = "MOAA/S " + moaas + (sitterPresent ? "" : ", sitter not present");
        String depth = moaas <= MOAAS_CRITICAL_AT_OR_BELOW ? "2 or less: responds only to prodding or worse"
                : "3: moderate sedation";
        String summary = sedated && !sitterPresent ? "Sitter reports MOAA/S " + moaas + " and is not with the patient"
                : sedated ? "Sitter reports MOAA/S " + moaas + " (" + depth + ")"
                : "Sitter is not with the patient";
        // Worse: lower MOAA/S; absence counts as the worst.
        double measure = (sitterPresent ? 0 : 10) + (5 - moaas);
        return RuleOutcome.found(new AlertCondition(SITTER_CONCERN, severity, sessionId, value, measure, summary, answeredAt));
    }

    /**
     * {@code help-requested}: always a critical condition.
     *
     * @param requestedBy {@code patient} or {@code sitter}
     * @param withNote    they typed something (the console shows it)
     */
    public static AlertCondition helpRequested(String sessionId, String requestedBy, boolean withNote, Instant askedAt) {
        String who = "sitter".equals(requestedBy) ? "sitter" : "patient";
        return new AlertCondition(HELP_REQUESTED, Severity.CRITICAL, sessionId,
                "asked by the " + who + (withNote ? ", with a note" : ""), 1, "The " + who + " asks for help now", askedAt);
    }

    /**
     * The patient's answers: one outcome for {@code patient-not-ok}, one for {@code patient-symptoms}.
     *
     * @param vitalSignAlertOpen the session has an unresolved vital-sign alert of warning or worse whose condition persists
     */
    public static List<RuleOutcome> patient(String sessionId, boolean feelsOk, int dissociationTotal, int nausea, int anxiety,
                                            boolean vitalSignAlertOpen, Instant answeredAt) {
        String answers = "nausea " + nausea + "/10, anxiety " + anxiety + "/10, dissociation check " + dissociationTotal + "/12";
        String value = "not OK (" + answers + ")";
        int measure = nausea + anxiety + dissociationTotal;
        RuleOutcome notOk = feelsOk ? RuleOutcome.clear(PATIENT_NOT_OK)
                : RuleOutcome.found(vitalSignAlertOpen ? notOkWithVitalSignAlert(sessionId, value, measure, answeredAt)
                : new AlertCondition(PATIENT_NOT_OK, Severity.WARNING, sessionId, value, measure, "Patient says they are not OK",
                answeredAt));
        List<String> high = new ArrayList<>();
        if (dissociationTotal >= DISSOCIATION_AT_OR_ABOVE) {
            high.add("dissociation check " + dissociationTotal + "/12");
        }
        if (anxiety >= ANXIETY_AT_OR_ABOVE) {
            high.add("anxiety " + anxiety + "/10");
        }
        if (nausea >= NAUSEA_AT_OR_ABOVE) {
            high.add("nausea " + nausea + "/10");
        }
        RuleOutcome symptoms = high.isEmpty() ? RuleOutcome.clear(PATIENT_SYMPTOMS)
                : RuleOutcome.found(new AlertCondition(PATIENT_SYMPTOMS, Severity.WARNING, sessionId, answers,
                Math.max(dissociationTotal - DISSOCIATION_AT_OR_ABOVE, Math.max(anxiety - ANXIETY_AT_OR_ABOVE, nausea - NAUSEA_AT_OR_ABOVE)),
                "Patient reports " + String.join(", ", high), answeredAt));
        return List.of(notOk, symptoms);
    }

    /**
     * "Not OK" together with a vital-sign alert of warning or worse, whichever came first: critical. Used for a
     * patient who says so while a vital sign is off, and for a vital sign that goes off while their "not OK"
     * is still open (same value and time as the answer).
     */
    public static AlertCondition notOkWithVitalSignAlert(String sessionId, String value, double measure, Instant answeredAt) {
        return new AlertCondition(PATIENT_NOT_OK, Severity.CRITICAL, sessionId, value, measure,
                "Patient says they are not OK while a vital-sign alert is open", answeredAt);
    }
}
