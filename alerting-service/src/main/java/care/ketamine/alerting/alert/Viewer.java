package care.ketamine.alerting.alert;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.security.Caller;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;

/**
 * Which alerts a caller sees: admins all; a clinician the alerts of their own sessions; on-call staff the
 * alerts escalated (notified) to them; someone who is both, both.
 */
public record Viewer(Caller caller) {

    public static Viewer of(JsonWebToken token) {
        return new Viewer(Caller.of(token));
    }

    static Viewer of(String id, Set<String> roles) {
        return new Viewer(Caller.of(id, roles));
    }

    public String id() {
        return caller.subject();
    }

    /** The role an audit entry or an acknowledgement records. */
    public String role() {
        return caller.role();
    }

    private boolean admin() {
        return caller.has(Roles.ADMIN);
    }

    /** Sees their own sessions' alerts: a clinician, and anyone else let in who is not on call. */
    private boolean ownSessions() {
        return !admin() && (caller.has(Roles.CLINICIAN) || !caller.has(Roles.ON_CALL));
    }

    private boolean escalatedToThem() {
        return !admin() && caller.has(Roles.ON_CALL);
    }

    /** The clinician whose sessions' alerts this viewer sees, or null. */
    String clinicianFilter() {
        return ownSessions() ? id() : null;
    }

    /** The person whose pages' alerts this viewer sees, or null. */
    String notifiedFilter() {
        return escalatedToThem() ? id() : null;
    }

    boolean sees(AlertStream.Change change) {
        return admin()
                || ownSessions() && id().equals(change.alert().clinicianId())
                || escalatedToThem() && change.notified().contains(id());
    }

    boolean sees(Alert alert, List<String> notified) {
        return sees(new AlertStream.Change(AlertView.of(alert), notified));
    }

    public AlertActions.Actor asActor() {
        return new AlertActions.Actor(id(), role(), caller.roles());
    }
}
