package care.ketamine.platform.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;

/**
 * Who is calling and as what, the one reading of a token's roles every service shares. {@code role} is the
 * one an audit entry or a decision record names; what a caller may see or do asks {@link #has} of every role
 * the token holds (a clinician who is also on call is both).
 */
public record Caller(String subject, String role, Set<String> roles) {

    /** Roles by precedence: a token with several is recorded by its most privileged one. */
    private static final List<String> PRECEDENCE = List.of("admin", "clinician", "on-call", "scheduler", "intake", "sitter", "patient-device");

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller of(JsonWebToken token) {
        return of(token.getSubject(), token.getGroups() == null ? Set.of() : token.getGroups());
    }

    public static Caller of(String subject, Set<String> roles) {
        String role = PRECEDENCE.stream().filter(roles::contains).findFirst().orElse("none");
        return new Caller(subject, role, roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
