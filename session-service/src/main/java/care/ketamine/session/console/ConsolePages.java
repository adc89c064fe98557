package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
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

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Today's sessions (signed-in staff; others are sent to sign in)")
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
    @Path("/on-call")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Alerts escalated to me (signed-in staff)")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "303", description = "Not signed in: to /console/login")
    public Response onCall() {
        return signedIn("on-call.html");
    }

    private Response signedIn(String page) {
        boolean staff;
        try {
            staff = !identity.isAnonymous() && identity.getRoles().stream().anyMatch(STAFF::contains)
                    && identity.getPrincipal() instanceof JsonWebToken token && ConsoleAudience.isFor(token, Audiences.CONSOLE);
        } catch (RuntimeException expiredOrForged) {
            staff = false;
        }
        return staff ? Response.ok(page(page), MediaType.TEXT_HTML).build()
                : Response.seeOther(URI.create("/console/login")).build();
    }

    /** A page from the classpath (console/*.html), read once. */
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
