package care.ketamine.session.console.signin;

import care.ketamine.platform.sql.SqlValues;
import care.ketamine.session.console.ConsoleSignIns;
import care.ketamine.session.console.ConsoleUsers.ConsoleUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Use case: a person signs in to the console through the clinic's OIDC provider, by the authorization code flow
 * with PKCE (S256), state and nonce. {@link #start} remembers the sign-in and says where to send the browser;
 * {@link #finish} takes it back once, exchanges the code, verifies the ID token and maps the person's roles to one
 * of ours. Every ending is audited in console_sign_in, as password sign-ins are.
 */
@ApplicationScoped
public class OidcSignIns {

    private static final Logger LOG = Logger.getLogger(OidcSignIns.class);
    /** Long enough to type a password and a second factor at the provider; after that, start again. */
    static final Duration STARTED_FOR = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A sign-in under way, as kept between the redirect to the provider and the way back. */
    private record Kept(String nonce, String codeVerifier, URI redirectUri) {
    }

    /** Where the browser goes now, and the state its cookie keeps to prove the way back is its own. */
    public record Started(URI authorization, String state) {
    }

    /** Why a sign-in ended without one: the status, the page's words, and the audit's outcome. */
    public enum Refusal {
        NOT_STARTED_HERE(400, "OIDC_STATE_REFUSED", "This sign-in was not started from this browser, or it took longer than "
                + STARTED_FOR.toMinutes() + " minutes. Please sign in again."),
        PROVIDER_SAID_NO(401, "OIDC_PROVIDER_REFUSED", "The sign-in provider did not sign you in."),
        NOT_VERIFIED(401, "OIDC_TOKEN_REFUSED", "Your sign-in could not be verified. Please sign in again."),
        NO_USERNAME(403, "OIDC_NO_USERNAME", "The sign-in provider did not say your user name, which is how the console "
                + "knows you. Ask your clinic's administrator."),
        NO_STAFF_ROLE(403, "NO_STAFF_ROLE", "Your account has none of the console's roles (clinician, on-call, admin). "
                + "Ask your clinic's administrator for access."),
        USERNAME_CHANGED(403, "OIDC_USERNAME_CHANGED", "Your user name at the sign-in provider changed since you last signed "
                + "in. An administrator must re-link your account before you can sign in."),
        USERNAME_TAKEN(403, "OIDC_USERNAME_TAKEN", "This user name belongs to another account at the sign-in provider. "
                + "An administrator must re-link it before you can sign in."),
        PROVIDER_UNAVAILABLE(503, "OIDC_PROVIDER_UNAVAILABLE", "The sign-in provider cannot be reached. Please try again in a minute.");

        public final int status;
        public final String outcome;
        public final String words;

        Refusal(int status, String outcome, String words) {
            this.status = status;
            this.outcome = outcome;
            this.words = words;
        }
    }

    /** How a sign-in ended: signed in as this person, or refused. */
    public record Finished(Optional<ConsoleUser> user, Optional<Refusal> refusal) {
        static Finished refused(Refusal refusal) {
            return new Finished(Optional.empty(), Optional.of(refusal));
        }
    }

    /** The provider's {@code error} as logged: its own short code, else not its words (they are the caller's to choose). */
    private static final Pattern LOGGABLE_ERROR = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final OidcSettings settings;
    private final OidcProvider provider;
    private final ConsoleSignIns signIns;
    private final StaffIdentities identities;
    private final EntityManager entityManager;
    private final Clock clock;

    public OidcSignIns(OidcSettings settings, OidcProvider provider, ConsoleSignIns signIns, StaffIdentities identities,
                       EntityManager entityManager, Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.signIns = signIns;
        this.identities = identities;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * A new sign-in: its state, nonce and PKCE verifier kept here, the challenge and the rest sent to the provider.
     * A provider that cannot be asked (or whose discovery document is refused) is audited and thrown.
     */
    public Started start(URI redirectUri, String address) {
        OidcProvider.Endpoints endpoints;
        try {
            endpoints = provider.endpoints();
        } catch (OidcProvider.Unavailable e) {
            LOG.warnf("Console sign-in through OIDC cannot start from %s: %s", address, e.getMessage());
            signIns.audit("", address, Refusal.PROVIDER_UNAVAILABLE.outcome);
            throw e;
        }
        String state = random();
        String nonce = random();
        String verifier = random();
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("DELETE FROM console_oidc_sign_in WHERE started_at < ?1")
                    .setParameter(1, now.minus(STARTED_FOR)).executeUpdate();
            entityManager.createNativeQuery("INSERT INTO console_oidc_sign_in (state, nonce, code_verifier, redirect_uri, started_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, state).setParameter(2, nonce).setParameter(3, verifier)
                    .setParameter(4, redirectUri.toString()).setParameter(5, now).executeUpdate();
        });
        String query = "response_type=code&scope=openid%20profile"
                + "&client_id=" + OidcProvider.encode(settings.clientId())
                + "&redirect_uri=" + OidcProvider.encode(redirectUri.toString())
                + "&state=" + state + "&nonce=" + nonce
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        URI authorization = endpoints.authorization();
        String separator = authorization.getRawQuery() == null ? "?" : "&";
        return new Started(URI.create(authorization + separator + query), state);
    }

    /**
     * The browser is back from the provider with {@code code} and {@code state} (or the provider's {@code error}),
     * carrying {@code cookieState}, the state its own sign-in started with. The sign-in is taken once whatever
     * happens next, so neither the state nor the code can be played again.
     */
    public Finished finish(String code, String state, String error, String cookieState, String address) {
        if (state == null || cookieState == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                cookieState.getBytes(StandardCharsets.UTF_8))) {
            return refused(Refusal.NOT_STARTED_HERE, "", address, "state missing or not this browser's");
        }
        Optional<Kept> started = take(state);
        if (started.isEmpty()) {
            return refused(Refusal.NOT_STARTED_HERE, "", address, "state unknown, used or expired");
        }
        if (error != null || code == null || code.isBlank()) {
            return refused(Refusal.PROVIDER_SAID_NO, "", address, "provider answered " + (error == null ? "no code" : loggable(error)));
        }
        Kept kept = started.get();
        JwtClaims claims;
        try {
            claims = provider.exchange(code, kept.redirectUri(), kept.codeVerifier(), kept.nonce());
        } catch (OidcProvider.Refused e) {
            return refused(Refusal.NOT_VERIFIED, "", address, e.getMessage());
        } catch (OidcProvider.Unavailable e) {
            return refused(Refusal.PROVIDER_UNAVAILABLE, "", address, e.getMessage());
        }
        Optional<String> username = username(claims);
        if (username.isEmpty()) {
            return refused(Refusal.NO_USERNAME, "", address, "the ID token has no preferred_username");
        }
        String id = username.get();
        Optional<String> role = StaffRoles.of(claims.getClaimsMap(), settings.rolesClaim());
        if (role.isEmpty()) {
            // Before binding: a user name is bound only by someone the clinic made staff.
            return refused(Refusal.NO_STAFF_ROLE, id, address, "no staff role at " + settings.rolesClaim());
        }
        String issuer = issuer(claims);
        String subject = subject(claims);
        switch (identities.bind(issuer, subject, id)) {
            case RENAMED -> {
                return refused(Refusal.USERNAME_CHANGED, id, address, "subject " + subject + " is bound to staff id "
                        + identities.staffIdOf(issuer, subject).orElse("?") + ", and the provider now names it " + id);
            }
            case TAKEN_BY_ANOTHER -> {
                return refused(Refusal.USERNAME_TAKEN, id, address, "staff id " + id + " is bound to another subject than "
                        + subject);
            }
            case FIRST_SIGN_IN -> LOG.infof("Console sign-in through OIDC bound subject %s to staff id %s", subject, id);
            case KNOWN -> {
            }
        }
        signIns.audit(id, address, "SIGNED_IN");
        String name = claims.getClaimValue("name") instanceof String given && !given.isBlank() ? given : id;
        return new Finished(Optional.of(new ConsoleUser(id, role.get(), name)), Optional.empty());
    }

    private Finished refused(Refusal refusal, String user, String address, String why) {
        LOG.infof("Console sign-in through OIDC refused from %s: %s", address, why);
        signIns.audit(user, address, refusal.outcome);
        return Finished.refused(refusal);
    }

    /** The started sign-in (nonce, verifier, redirect URI), deleted as it is read: a state works once. */
    @SuppressWarnings("unchecked")
    private Optional<Kept> take(String state) {
        Instant oldest = clock.instant().minus(STARTED_FOR);
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) entityManager.createNativeQuery(
                        "DELETE FROM console_oidc_sign_in WHERE state = ?1 RETURNING nonce, code_verifier, redirect_uri, started_at")
                .setParameter(1, state).getResultList()).stream()
                .filter(row -> SqlValues.instant(row[3]).isAfter(oldest))
                .map(row -> new Kept((String) row[0], (String) row[1], URI.create((String) row[2]))).findFirst());
    }

    /** The person's user name at the provider, which is their staff id here; no fallback to the subject (see StaffIdentities). */
    private static Optional<String> username(JwtClaims claims) {
        return claims.getClaimValue("preferred_username") instanceof String name && !name.isBlank()
                ? Optional.of(name) : Optional.empty();
    }

    private static String subject(JwtClaims claims) {
        try {
            return claims.getSubject();
        } catch (MalformedClaimException e) {
            throw new IllegalStateException("a verified ID token without a subject", e);
        }
    }

    private static String issuer(JwtClaims claims) {
        try {
            return claims.getIssuer();
        } catch (MalformedClaimException e) {
            throw new IllegalStateException("a verified ID token without an issuer", e);
        }
    }

    /** The provider's error code for the log, or "invalid": the query is anyone's to write, the log is not. */
    static String loggable(String error) {
        return LOGGABLE_ERROR.matcher(error).matches() ? error : "invalid";
    }

    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 256 random bits, base64url: a state, a nonce, or a PKCE verifier (43 characters, RFC 7636 §4.1). */
    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
