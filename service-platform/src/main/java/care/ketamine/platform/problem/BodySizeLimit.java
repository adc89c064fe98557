package care.ketamine.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A body declared larger than the limit is refused before it is read, with a 413 problem+json that
 * says the limit (Vert.x alone answers an empty 413). A chunked body without a length still meets
 * Vert.x's own limit.
 */
@ApplicationScoped
public class BodySizeLimit {

    void refuseOversizeBodies(@Observes Router router,
                              @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        if (limit.isEmpty()) {
            return;
        }
        long max = limit.get().asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                    && Long.parseLong(length) > max) {
                Problem problem = Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "The body is " + length + " bytes; at most " + max + " are accepted");
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(Json.encode(problem));
            } else {
                ctx.next();
            }
        });
    }
}
