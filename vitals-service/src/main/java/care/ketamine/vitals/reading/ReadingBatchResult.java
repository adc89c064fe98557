package care.ketamine.vitals.reading;

import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.ingest.SubmissionOutcome;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

@Schema(description = "What became of each reading of a batch, in the order sent")
public record ReadingBatchResult(String sessionId, int accepted, int replayed, int rejected, List<Item> results) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(name = "ReadingBatchItem")
    public record Item(int index, String readingId, SubmissionOutcome.Status status, UUID eventId, String detail,
                       List<Problem.Violation> violations) {
    }

    static ReadingBatchResult of(String sessionId, List<ReadingRequest> sent, List<SubmissionOutcome> outcomes) {
        List<Item> items = new java.util.ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            SubmissionOutcome o = outcomes.get(i);
            items.add(new Item(i, sent.get(i) == null ? null : sent.get(i).readingId(), o.status(), o.eventId(),
                    o.detail(), o.violations()));
        }
        return new ReadingBatchResult(sessionId, count(outcomes, SubmissionOutcome.Status.ACCEPTED),
                count(outcomes, SubmissionOutcome.Status.REPLAYED),
                outcomes.size() - count(outcomes, SubmissionOutcome.Status.ACCEPTED) - count(outcomes, SubmissionOutcome.Status.REPLAYED),
                items);
    }

    private static int count(List<SubmissionOutcome> outcomes, SubmissionOutcome.Status status) {
        return (int) outcomes.stream().filter(o -> o.status() == status).count();
    }
}
