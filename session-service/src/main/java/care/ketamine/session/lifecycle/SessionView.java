package care.ketamine.session.lifecycle;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

@Schema(description = "A session, its times in UTC and in the patient's and the clinician's zones, and its history")
public record SessionView(UUID id, UUID patientId, String clinicianId, UUID planId, String type, String state,
                          Instant start, Instant end, LocalDateTime startPatientLocal, String patientTimezone,
                          LocalDateTime startClinicianLocal, String clinicianTimezone,
                          @Schema(description = "When the tablet was taken: the dose time the monitoring floor and the "
                                  + "check-in prompts count from")
                          Instant dosedAt,
                          @Schema(description = "Who confirmed the tablet taken (the patient's device or the clinician)")
                          String tabletConfirmedBy,
                          @Schema(description = "PRE_DOSE_CHECK: when the passed gate expires back to CHECKED_IN "
                                  + "unless the dose is authorized")
                          Instant gateExpiresAt,
                          @Schema(description = "DOSE_AUTHORIZED: when the authorization expires back to CHECKED_IN "
                                  + "unless the tablet is taken")
                          Instant authorizationExpiresAt,
                          @Schema(description = "The steps the session's clinician may take now")
                          List<String> nextSteps,
                          List<Step> history,
                          @Schema(description = "After a completed dose with no integration booked: the first free "
                                  + "INTEGRATION slot within 72 hours")
                          care.ketamine.session.domain.SlotFinder.Slot proposedIntegration,
                          @Schema(description = "The session's paired devices not revoked, oldest first")
                          List<Device> devices,
                          @Schema(description = "Where the patient is for this session and the local emergency number: the "
                                  + "one recorded at check-in, else the plan's; confirmedBy and confirmedAt once a clinician "
                                  + "confirmed the patient is there (no dose before). Null when none is on file.")
                          care.ketamine.contracts.sessions.SessionAddress dosingAddress) {

    public record Step(String from, String to, String actor, Instant at, String reason) {
    }

    @Schema(description = "A paired device: its kind, the cadence it declared (null: the kind's default) and what it is")
    public record Device(UUID deviceId, String role, String kind, String label, Integer cadenceSeconds,
                         String manufacturer, String model, String firmware, Instant pairedAt, Instant expiresAt) {
    }
}
