package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.session.console.ConsoleUsers.ConsoleUser;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.NewCookie;

import java.time.Duration;
import java.util.Set;

/**
 * The console's cookie: a token session-service signs for a signed-in person, whichever way they signed in
 * (the demo users' password, or the clinic's OIDC provider), so that every console check sees one kind of token.
 */
public final class ConsoleCookie {

    public static final String NAME = "console_token";
    static final Duration SIGNED_IN_FOR = Duration.ofHours(8);

    private ConsoleCookie() {
    }

    /** The cookie that signs this person in for {@link #SIGNED_IN_FOR}. */
    public static NewCookie signedIn(ConsoleUser user, HttpServerRequest request) {
        String token = Jwt.audience(Audiences.CONSOLE).subject(user.id()).upn(user.id()).groups(Set.of(user.role()))
                .claim("name", user.displayName()).expiresIn(SIGNED_IN_FOR).sign();
        return cookie(token, (int) SIGNED_IN_FOR.toSeconds(), request);
    }

    /** The cookie that signs the browser out. */
    public static NewCookie signedOut(HttpServerRequest request) {
        return cookie("", 0, request);
    }

    /** Secure whenever the browser reached us over TLS, directly or through a proxy that says so. */
    public static boolean secure(HttpServerRequest request) {
        return "https".equalsIgnoreCase(request.scheme());
    }

    /** The caller's address (the proxy's X-Forwarded-For only where quarkus.http.proxy is configured to trust it). */
    public static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static NewCookie cookie(String value, int maxAge, HttpServerRequest request) {
        return new NewCookie.Builder(NAME).value(value).path("/").httpOnly(true).maxAge(maxAge).secure(secure(request))
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
