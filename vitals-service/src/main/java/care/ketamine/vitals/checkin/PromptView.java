package care.ketamine.vitals.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "A prompt: a check-in (respondent patient or sitter) or a cuff's retest after a blood-pressure crisis "
        + "(respondent cuff, kind retest, with the reason; the next blood-pressure reading answers it). answered is false "
        + "until a check-in or reading answers it.")
public record PromptView(String promptId, String respondent, int sequence, Instant dueAt, Instant issuedAt, boolean answered,
                         boolean cancelled,
                         @Schema(enumeration = {"check-in", "retest"}) String kind,
                         String reason) {

    static PromptView of(CheckInPrompt p) {
        return new PromptView(p.promptId, p.respondent, p.sequence, p.dueAt, p.issuedAt, p.answeredBy != null, p.cancelled,
                p.kind, p.reason);
    }
}
