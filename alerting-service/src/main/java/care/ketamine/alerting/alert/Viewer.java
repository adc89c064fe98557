package care.ketamine.alerting.alert;

import care.ketamine.contracts.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Which alerts a caller sees: admins all; a clinician the alerts of their own sessions; on-call
 * staff the alerts escalated (notified) to them.
 */
public record Viewer(String id, String role) {

    public static Viewer of(JsonWebToken token) {
        String role = token.getGroups().contains(Roles.ADMIN) ? Roles.ADMIN
                : token.getGroups().contains(Roles.ON_CALL) ? Roles.ON_CALL : Roles.CLINICIAN;
        return new Viewer(token.getSubject(), role);
    }

    String clinicianFilter() {
        return Roles.CLINICIAN.equals(role) ? id : null;
    }

    String notifiedFilter() {
        return Roles.ON_CALL.equals(role) ? id : null;
    }

    boolean sees(AlertStream.Change change) {
        return switch (role) {
            case Roles.ADMIN -> true;
            case Roles.ON_CALL -> change.notified().contains(id);
            default -> id.equals(change.alert().clinicianId());
        };
    }

    boolean sees(Alert alert, java.util.List<String> notified) {
        return sees(new AlertStream.Change(AlertView.of(alert), notified));
    }

    AlertActions.Actor asActor() {
        return new AlertActions.Actor(id, role);
    }
}
