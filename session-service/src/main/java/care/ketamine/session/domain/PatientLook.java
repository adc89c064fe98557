package care.ketamine.session.domain;

import java.time.Instant;

/** The patient's latest check-in: their own "I am OK". */
public record PatientLook(boolean feelsOk, Instant answeredAt) {
}
