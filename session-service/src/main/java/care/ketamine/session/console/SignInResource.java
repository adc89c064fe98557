package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Sign-in and sign-out for the console: the token goes in an HttpOnly, SameSite=Strict cookie. */
@Path("/console")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@PermitAll
public class SignInResource {

    public static final String COOKIE = "console_token";
    static final Duration SIGNED_IN_FOR = Duration.ofHours(8);

    private final ConsoleSignIns signIns;
    private final ConsolePages pages;
    private final JsonWebToken token;
    private final Clock clock;

    public SignInResource(ConsoleSignIns signIns, ConsolePages pages, JsonWebToken token, Clock clock) {
        this.signIns = signIns;
        this.pages = pages;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The sign-in page (anyone)")
    @APIResponse(responseCode = "200", description = "The page")
    public String form() {
        return pages.page("login.html").replace("{{error}}", "");
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign in (anyone): a demo user's id and password",
            description = "Every attempt is audited. After 5 failed attempts for one user, or 20 from one address, within "
                    + "15 minutes, attempts are refused for 15 minutes (429 with Retry-After).")
    @APIResponse(responseCode = "303", description = "Signed in: to the console")
    @APIResponse(responseCode = "401", description = "Unknown user or wrong password: the page again, with the error")
    @APIResponse(responseCode = "429", description = "Too many failed attempts: the page again, saying until when")
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password,
                           @Context HttpServerRequest request) {
        ConsoleSignIns.Attempt attempt = signIns.signIn(username, password, address(request));
        if (attempt.lockedUntil().isPresent()) {
            long seconds = Math.max(1, Duration.between(clock.instant(), attempt.lockedUntil().get()).toSeconds());
            return Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.TEXT_HTML)
                    .header("Retry-After", seconds)
                    .entity(page("Too many failed sign-ins. Try again in " + ((seconds + 59) / 60) + " minutes.")).build();
        }
        return attempt.user()
                .map(user -> Response.seeOther(URI.create("/console")).cookie(cookie(Jwt.audience(Audiences.CONSOLE)
                        .subject(user.id()).upn(user.id()).groups(Set.of(user.role())).claim("name", user.displayName())
                        .expiresIn(SIGNED_IN_FOR).sign(), (int) SIGNED_IN_FOR.toSeconds(), secure(request))).build())
                .orElseGet(() -> Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_HTML)
                        .entity(page("Unknown user or wrong password.")).build());
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Sign out (anyone)", description = "The console's token stops working at once, on every "
            + "replica within a minute; the sign-out is audited. Needs the X-Console-Request header.")
    @APIResponse(responseCode = "303", description = "Signed out: to the sign-in page")
    public Response signOut(@Context HttpServerRequest request) {
        try {
            if (token != null && token.getRawToken() != null) {
                signIns.signOut(token, address(request));
            }
        } catch (RuntimeException notSignedIn) {
            // No valid token (expired, forged): nothing to revoke; the cookie goes all the same.
        }
        return Response.seeOther(URI.create("/console/login")).cookie(cookie("", 0, secure(request))).build();
    }

    private String page(String error) {
        return pages.page("login.html").replace("{{error}}", "<p class=\"error\" role=\"alert\">" + error + "</p>");
    }

    /** The caller's address (the proxy's X-Forwarded-For only where quarkus.http.proxy is configured to trust it). */
    private static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** Secure whenever the browser reached us over TLS, directly or through a proxy that says so. */
    private static boolean secure(HttpServerRequest request) {
        return "https".equalsIgnoreCase(request.scheme());
    }

    private static NewCookie cookie(String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).maxAge(maxAge).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
