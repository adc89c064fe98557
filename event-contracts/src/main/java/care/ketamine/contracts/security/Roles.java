package care.ketamine.contracts.security;

/** The roles a JWT's {@code groups} claim may carry (architecture brief, Security): a contract between services and their callers. */
public final class Roles {

    public static final String PATIENT_DEVICE = "patient-device";
    public static final String SITTER = "sitter";
    public static final String CLINICIAN = "clinician";
    public static final String ON_CALL = "on-call";
    public static final String INTAKE = "intake";
    public static final String ADMIN = "admin";
    /** Books sessions for patients and clinicians (issue 4). */
    public static final String SCHEDULER = "scheduler";

    /** Claim of a patient-device or sitter token naming the one session it may post to. */
    public static final String SESSION_CLAIM = "session_id";

    /** Claim of a patient-device or sitter token naming the paired device (revocation is by device). */
    public static final String DEVICE_CLAIM = "device_id";

    private Roles() {
    }
}
