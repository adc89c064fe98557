package care.ketamine.intake.urgentreview;

import care.ketamine.intake.patient.Patient;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "An urgent-review task: whom to reach, why, by when, and who has it")
public record UrgentReviewView(UUID id, UUID patientId, String patientName, String patientPhone,
                               @Schema(description = "The patient's US state: only clinicians licensed there see and take it")
                               String usState,
                               @Schema(description = "ACUTE (acute suicidal ideation, a recent attempt or intent) or PROMPT "
                                       + "(PHQ-9 item 9 above 0)") String urgency,
                               @Schema(description = "The eligibility reasons' codes that opened it") List<String> reasons,
                               Instant openedAt, Instant dueAt,
                               @Schema(description = "The deadline passed before anyone took it") boolean overdue,
                               String takenBy, Instant takenAt, String closedBy, Instant closedAt, String outcome) {

    static UrgentReviewView of(UrgentReviewTask t, Patient p, Instant now) {
        boolean overdue = (t.takenAt == null ? now : t.takenAt).isAfter(t.dueAt);
        return new UrgentReviewView(t.id, t.patientId, p.givenName + " " + p.familyName, p.phone, p.usState, t.urgency,
                List.of(t.reasons), t.openedAt, t.dueAt, overdue, t.takenBy, t.takenAt, t.closedBy, t.closedAt, t.outcome);
    }
}
