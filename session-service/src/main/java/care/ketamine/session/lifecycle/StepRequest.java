package care.ketamine.session.lifecycle;

import care.ketamine.platform.address.DosingAddressRequest;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.Valid;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

import static care.ketamine.platform.problem.TextLimit.Kind.NAME;
import static care.ketamine.platform.problem.TextLimit.Kind.REASON;

/**
 * What a lifecycle step needs; each step reads only its own fields. The annotations are the limits every step
 * keeps; which fields a step requires, and what they must say, is the step's (RunSession, the domain).
 */
@Schema(description = "Check-in: patientOnline and sitterName; addressConfirmed (the patient is at the dosing address on "
        + "file) or dosingAddress (where they are today), which may also be given later with POST "
        + "/sessions/{id}/dosing-address but before the dose. Recovery and discharge: overrides (only for criteria the "
        + "system's proposal says are not met, each with a written reason; the monitoring floor cannot be overridden). "
        + "Handover: called, calledAt and reason. Abort and cancel: reason. Other steps: no body.")
public record StepRequest(Boolean patientOnline,
                          @Schema(maxLength = FreeText.NAME_CHARACTERS) @TextLimit(NAME) String sitterName,
                          @Schema(maxLength = FreeText.REASON_CHARACTERS) @TextLimit(REASON) String reason,
                          @Schema(description = "Recovery and discharge: criteria overridden, each with a reason")
                          @Valid List<Override> overrides,
                          @Schema(maxLength = FreeText.NAME_CHARACTERS, description = "Handover: who was called, e.g. 911 or EMS unit 12")
                          @TextLimit(NAME) String called,
                          @Schema(description = "Handover: when they were called (not in the future)")
                          Instant calledAt,
                          @Schema(description = "Check-in: the clinician confirms the patient is at the dosing address on file")
                          Boolean addressConfirmed,
                          @Schema(description = "Check-in: where the patient is today, when not at the address on file; "
                                  + "recording it confirms it for this session")
                          DosingAddressRequest dosingAddress) {

    static final StepRequest EMPTY = new StepRequest(null, null, null, null, null, null, null, null);

    /** Whether the request says anything about the dosing address. */
    boolean concernsAddress() {
        return Boolean.TRUE.equals(addressConfirmed) || dosingAddress != null;
    }

    /** A discharge criterion (vitals, sitter, patient, alerts) the clinician overrides, and why. */
    public record Override(String criterion,
                           @Schema(maxLength = FreeText.REASON_CHARACTERS) @TextLimit(REASON) String reason) {
    }

    boolean confirmsPatientOnline() {
        return Boolean.TRUE.equals(patientOnline);
    }

    List<Override> overridesOrNone() {
        return overrides == null ? List.of() : overrides;
    }
}
