package care.ketamine.session.console.signin;

import care.ketamine.contracts.security.Roles;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which of our staff roles a person signed in by the clinic's provider gets: the roles the provider lists at a
 * configurable claim path ({@code realm_access/roles} for Keycloak, {@code groups} elsewhere), of which the console
 * takes one, the most privileged (admin, then clinician, then on-call), as {@code Caller} records the most
 * privileged role of a token. Roles we do not know are ignored; none of ours means no console.
 */
public final class StaffRoles {

    /** Most privileged first: an admin may do all a clinician may, a clinician more than on-call staff. */
    static final List<String> PRECEDENCE = List.of(Roles.ADMIN, Roles.CLINICIAN, Roles.ON_CALL);

    private StaffRoles() {
    }

    /** The staff role for these claims, or empty when the claim is absent or names none of ours. */
    public static Optional<String> of(Map<String, Object> claims, String claimPath) {
        Collection<?> held = rolesAt(claims, claimPath);
        return PRECEDENCE.stream().filter(held::contains).findFirst();
    }

    /** The strings at the claim path: a list of them, or one; anything else counts as none. */
    static Collection<?> rolesAt(Map<String, Object> claims, String claimPath) {
        Object value = claims;
        for (String name : claimPath.split("/")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(name);
        }
        if (value instanceof Collection<?> roles) {
            return roles.stream().filter(String.class::isInstance).toList();
        }
        return value instanceof String role ? List.of(role) : List.of();
    }
}
