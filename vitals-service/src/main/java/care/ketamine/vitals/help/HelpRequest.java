package care.ketamine.vitals.help;

import care.ketamine.contracts.vitals.HelpRequested;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "\"I need help\" from the patient's or the sitter's app: the clinician on call is paged at once")
public record HelpRequest(
        @Schema(required = true, maxLength = 100, description = "The app's own id for this request; sent again with the "
                + "same id (a retry), it is the same request and nobody is paged twice")
        String helpId,
        @Schema(required = true, description = "When the person asked, UTC, by the phone's clock; kept as sent and never a "
                + "reason to refuse: the request counts from when vitals received it")
        Instant askedAt,
        @Schema(maxLength = HelpRequested.NOTE_CHARACTERS, description = "What they typed, if anything; the clinician reads "
                + "it in the console, pages do not carry it")
        String note) {
}
