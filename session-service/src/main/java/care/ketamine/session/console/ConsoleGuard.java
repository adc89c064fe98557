package care.ketamine.session.console;

import care.ketamine.platform.problem.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * What every console request goes through before its resource: the browser security headers on
 * every answer, and for every state-changing request proof that it comes from the console's own
 * pages (CSRF, beyond the cookie's SameSite=Strict): the X-Console-Request header, which a cross-site
 * page cannot send without a CORS preflight this service never grants, JSON for the API, and no
 * foreign Origin. The sign-in form, which has no header, is held to the Origin check alone. An API read
 * a browser says comes from another site is refused too.
 */
@ApplicationScoped
public class ConsoleGuard {

    static final String CONSOLE_REQUEST = "X-Console-Request";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    void guard(@Observes Router router) {
        router.route("/console*").order(Integer.MIN_VALUE + 1).handler(this::guard);
        router.route("/console-assets/*").order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        boolean tls = "https".equalsIgnoreCase(request.scheme());
        ctx.addHeadersEndHandler(ignored -> {
            var headers = ctx.response().headers();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            // Nothing leaves for other sites; same-origin keeps the Origin header the CSRF check needs
            // (with no-referrer a browser sends "Origin: null" on the sign-in form).
            headers.set("Referrer-Policy", "same-origin");
            headers.set("Cache-Control", headers.contains("Cache-Control") ? headers.get("Cache-Control") : "no-store");
            if (tls) {
                headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
        });
        String refusal = refusal(request);
        if (refusal == null) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(403).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(Problem.of(Response.Status.FORBIDDEN, refusal)));
    }

    /** Why a request is refused as a possible cross-site request, or null. */
    static String refusal(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return readFromAnotherSite(request) ? "A console read from another site is refused" : null;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            return "A console request from another site (" + origin + ") is refused";
        }
        String path = request.path();
        if (path.equals("/console/login")) {
            return null;
        }
        if (!"1".equals(request.getHeader(CONSOLE_REQUEST))) {
            return "A console request must come from the console's pages (" + CONSOLE_REQUEST + " header missing)";
        }
        String type = request.getHeader("Content-Type");
        if (path.startsWith(ConsoleAudience.CONSOLE_API) && (type == null || !type.toLowerCase().startsWith("application/json"))) {
            return "The console's API takes application/json";
        }
        return null;
    }

    /**
     * Every API read is audited as the signed-in person's: a page of another site (a sibling subdomain
     * is "same-site" and gets the SameSite=Strict cookie) must not make reads, and audit rows, in their
     * name. Browsers say where a request comes from in Sec-Fetch-Site ("none": typed or bookmarked);
     * clients that send no such header are not browsers and carry no one else's cookie.
     */
    private static boolean readFromAnotherSite(HttpServerRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return request.path().startsWith(ConsoleAudience.CONSOLE_API) && site != null
                && !"same-origin".equalsIgnoreCase(site) && !"none".equalsIgnoreCase(site);
    }

    /** The page's origin against the host the browser addressed (X-Forwarded-Host where the proxy is trusted). */
    private static boolean sameOrigin(String origin, HttpServerRequest request) {
        try {
            URI uri = URI.create(origin);
            HostAndPort addressed = request.authority();
            return addressed != null && uri.getHost() != null && addressed.host().equalsIgnoreCase(uri.getHost())
                    && port(addressed.port(), request.scheme()) == port(uri.getPort(), uri.getScheme());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(int port, String scheme) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
