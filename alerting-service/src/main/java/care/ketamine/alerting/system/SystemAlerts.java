package care.ketamine.alerting.system;

/**
 * Alerts about the monitoring itself rather than a patient: they carry the session id {@value #SESSION_ID}, and
 * their pages go to the clinic's operators (staff contacts marked operator), else to on-call tier 2, then tier 1.
 */
public final class SystemAlerts {

    public static final String SESSION_ID = "system";
    /** Readings stopped arriving for every monitored session at once. */
    public static final String VITALS_SILENT = "VITALS_SILENT";
    /** A page reached nobody: every channel of a step ended without a receipt, or nobody was on call. */
    public static final String PAGE_NOT_DELIVERED = "PAGE_NOT_DELIVERED";

    private SystemAlerts() {
    }

    public static boolean isSystem(String sessionId) {
        return SESSION_ID.equals(sessionId);
    }
}
