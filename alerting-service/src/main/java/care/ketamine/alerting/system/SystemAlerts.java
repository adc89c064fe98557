package care.ketamine.alerting.system;

/**
 * Alerts about the monitoring system itself rather than a patient: they carry the session id {@link #SESSION_ID}
 * and page the clinic's operators (staff contacts marked operator), else on-call tier 2, then tier 1, never a
 * session's clinician.
 */
public final class SystemAlerts {

    /** The session id every system alert carries. */
    public static final String SESSION_ID = "system";
    /** Readings stopped arriving for every monitored session at once (vitals-service, the broker, or the network). */
    public static final String VITALS_SILENT = "vitals-silent";
    /** A page reached nobody: no delivering channel, or nobody on call. */
    public static final String PAGE_NOT_DELIVERED = "page-not-delivered";

    private SystemAlerts() {
    }

    public static boolean isSystem(String sessionId) {
        return SESSION_ID.equals(sessionId);
    }
}
