package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.platform.problem.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * session-service accepts two audiences (mp.jwt.verify.audiences): its API's and the console's.
 * This keeps each where it belongs: the console's sign-in cookie works only under /console/api,
 * and a token from the identity provider only on the API. A token that does not verify is left to
 * the endpoint's own security, which answers 401.
 */
public class ConsoleAudience {

    static final String CONSOLE_API = "/console/api";

    private final CurrentIdentityAssociation identities;

    public ConsoleAudience(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> onlyWhereTheTokenBelongs(UriInfo uri) {
        String path = uri.getPath();
        if (path.startsWith("/console") && !path.startsWith(CONSOLE_API)) {
            return Uni.createFrom().nullItem(); // the pages check the audience themselves (ConsolePages)
        }
        String needed = path.startsWith(CONSOLE_API) ? Audiences.CONSOLE : Audiences.SESSION;
        return identities.getDeferredIdentity()
                .map(identity -> identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                        || isFor(token, needed) ? null : refusal(needed))
                .onFailure().recoverWithNull();
    }

    static boolean isFor(JsonWebToken token, String audience) {
        Set<String> audiences = token.getAudience();
        return audiences != null && audiences.contains(audience);
    }

    private static Response refusal(String needed) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED,
                        "This token is not for " + (Audiences.CONSOLE.equals(needed)
                                ? "the console: sign in to the console" : "session-service's API")).toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }
}
