package care.ketamine.session.app;

import care.ketamine.platform.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import care.ketamine.session.lifecycle.SessionSettings;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.Optional;

/**
 * The patient's and the sitter's app, served as static files under /app (META-INF/resources/app), and the one setting
 * it needs from the server. Its pages get the same kind of browser protection as the console's, with vitals-service's
 * origin the only other place they may talk to.
 */
@Path("/app/config")
@Tag(name = "App", description = "The patient's and the sitter's app")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@PermitAll
public class AppResource {

    private final Optional<URI> vitalsUrl;

    public AppResource(SessionSettings settings) {
        this.vitalsUrl = settings.vitalsUrl();
    }

    @GET
    // Anyone: in OpenAPI an empty requirement, "no token needed".
    @SecurityRequirementsSet
    @Operation(summary = "Where the app finds vitals-service (anyone)")
    public AppConfig config() {
        return new AppConfig(vitalsUrl.map(AppResource::origin).orElse(""));
    }

    void protect(@Observes Filters filters) {
        String connect = "'self'" + vitalsUrl.map(url -> " " + origin(url)).orElse("");
        String policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + connect + "; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'";
        filters.register(ctx -> {
            if (ctx.normalizedPath().startsWith("/app")) {
                boolean tls = "https".equalsIgnoreCase(ctx.request().scheme());
                // Set as the answer leaves: the static files' handler sets its own Cache-Control after this filter.
                ctx.addHeadersEndHandler(ignored -> {
                    var headers = ctx.response().headers()
                            .set("Content-Security-Policy", policy)
                            .set("X-Frame-Options", "DENY")
                            .set("X-Content-Type-Options", "nosniff")
                            .set("Referrer-Policy", "no-referrer")
                            // A fix to the app reaches phones at once; the service worker keeps the offline copy.
                            .set("Cache-Control", "no-cache");
                    if (tls) {
                        headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
                    }
                });
            }
            ctx.next();
        }, 100);
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getAuthority();
    }
}
