package care.ketamine.alerting.alert;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A comment with an acknowledgement (optional) or a resolution (required), at most 2000 characters")
public record ActionRequest(@Schema(examples = "Called the patient; retest in 5 minutes") String comment) {
}
