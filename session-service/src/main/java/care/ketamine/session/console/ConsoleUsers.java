package care.ketamine.session.console;

import care.ketamine.contracts.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The local stack's demo staff who may sign in to the console: {@code console.demo-users} as
 * {@code id:role:Display name} entries separated by {@code ;}, all with {@code console.demo-password}.
 * Neither is set by default, so nobody can sign in this way; a production deployment signs staff in
 * through its OIDC provider instead.
 */
@ApplicationScoped
public class ConsoleUsers {

    /** A person who may use the console, and in which role. */
    public record ConsoleUser(String id, String role, String displayName) {
    }

    private static final Set<String> STAFF_ROLES = Set.of(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN);

    private final Map<String, ConsoleUser> users;
    private final byte[] password;

    public ConsoleUsers(@ConfigProperty(name = "console.demo-users") Optional<String> users,
                        @ConfigProperty(name = "console.demo-password") Optional<String> password) {
        this.users = users.map(ConsoleUsers::parse).orElse(Map.of());
        this.password = password.filter(p -> p.length() >= 4).map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    static Map<String, ConsoleUser> parse(String entries) {
        return Arrays.stream(entries.split(";")).map(String::strip).filter(e -> !e.isEmpty()).map(e -> {
            String[] parts = e.split(":", 3);
            if (parts.length != 3 || !STAFF_ROLES.contains(parts[1].strip())) {
                throw new IllegalArgumentException("console.demo-users entries are id:role:Display name with role "
                        + STAFF_ROLES + ": " + e);
            }
            return new ConsoleUser(parts[0].strip(), parts[1].strip(), parts[2].strip());
        }).collect(Collectors.toMap(ConsoleUser::id, Function.identity()));
    }

    /** The user, when the id is known and the password right; compared in constant time. */
    public Optional<ConsoleUser> verify(String id, String attempt) {
        if (password == null || id == null || attempt == null) {
            return Optional.empty();
        }
        boolean rightPassword = MessageDigest.isEqual(password, attempt.getBytes(StandardCharsets.UTF_8));
        ConsoleUser user = users.get(id.strip());
        return rightPassword && user != null ? Optional.of(user) : Optional.empty();
    }
}
