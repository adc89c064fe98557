package care.ketamine.session.device;

import care.ketamine.contracts.intake.TreatmentPlanApproved;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

@Schema(description = "What the paired phone shows about its session: when, where it stands, and who to call")
public record PhoneSession(UUID sessionId, String type, String state, Instant start, Instant end,
                           @Schema(description = "The start in the patient's timezone") LocalDateTime startPatientLocal,
                           String patientTimezone,
                           @Schema(description = "When the tablet was taken; null before") Instant dosedAt,
                           @Schema(description = "DOSE_AUTHORIZED: until when the patient may confirm the tablet taken")
                           Instant authorizationExpiresAt,
                           String clinicianName,
                           @Schema(description = "The phone's own role: patient-device or sitter") String role,
                           TreatmentPlanApproved.Person sitter,
                           TreatmentPlanApproved.Person emergencyContact,
                           @Schema(description = "The emergency number where the patient is (e.g. 911); null when no "
                                   + "address is on file")
                           String emergencyNumber,
                           @Schema(description = "A prompt unanswered this long after it was due is MISSED and the "
                                   + "clinician is told (clinical time: divided by the stack's compression)")
                           long checkInMissedAfterMillis) {
}
