package care.ketamine.session.domain;

/** The clinician discharges although a named criterion is not met, and writes why. */
public record DischargeOverride(String criterion, String reason) {
}
