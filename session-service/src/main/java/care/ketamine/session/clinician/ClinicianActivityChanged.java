package care.ketamine.session.clinician;

/** A clinician was activated or deactivated (fired in the saving transaction, before it commits). */
public record ClinicianActivityChanged(String clinicianId, boolean active) {
}
