package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** Sign-in and sign-out for the console: the token goes in an HttpOnly, SameSite=Strict cookie. */
@Path("/console")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@PermitAll
public class SignInResource {

    public static final String COOKIE = "console_token";
    static final Duration SIGNED_IN_FOR = Duration.ofHours(8);

    private final ConsoleUsers users;
    private final ConsolePages pages;

    public SignInResource(ConsoleUsers users, ConsolePages pages) {
        this.users = users;
        this.pages = pages;
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
    @Operation(summary = "Sign in (anyone): a demo user's id and password")
    @APIResponse(responseCode = "303", description = "Signed in: to the console")
    @APIResponse(responseCode = "401", description = "Unknown user or wrong password: the page again, with the error")
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password) {
        return users.verify(username, password)
                .map(user -> Response.seeOther(URI.create("/console")).cookie(cookie(Jwt.audience(Audiences.CONSOLE).subject(user.id())
                        .upn(user.id()).groups(Set.of(user.role())).claim("name", user.displayName())
                        .expiresIn(SIGNED_IN_FOR).sign(), (int) SIGNED_IN_FOR.toSeconds())).build())
                .orElseGet(() -> Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_HTML)
                        .entity(pages.page("login.html").replace("{{error}}",
                                "<p class=\"error\" role=\"alert\">Unknown user or wrong password.</p>")).build());
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Sign out (anyone)")
    @APIResponse(responseCode = "303", description = "Signed out: to the sign-in page")
    public Response signOut() {
        return Response.seeOther(URI.create("/console/login")).cookie(cookie("", 0)).build();
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
