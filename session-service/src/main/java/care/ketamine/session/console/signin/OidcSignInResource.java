package care.ketamine.session.console.signin;

import care.ketamine.session.console.ConsoleCookie;
import care.ketamine.session.console.ConsolePages;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * The console's sign-in through the clinic's OIDC provider: {@code /console/login/start} sends the browser there,
 * {@code /console/login/callback} is where it comes back (the redirect URI registered for the console's client).
 * Not found unless the provider is configured.
 */
@Path("/console")
@PermitAll
public class OidcSignInResource {

    public static final String CALLBACK = "/console/login/callback";
    /** Holds the state of the sign-in under way. Lax, not Strict: it must come back on the provider's redirect. */
    static final String FLOW_COOKIE = "console_sign_in";

    private final OidcSettings settings;
    private final OidcSignIns signIns;
    private final ConsolePages pages;

    public OidcSignInResource(OidcSettings settings, OidcSignIns signIns, ConsolePages pages) {
        this.settings = settings;
        this.signIns = signIns;
        this.pages = pages;
    }

    @GET
    @Path("/login/start")
    @Produces(MediaType.TEXT_HTML)
    public Response start(@Context HttpServerRequest request) {
        if (!settings.configured()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        try {
            OidcSignIns.Started started = signIns.start(redirectUri(request), ConsoleCookie.address(request));
            return Response.seeOther(started.authorization())
                    .cookie(flowCookie(started.state(), (int) OidcSignIns.STARTED_FOR.toSeconds(), request)).build();
        } catch (OidcProvider.Unavailable e) {
            // Logged and audited by OidcSignIns.
            return page(OidcSignIns.Refusal.PROVIDER_UNAVAILABLE, request);
        }
    }

    @GET
    @Path("/login/callback")
    @Produces(MediaType.TEXT_HTML)
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error, @CookieParam(FLOW_COOKIE) String cookieState,
                             @Context HttpServerRequest request) {
        if (!settings.configured()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        OidcSignIns.Finished finished = signIns.finish(code, state, error, cookieState, ConsoleCookie.address(request));
        return finished.user()
                .map(user -> Response.seeOther(URI.create("/console")).cookie(ConsoleCookie.signedIn(user, request),
                        flowCookie("", 0, request)).build())
                .orElseGet(() -> page(finished.refusal().orElseThrow(), request));
    }

    private Response page(OidcSignIns.Refusal refusal, HttpServerRequest request) {
        return Response.status(refusal.status).type(MediaType.TEXT_HTML).cookie(flowCookie("", 0, request))
                .entity(pages.signInPage(settings, refusal.words)).build();
    }

    /**
     * The configured callback (console.oidc.redirect-uri); only in the development profiles, when none is configured,
     * the callback at the address the browser used. The request's Host and X-Forwarded-* are the caller's to write,
     * so nowhere else do they choose where the provider sends the code.
     */
    private URI redirectUri(HttpServerRequest request) {
        return settings.redirectUri().orElseGet(() -> {
            if (!settings.development()) {
                throw new IllegalStateException("console.oidc.redirect-uri is not set (StaffSignInRequired requires it)");
            }
            return URI.create(request.scheme() + "://" + request.authority() + CALLBACK);
        });
    }

    private static NewCookie flowCookie(String state, int maxAge, HttpServerRequest request) {
        return new NewCookie.Builder(FLOW_COOKIE).value(state).path("/console/login").httpOnly(true).maxAge(maxAge)
                .secure(ConsoleCookie.secure(request)).sameSite(NewCookie.SameSite.LAX).build();
    }
}
