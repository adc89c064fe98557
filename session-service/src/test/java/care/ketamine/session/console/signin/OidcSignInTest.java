package care.ketamine.session.console.signin;

import care.ketamine.session.console.signin.OidcProviderPeer.Twist;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The console's sign-in through an OIDC provider (OidcProviderPeer, on loopback, holding the console to the
 * documented request): the happy path ends with the console's own cookie; each rule, broken, refuses with a page
 * that says why, audited, and signs nobody in.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(OidcProviderPeer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcSignInTest {

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Not injected: every QuarkusTest class is a bean of every test application, most of which have no provider. */
    private String issuer;

    @Inject
    EntityManager entityManager;

    @Inject
    StaffIdentities identities;

    /** A browser's way through: the console's start, the provider's authorization, and back to the callback. */
    private record Flow(String state, URI authorization, URI callback) {
        /** The provider's redirect to the configured callback, brought to this test's console (its port is random). */
        String local() {
            return callback.getRawPath() + "?" + callback.getRawQuery();
        }
    }

    @BeforeEach
    void provider() throws Exception {
        issuer = ConfigProvider.getConfig().getValue("console.oidc.auth-server-url", String.class);
        SettableClock.reset();
        steer(Twist.NONE, "dr.oidc", "clinician,offline_access");
    }

    /**
     * First of the class (the provider's document is read at the first sign-in, then kept): a document naming an
     * endpoint that is no URI is the provider being unavailable, a page and an audit, not a 500; and it is read
     * again at the next sign-in.
     */
    @Test
    @Order(1)
    void shouldShowTheUnavailablePageForADiscoveryDocumentWithAMalformedEndpoint() throws Exception {
        steer(Twist.MALFORMED_DISCOVERY, "dr.oidc", "clinician,offline_access");
        long before = audited("", "OIDC_PROVIDER_UNAVAILABLE");

        Response start = given().redirects().follow(false).get("/console/login/start");

        assertThat(start.statusCode()).as(start.body().asString()).isEqualTo(503);
        assertThat(start.body().asString()).contains("cannot be reached").contains("href=\"/console/login/start\"");
        assertThat(audited("", "OIDC_PROVIDER_UNAVAILABLE")).isEqualTo(before + 1);
        steer(Twist.NONE, "dr.oidc", "clinician,offline_access");
        startOnly();
    }

    @Test
    void shouldSignInThroughTheProviderWithTheConsolesOwnCookie() throws Exception {
        Flow flow = start();
        Map<String, String> asked = OidcProviderPeer.query(flow.authorization());
        assertThat(flow.authorization().toString()).startsWith(issuer + "/protocol/openid-connect/auth?");
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", OidcProviderPeer.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("state", flow.state())
                .containsKeys("nonce", "code_challenge");
        assertThat(asked.get("redirect_uri")).isEqualTo(OidcProviderPeer.REDIRECT_URI);

        Response back = callback(flow, flow.state());
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.header("Location")).endsWith("/console");
        String cookie = back.cookie("console_token");
        assertThat(cookie).isNotBlank();
        assertThat(back.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("console_token=")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
        assertThat(violations()).isEmpty();

        given().cookie("console_token", cookie).get("/console/api/me").then().statusCode(200)
                .body("id", equalTo("dr.oidc")).body("role", equalTo("clinician")).body("name", equalTo("Dr Oidc"));
        given().cookie("console_token", cookie).redirects().follow(false).get("/console").then().statusCode(200)
                .body(containsString("data-page=\"station\""));
        assertThat(audited("dr.oidc", "SIGNED_IN")).isPositive();

        // The same way back again: the state was used (and the provider's code with it).
        Response replayed = callback(flow, flow.state());
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.cookie("console_token")).isNull();
    }

    @Test
    void shouldTakeTheMostPrivilegedStaffRoleTheProviderLists() throws Exception {
        steer(Twist.NONE, "dr.admin", "on-call,admin,clinician");
        Response back = callback(start(), null);
        given().cookie("console_token", back.cookie("console_token")).get("/console/api/me").then().statusCode(200)
                .body("id", equalTo("dr.admin")).body("role", equalTo("admin"));
        steer(Twist.NONE, "nurse.oidc", "on-call");
        back = callback(start(), null);
        given().cookie("console_token", back.cookie("console_token")).get("/console/api/me").then().statusCode(200)
                .body("role", equalTo("on-call"));
    }

    @Test
    void shouldOfferOnlyTheProviderAndNoPasswordForm() {
        given().get("/console/login").then().statusCode(200).body(containsString("Sign in with Test Provider"))
                .body(containsString("href=\"/console/login/start\"")).body(not(containsString("type=\"password\"")));
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("username", "dr.console").formParam("password", "test-password").post("/console/login")
                .then().statusCode(404).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "WRONG_ISSUER, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "WRONG_AUDIENCE, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "EXPIRED, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "WRONG_NONCE, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "BAD_SIGNATURE, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "NO_ISSUED_AT, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "ISSUED_LONG_AGO, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "ISSUED_IN_THE_FUTURE, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "MANY_AUDIENCES_NO_AZP, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "AZP_ANOTHER_CLIENT, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "MANY_AUDIENCES_AZP_ANOTHER_CLIENT, 401, OIDC_TOKEN_REFUSED, Your sign-in could not be verified",
            "NO_USERNAME, 403, OIDC_NO_USERNAME, did not say your user name",
            "NO_STAFF_ROLE, 403, NO_STAFF_ROLE, none of the console's roles",
            "ROLES_CLAIM_ABSENT, 403, NO_STAFF_ROLE, none of the console's roles"})
    void shouldRefuseAnIdTokenThatBreaksARule(Twist twist, int status, String outcome, String words) throws Exception {
        String username = "twist." + twist.name().toLowerCase();
        steer(twist, username, "clinician");
        long before = audited(outcome.equals("NO_STAFF_ROLE") ? username : "", outcome);

        Response back = callback(start(), null);

        refused(back, status, words);
        assertThat(violations()).as("the console's requests were the documented ones").isEmpty();
        assertThat(audited(outcome.equals("NO_STAFF_ROLE") ? username : "", outcome)).isEqualTo(before + 1);
        assertThat(audited(username, "SIGNED_IN")).isZero();
        assertThat(boundSubjects(username)).as("a refused sign-in binds no user name").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AZP_OURS", "MANY_AUDIENCES_AZP_OURS"})
    void shouldAcceptAnAuthorizedPartyThatIsThisClient(Twist twist) throws Exception {
        String username = "twist." + twist.name().toLowerCase();
        steer(twist, username, "clinician");
        Response back = callback(start(), null);
        assertThat(back.statusCode()).as(back.body().asString()).isEqualTo(303);
        given().cookie("console_token", back.cookie("console_token")).get("/console/api/me").then().statusCode(200)
                .body("id", equalTo(username));
    }

    @Test
    void shouldSendTheProviderTheConfiguredCallbackWhateverHostTheRequestNames() throws Exception {
        Response start = given().redirects().follow(false).header("Host", "attacker.example")
                .header("X-Forwarded-Host", "attacker.example").header("X-Forwarded-Proto", "https")
                .get("/console/login/start");
        assertThat(start.statusCode()).as(start.body().asString()).isEqualTo(303);
        assertThat(OidcProviderPeer.query(URI.create(start.header("Location"))))
                .containsEntry("redirect_uri", OidcProviderPeer.REDIRECT_URI);
        assertThat(violations()).isEmpty();
    }

    @Test
    void shouldBindTheProvidersSubjectToTheUserNameAtTheFirstSignIn() throws Exception {
        String run = run();
        steer(Twist.NONE, run + ".first", "clinician", run + "-subject");
        assertThat(boundSubjects(run + ".first")).isZero();

        assertThat(callback(start(), null).statusCode()).isEqualTo(303);

        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT issuer, subject FROM staff_identity WHERE staff_id = ?1 AND first_signed_in_at IS NOT NULL")
                .setParameter(1, run + ".first").getResultList())).singleElement()
                .satisfies(row -> assertThat((Object[]) row).containsExactly(issuer, run + "-subject"));
    }

    /**
     * (iss, sub) is the person, the user name only what the provider calls them now (OIDC Core §5.7): a second
     * sign-in must bring the subject and user name of the first, or nobody signs in.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "the same account again, same, s1, same, s1, 303, SIGNED_IN, ",
            "renamed at the provider, before, s1, after, s1, 403, OIDC_USERNAME_CHANGED, Your user name at the sign-in provider changed",
            "renamed to a user name bound to another account, other, s1, same, s1, 403, OIDC_USERNAME_CHANGED, Your user name at the sign-in provider changed",
            "re-created with the same user name (a new subject), same, s1, same, s2, 403, OIDC_USERNAME_TAKEN, belongs to another account"})
    void shouldHoldEachSubjectToTheUserNameItFirstSignedInWith(String story, String firstName, String firstSubject,
                                                              String thenName, String thenSubject, int status,
                                                              String outcome, String words) throws Exception {
        String run = run();
        if (story.startsWith("renamed to a user name bound")) {
            // The account the user name already belongs to (s0), before s1 first signs in as "other".
            steer(Twist.NONE, run + ".same", "clinician", run + "-s0");
            assertThat(callback(start(), null).statusCode()).isEqualTo(303);
        }
        steer(Twist.NONE, run + "." + firstName, "clinician", run + "-" + firstSubject);
        assertThat(callback(start(), null).statusCode()).isEqualTo(303);
        String then = run + "." + thenName;
        long before = audited(then, outcome);
        steer(Twist.NONE, then, "clinician", run + "-" + thenSubject);

        Response back = callback(start(), null);

        assertThat(audited(then, outcome)).isEqualTo(before + 1);
        if (status == 303) {
            assertThat(back.statusCode()).isEqualTo(303);
            given().cookie("console_token", back.cookie("console_token")).get("/console/api/me").then().statusCode(200)
                    .body("id", equalTo(then));
        } else {
            refused(back, status, words);
            assertThat(audited(then, "SIGNED_IN")).isEqualTo(story.startsWith("re-created") || story.startsWith("renamed to")
                    ? 1 : 0);
        }
        // What was bound is what the first sign-in bound.
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT staff_id FROM staff_identity WHERE subject = ?1").setParameter(1, run + "-" + firstSubject)
                .getResultList())).containsExactly(run + "." + firstName);
    }

    @Test
    void shouldBindOnceWhenTwoFirstSignInsOfAUserNameRace() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String run = run();
                // Two accounts with one user name: one binds, the other is refused.
                assertThat(race(threads, () -> identities.bind(issuer, run + "-a", run + ".name"),
                        () -> identities.bind(issuer, run + "-b", run + ".name")))
                        .containsExactlyInAnyOrder(StaffIdentities.Binding.FIRST_SIGN_IN, StaffIdentities.Binding.TAKEN_BY_ANOTHER);
                // One account signing in twice at once: one binds, the other finds it bound to the same user name.
                assertThat(race(threads, () -> identities.bind(issuer, run + "-c", run + ".twice"),
                        () -> identities.bind(issuer, run + "-c", run + ".twice")))
                        .containsExactlyInAnyOrder(StaffIdentities.Binding.FIRST_SIGN_IN, StaffIdentities.Binding.KNOWN);
                assertThat(boundSubjects(run + ".name")).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<StaffIdentities.Binding> race(ExecutorService threads, Callable<StaffIdentities.Binding> one,
                                                      Callable<StaffIdentities.Binding> other) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        Future<StaffIdentities.Binding> first = threads.submit(() -> {
            together.await();
            return one.call();
        });
        Future<StaffIdentities.Binding> second = threads.submit(() -> {
            together.await();
            return other.call();
        });
        return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
    }

    private static String run() {
        return "id" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long boundSubjects(String staffId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM staff_identity WHERE staff_id = ?1").setParameter(1, staffId).getSingleResult()).longValue());
    }

    @Test
    void shouldRefuseAWayBackThatThisBrowserDidNotStart() throws Exception {
        Flow flow = start();
        // No state in the callback, a state that is not the cookie's, no cookie at all.
        refused(given().redirects().follow(false).urlEncodingEnabled(false).cookie("console_sign_in", flow.state())
                .get(flow.local().replaceAll("&state=[^&]*", "")), 400, "not started from this browser");
        refused(callback(start(), "another-browsers-state"), 400, "not started from this browser");
        refused(given().redirects().follow(false).urlEncodingEnabled(false).get(start().local()),
                400, "not started from this browser");
        // The provider said no (the person cancelled).
        Flow cancelled = startOnly();
        refused(given().redirects().follow(false).urlEncodingEnabled(false).cookie("console_sign_in", cancelled.state())
                .get("/console/login/callback?error=access_denied&state=" + cancelled.state()), 401, "did not sign you in");
        assertThat(audited("", "OIDC_STATE_REFUSED")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldRefuseACodeUsedBefore() throws Exception {
        Flow first = start();
        assertThat(callback(first, null).statusCode()).isEqualTo(303);
        // A new sign-in of this browser, brought back with the first one's code: the provider takes a code once.
        Flow second = startOnly();
        String code = OidcProviderPeer.query(first.callback()).get("code");
        refused(given().redirects().follow(false).urlEncodingEnabled(false).cookie("console_sign_in", second.state())
                .get("/console/login/callback?code=" + code + "&state=" + second.state()), 401, "could not be verified");
    }

    @Test
    void shouldStartNothingWhereTheProviderSaysNothing() {
        given().redirects().follow(false).get("/console/login/callback").then().statusCode(400)
                .header("Set-Cookie", not(containsString("console_token=")));
    }

    private static void refused(Response back, int status, String words) {
        assertThat(back.statusCode()).as(back.body().asString()).isEqualTo(status);
        assertThat(back.contentType()).startsWith("text/html");
        assertThat(back.body().asString()).contains(words).contains("href=\"/console/login/start\"");
        assertThat(back.headers().getValues("Set-Cookie")).noneSatisfy(c -> assertThat(c).startsWith("console_token="));
    }

    /** The console's start and the provider's authorization, as a browser follows them. */
    private Flow start() throws Exception {
        Flow started = startOnly();
        HttpResponse<String> authorized = BROWSER.send(HttpRequest.newBuilder(started.authorization()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(authorized.statusCode()).as(authorized.body() + violations()).isEqualTo(302);
        return new Flow(started.state(), started.authorization(), URI.create(authorized.headers().firstValue("Location").orElseThrow()));
    }

    private Flow startOnly() {
        Response start = given().redirects().follow(false).get("/console/login/start");
        assertThat(start.statusCode()).as(start.body().asString()).isEqualTo(303);
        assertThat(start.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("console_sign_in=")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/console/login"));
        return new Flow(start.cookie("console_sign_in"), URI.create(start.header("Location")), null);
    }

    /** Back at the callback with the provider's code and a state (the flow's own when null) and the flow's cookie. */
    private static Response callback(Flow flow, String state) {
        String url = flow.local();
        if (state != null && !state.equals(flow.state())) {
            url = url.replaceAll("state=[^&]*", "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        return given().redirects().follow(false).urlEncodingEnabled(false).cookie("console_sign_in", flow.state()).get(url);
    }

    private void steer(Twist twist, String username, String roles) throws Exception {
        steer(twist, username, roles, OidcProviderPeer.subjectOf(username));
    }

    private void steer(Twist twist, String username, String roles, String subject) throws Exception {
        URI control = URI.create(issuer.replace(OidcProviderPeer.REALM, "") + "/control?twist=" + twist + "&username="
                + username + "&roles=" + roles + "&subject=" + subject);
        assertThat(BROWSER.send(HttpRequest.newBuilder(control).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private String violations() throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(issuer.replace(OidcProviderPeer.REALM, "") + "/control")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private long audited(String username, String outcome) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM console_sign_in WHERE username = ?1 AND outcome = ?2")
                .setParameter(1, username).setParameter(2, outcome).getSingleResult()).longValue());
    }
}
