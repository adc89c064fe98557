package care.ketamine.vitals.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "A check-in prompt. answered is false until a check-in answers it.")
public record PromptView(String promptId, String respondent, int sequence, Instant dueAt, Instant issuedAt, boolean answered,
                         boolean cancelled) {

    static PromptView of(CheckInPrompt p) {
        return new PromptView(p.promptId, p.respondent, p.sequence, p.dueAt, p.issuedAt, p.answeredBy != null, p.cancelled);
    }
}
