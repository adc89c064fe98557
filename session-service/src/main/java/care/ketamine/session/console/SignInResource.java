package care.ketamine.session.console;

import care.ketamine.session.console.signin.OidcSettings;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Sign-in and sign-out for the console: the token goes in an HttpOnly, SameSite=Strict cookie. Where the clinic's
 * OIDC provider is configured the page offers only that ({@code signin/OidcSignInResource}) and the demo users'
 * password form is gone; otherwise the form, for the local stack and the tests.
 */
@Path("/console")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@PermitAll
public class SignInResource {

    public static final String COOKIE = ConsoleCookie.NAME;

    private final ConsoleSignIns signIns;
    private final ConsolePages pages;
    private final OidcSettings oidc;
    private final JsonWebToken token;
    private final Clock clock;

    public SignInResource(ConsoleSignIns signIns, ConsolePages pages, OidcSettings oidc, JsonWebToken token, Clock clock) {
        this.signIns = signIns;
        this.pages = pages;
        this.oidc = oidc;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The sign-in page (anyone)")
    @APIResponse(responseCode = "200", description = "The page")
    public String form() {
        return page("");
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign in (anyone): a demo user's id and password",
            description = "Every attempt is audited. After 5 failed attempts for one user, or 20 from one address, within "
                    + "15 minutes, attempts are refused for 15 minutes (429 with Retry-After). Where the clinic's OIDC "
                    + "provider is configured there is no password sign-in: 404.")
    @APIResponse(responseCode = "303", description = "Signed in: to the console")
    @APIResponse(responseCode = "401", description = "Unknown user or wrong password: the page again, with the error")
    @APIResponse(responseCode = "404", description = "Staff sign in through the clinic's OIDC provider instead")
    @APIResponse(responseCode = "429", description = "Too many failed attempts: the page again, saying until when")
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password,
                           @Context HttpServerRequest request) {
        if (oidc.configured()) {
            // Demo users never sign in beside the clinic's provider, whatever else is configured.
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML)
                    .entity(page("Sign in with " + oidc.providerName() + ".")).build();
        }
        ConsoleSignIns.Attempt attempt = signIns.signIn(username, password, ConsoleCookie.address(request));
        if (attempt.lockedUntil().isPresent()) {
            long seconds = Math.max(1, Duration.between(clock.instant(), attempt.lockedUntil().get()).toSeconds());
            return Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.TEXT_HTML)
                    .header("Retry-After", seconds)
                    .entity(page("Too many failed sign-ins. Try again in " + ((seconds + 59) / 60) + " minutes.")).build();
        }
        return attempt.user()
                .map(user -> Response.seeOther(URI.create("/console")).cookie(ConsoleCookie.signedIn(user, request)).build())
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
                signIns.signOut(token, ConsoleCookie.address(request));
            }
        } catch (RuntimeException notSignedIn) {
            // No valid token (expired, forged): nothing to revoke; the cookie goes all the same.
        }
        return Response.seeOther(URI.create("/console/login")).cookie(ConsoleCookie.signedOut(request)).build();
    }

    private String page(String error) {
        return pages.signInPage(oidc, error);
    }
}
