package care.ketamine.platform.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** Who is calling, in the words an audit entry or a decision record needs. */
public record Caller(String subject, String role) {

    /** Roles by precedence: a token with several is recorded by its most privileged one. */
    private static final List<String> PRECEDENCE = List.of("admin", "clinician", "on-call", "scheduler", "intake", "sitter", "patient-device");

    public static Caller of(JsonWebToken token) {
        String role = PRECEDENCE.stream().filter(token.getGroups()::contains).findFirst().orElse("none");
        return new Caller(token.getSubject(), role);
    }
}
