package care.ketamine.session.domain;

import java.time.Instant;

/**
 * The patient was handed over to emergency services.
 *
 * @param called   who was called ("911", "EMS unit 12")
 * @param calledAt when they were called
 * @param reason   why
 */
public record Handover(String called, Instant calledAt, String reason) {
}
