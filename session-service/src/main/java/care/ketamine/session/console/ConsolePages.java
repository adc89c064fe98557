package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's pages. A browser that is not signed in as staff is sent to the sign-in page; what a
 * page shows comes from {@link ConsoleApi}, which checks who may see what.
 */
@Path("/console")
@PermitAll
@ApplicationScoped
public class ConsolePages {

    private static final Set<String> STAFF = Set.of(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN);
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    @Inject
    SecurityIdentity identity;

    @Inject
    EntityManager entityManager;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The console's front page: the central station (signed-in staff; others are sent to sign in)",
            description = "Clinicians, on-call staff and admins land on the central station, as at /console/station; "
                    + "today's list is at /console/today.")
    @APIResponse(responseCode = "200", description = "The central station")
    @APIResponse(responseCode = "303", description = "Not signed in: to /console/login")
    public Response front() {
        return signedIn("station.html");
    }

    @GET
    @Path("/today")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Today's sessions (signed-in staff)")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "303", description = "Not signed in: to /console/login")
    public Response today() {
        return signedIn("today.html");
    }

    @GET
    @Path("/sessions/{sessionId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "A session, live (signed-in staff)")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "303", description = "Not signed in: to /console/login")
    public Response session(@PathParam("sessionId") String sessionId) {
        return signedIn("session.html");
    }

    @GET
    @Path("/station")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The central station: every live session I watch at a glance (signed-in staff)")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "303", description = "Not signed in: to /console/login")
    public Response station() {
        return signedIn("station.html");
    }

    @GET
    @Path("/on-call")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Alerts escalated to me (signed-in staff)")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "303", description = "Not signed in: to /console/login")
    public Response onCall() {
        return signedIn("on-call.html");
    }

    @GET
    @Path("/alerts/{alertId}")
    @Operation(summary = "An alert, as linked from an email or SMS page: to its session's page (signed-in staff)",
            description = "The link in a page that leaves the console names only the alert. Signed-in staff are sent on to "
                    + "the alert's session (whose page checks that they may see it), or to the on-call page for an alert "
                    + "the console has not heard of yet or that is the system's own.")
    @APIResponse(responseCode = "303", description = "To the session, the on-call page, or (not signed in) to /console/login")
    public Response alert(@PathParam("alertId") String alertId) {
        if (!isStaff()) {
            return Response.seeOther(URI.create("/console/login")).build();
        }
        String sessionId = null;
        try {
            UUID id = UUID.fromString(alertId);
            sessionId = QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                    .createNativeQuery("SELECT session_id FROM console_alert WHERE alert_id = ?1")
                    .setParameter(1, id).getResultStream().findFirst().orElse(null));
        } catch (IllegalArgumentException notAnId) {
            // as unknown
        }
        boolean ofASession = sessionId != null && !"system".equals(sessionId);
        return Response.seeOther(URI.create(ofASession
                ? "/console/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) : "/console/on-call")).build();
    }

    @GET
    @Path("/push-worker.js")
    @Produces("text/javascript")
    @Operation(summary = "The console's service worker: shows a page pushed to this browser and answers for it",
            description = "Served under /console/ so that it may control the console's pages. Code only, no data: anyone may "
                    + "fetch it; what it calls needs the console's sign-in.")
    @APIResponse(responseCode = "200", description = "The script")
    public Response pushWorker() {
        return Response.ok(page("push-worker.js"), "text/javascript").build();
    }

    private boolean isStaff() {
        try {
            return !identity.isAnonymous() && identity.getRoles().stream().anyMatch(STAFF::contains)
                    && identity.getPrincipal() instanceof JsonWebToken token && ConsoleAudience.isFor(token, Audiences.CONSOLE);
        } catch (RuntimeException expiredOrForged) {
            return false;
        }
    }

    private Response signedIn(String page) {
        return isStaff() ? Response.ok(page(page), MediaType.TEXT_HTML).build()
                : Response.seeOther(URI.create("/console/login")).build();
    }

    /** A page (or the service worker) from the classpath (console/*), read once. */
    /**
     * The sign-in page: the demo users' form, or where the clinic's OIDC provider is configured one button that
     * starts the sign-in there; with an error above it when there is one (words of ours, no markup).
     */
    public String signInPage(care.ketamine.session.console.signin.OidcSettings oidc, String error) {
        String shown = error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>";
        return oidc.configured()
                ? page("login-oidc.html").replace("{{provider}}", escape(oidc.providerName())).replace("{{error}}", shown)
                : page("login.html").replace("{{error}}", shown);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    String page(String name) {
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = ConsolePages.class.getResourceAsStream("/console/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("no page console/" + n);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
