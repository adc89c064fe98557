package care.ketamine.alerting.domain;

import java.time.Instant;

/**
 * Rules on check-in answers.
 * <ul>
 * <li>{@code sitter-concern}: the sitter reports MOAA/S 2 or less (responds only to prodding or
 * worse; clinical reference, "Instruments") or that they are not present. Critical.</li>
 * <li>{@code patient-not-ok}: the patient answers that they are not OK. A warning to the clinician:
 * the issue is silent on it, and a patient saying so must reach a person.</li>
 * </ul>
 */
public final class CheckInRules {

    public static final String SITTER_CONCERN = "sitter-concern";
    public static final String PATIENT_NOT_OK = "patient-not-ok";
    static final int MOAAS_CONCERN_AT_OR_BELOW = 2;

    private CheckInRules() {
    }

    public static RuleOutcome sitter(String sessionId, int moaas, boolean sitterPresent, Instant answeredAt) {
        boolean sedated = moaas <= MOAAS_CONCERN_AT_OR_BELOW;
        if (!sedated && sitterPresent) {
            return RuleOutcome.clear(SITTER_CONCERN);
        }
        String value = "MOAA/S " + moaas + (sitterPresent ? "" : ", sitter not present");
        String summary = sedated && !sitterPresent ? "Sitter reports MOAA/S " + moaas + " and is not with the patient"
                : sedated ? "Sitter reports MOAA/S " + moaas + " (2 or less: responds only to prodding or worse)"
                : "Sitter is not with the patient";
        // Worse: lower MOAA/S; absence counts as the worst.
        double measure = (sitterPresent ? 0 : 10) + (5 - moaas);
        return RuleOutcome.found(new AlertCondition(SITTER_CONCERN, Severity.CRITICAL, sessionId, value, measure, summary,
                answeredAt));
    }

    public static RuleOutcome patient(String sessionId, boolean feelsOk, int dissociationTotal, int nausea, int anxiety,
                                      Instant answeredAt) {
        if (feelsOk) {
            return RuleOutcome.clear(PATIENT_NOT_OK);
        }
        String value = "not OK (nausea " + nausea + "/10, anxiety " + anxiety + "/10, dissociation check " + dissociationTotal + "/12)";
        return RuleOutcome.found(new AlertCondition(PATIENT_NOT_OK, Severity.WARNING, sessionId, value,
                nausea + anxiety + dissociationTotal, "Patient says they are not OK", answeredAt));
    }
}
