package care.ketamine.vitals.ingest;

import care.ketamine.platform.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** What became of one submission. */
public record SubmissionOutcome(Status status, UUID eventId, String detail, List<Problem.Violation> violations) {

    @Schema(name = "SubmissionStatus", description = """
            ACCEPTED: on the broker now. REPLAYED: already accepted earlier with the same values; nothing sent again. \
            REJECTED: breaks a rule; nothing recorded. CONFLICT: the id was used before with other values, or the prompt \
            was already answered; nothing recorded. UNAVAILABLE: the broker did not acknowledge in time; send it again.""")
    public enum Status { ACCEPTED, REPLAYED, REJECTED, CONFLICT, UNAVAILABLE }

    static SubmissionOutcome accepted(UUID eventId) {
        return new SubmissionOutcome(Status.ACCEPTED, eventId, null, List.of());
    }

    static SubmissionOutcome replayed(UUID eventId) {
        return new SubmissionOutcome(Status.REPLAYED, eventId, "Already accepted with the same values", List.of());
    }

    static SubmissionOutcome rejected(String detail, List<Problem.Violation> violations) {
        return new SubmissionOutcome(Status.REJECTED, null, detail, List.copyOf(violations));
    }

    static SubmissionOutcome conflict(String detail) {
        return new SubmissionOutcome(Status.CONFLICT, null, detail, List.of());
    }

    static SubmissionOutcome unavailable(String detail) {
        return new SubmissionOutcome(Status.UNAVAILABLE, null, detail, List.of());
    }

    public boolean settled() {
        return status != Status.UNAVAILABLE;
    }
}
