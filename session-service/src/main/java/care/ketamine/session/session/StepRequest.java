package care.ketamine.session.session;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a lifecycle step needs; each step reads only its own fields. */
@Schema(description = "Check-in: patientOnline and sitterName. Recovery: vitalsNearBaseline, responsive, sitterPresent. "
        + "Abort and cancel: reason. Other steps: no body.")
public record StepRequest(Boolean patientOnline, @Schema(maxLength = 200) String sitterName, Boolean vitalsNearBaseline,
                          Boolean responsive, Boolean sitterPresent, @Schema(maxLength = 1000) String reason) {

    static final StepRequest EMPTY = new StepRequest(null, null, null, null, null, null);

    boolean confirmsPatientOnline() {
        return Boolean.TRUE.equals(patientOnline);
    }

    boolean confirmsVitalsNearBaseline() {
        return Boolean.TRUE.equals(vitalsNearBaseline);
    }

    boolean confirmsResponsive() {
        return Boolean.TRUE.equals(responsive);
    }

    boolean confirmsSitterPresent() {
        return Boolean.TRUE.equals(sitterPresent);
    }
}
