package care.ketamine.contracts.intake;

/**
 * When the patient is not prompted to check in, in minutes after the dose: from {@code fromMinutes}
 * (inclusive) to {@code untilMinutes} (exclusive). The peak of dissociation, when a patient cannot be
 * expected to answer; the sitter is prompted throughout and carries that window. Set per plan by the
 * approving clinician; an event without it (written before plans carried it) means the consumer's default.
 */
public record PatientQuietWindow(int fromMinutes, int untilMinutes) {
}
