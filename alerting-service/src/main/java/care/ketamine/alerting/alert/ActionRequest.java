package care.ketamine.alerting.alert;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A comment with an acknowledgement (optional) or a resolution (required)")
public record ActionRequest(
        @Schema(maxLength = 2000, examples = "Called the patient; retest in 5 minutes",
                description = "At most 2000 characters and 6000 bytes (UTF-8)") String comment) {
}
