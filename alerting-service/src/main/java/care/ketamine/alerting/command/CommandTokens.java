package care.ketamine.alerting.command;

import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.platform.security.TokenForm;
import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.alert.Viewer;
import care.ketamine.contracts.security.Roles;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who a command on {@code alerts.commands} acts as: the staff member named by the caller's own token
 * that the console put on it, verified here with the key and issuer this service trusts for its REST
 * API. The broker is not trusted to say who acted: a record without a valid token is nobody's. A token is for one
 * action and one alert, or for the push actions one browser's endpoint (its digest): never reused for another.
 *
 * <p>A command may wait on the topic while alerting is down, so the token must have been valid when the
 * command was made ({@code iat <= occurredAt <= exp}) and may be at most {@link #GRACE} past its expiry
 * when it is read; a command read later than that is refused (the console shows the alert's real state).
 */
@ApplicationScoped
public class CommandTokens {

    static final Duration GRACE = Duration.ofMinutes(5);
    /** Clocks of two services differ a little. */
    static final Duration SKEW = Duration.ofMinutes(1);
    private static final Set<String> STAFF = Set.of(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN);
    private static final Set<String> PUSH_ACTIONS = Set.of(AlertCommand.PUSH_SUBSCRIBE, AlertCommand.PUSH_UNSUBSCRIBE);

    /** Why a command's actor could not be verified; says nothing of the token's content. */
    public static class Unverified extends Exception {
        Unverified(String reason) {
            super(reason, null, false, false);
        }
    }

    private final DefaultJWTParser parser;
    private final JWTAuthContextInfo context;
    private final Clock clock;

    public CommandTokens(DefaultJWTParser parser, JWTAuthContextInfoProvider provider, Clock clock,
                         @ConfigProperty(name = "alerting.commands.token-audiences") Set<String> audiences,
                         @ConfigProperty(name = "alerting.commands.public-key.location") Optional<String> key) {
        this.parser = parser;
        this.clock = clock;
        // The issuer the services trust; session-service's signing key (in development the same key as the API's).
        JWTAuthContextInfo info = new JWTAuthContextInfo(provider.getContextInfo());
        key.ifPresent(location -> {
            info.setPublicVerificationKey(null);
            info.setPublicKeyContent(null);
            info.setPublicKeyLocation(location);
        });
        info.setExpectedAudience(audiences);
        info.setExpGracePeriodSecs((int) GRACE.toSeconds());
        this.context = info;
    }

    public AlertActions.Actor actor(AlertCommand command, Instant occurredAt) throws Unverified {
        String token = command.token();
        if (token == null || token.isBlank()) {
            throw new Unverified("no token");
        }
        String malformed = TokenForm.problem(token);
        if (malformed != null) {
            throw new Unverified(malformed);
        }
        JsonWebToken verified;
        try {
            verified = parser.parse(token, context);
        } catch (ParseException | RuntimeException e) {
            throw new Unverified("token not valid (signature, issuer, audience or expiry)");
        }
        if (verified.getSubject() == null || verified.getGroups().stream().noneMatch(STAFF::contains)) {
            throw new Unverified("token is not a staff member's");
        }
        if (!String.valueOf(command.action()).equals(verified.getClaim(AlertCommand.ACTION_CLAIM))) {
            throw new Unverified("token was signed for another action");
        }
        if (PUSH_ACTIONS.contains(command.action())) {
            // Bound to one browser's endpoint: a token for one browser cannot register or drop another.
            String endpoint = command.pushSubscription() == null ? null : command.pushSubscription().endpoint();
            if (endpoint == null || verified.getClaim(AlertCommand.ALERT_CLAIM) != null
                    || !AlertCommand.endpointDigest(endpoint).equals(verified.getClaim(AlertCommand.PUSH_ENDPOINT_CLAIM))) {
                throw new Unverified("token was signed for another browser");
            }
        } else if (!String.valueOf(command.alertId()).equals(verified.getClaim(AlertCommand.ALERT_CLAIM))) {
            throw new Unverified("token was signed for another alert");
        }
        Instant issued = Instant.ofEpochSecond(verified.getIssuedAtTime());
        Instant expires = Instant.ofEpochSecond(verified.getExpirationTime());
        if (occurredAt == null || occurredAt.isBefore(issued.minus(SKEW)) || occurredAt.isAfter(expires)
                || occurredAt.isAfter(clock.instant().plus(SKEW))) {
            throw new Unverified("command time outside the token's validity");
        }
        return Viewer.of(verified).asActor();
    }
}
