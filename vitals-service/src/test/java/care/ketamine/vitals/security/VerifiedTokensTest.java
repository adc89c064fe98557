package care.ketamine.vitals.security;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.security.VerifiedTokens;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token is verified once and then known, but never past its expiry, and no other text passes for it. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class VerifiedTokensTest {

    @Inject
    JWTParser parser;

    @BeforeEach
    void nothingRemembered() {
        // The tests before this class filled the small test cache, and a full cache may turn a new token away.
        ((VerifiedTokens) parser).forgetAll();
    }

    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    private final String sessionId = "tokens-" + UUID.randomUUID();

    @Test
    void shouldVerifyATokenOnceAndKnowItAfterwards() throws Exception {
        assertThat(parser).as("Quarkus' authentication uses it").isInstanceOf(VerifiedTokens.class);
        String token = DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId);

        JsonWebToken first = parser.parse(token);
        assertThat(parser.parse(token)).isSameAs(first);
        assertThat(first.getSubject()).isNotBlank();
    }

    @Test
    void shouldRefuseATamperedTokenEvenWhenTheOriginalIsKnown() throws Exception {
        String token = DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId);
        parser.parse(token);
        String[] parts = token.split("\\.");
        String otherSession = DevTokens.forSession(Roles.PATIENT_DEVICE, "another-" + sessionId).split("\\.")[1];
        String tampered = parts[0] + "." + otherSession + "." + parts[2]; // another session's claims, this signature

        assertThatThrownBy(() -> parser.parse(tampered)).isInstanceOf(ParseException.class);
        given().auth().oauth2(tampered).contentType("application/json").body("{}")
                .when().post("/sessions/{id}/readings", "another-" + sessionId)
                .then().statusCode(401);
    }

    @Test
    void shouldForgetATokenAtItsExpiryAndVerifyItAgain() throws Exception {
        VerifiedTokens tokens = (VerifiedTokens) parser;
        String token = DevTokens.sign("device-" + sessionId, Roles.PATIENT_DEVICE, sessionId, Duration.ofMinutes(10));
        JsonWebToken first = parser.parse(token);
        assertThat(parser.parse(token)).isSameAs(first);
        Instant exp = Instant.ofEpochSecond(first.getExpirationTime());

        // The service's clock, which the cache keeps time by, moves; the real one (smallrye-jwt's) does not. Half a
        // minute short of exp, not a second: the settable clock runs on in real time, and a loaded machine is slow.
        SettableClock.advance(Duration.between(SettableClock.now(), exp).minusSeconds(30));
        assertThat(tokens.remembers(token)).as("half a minute before exp").isTrue();
        assertThat(parser.parse(token)).isSameAs(first);

        SettableClock.advance(Duration.ofSeconds(30));
        assertThat(tokens.remembers(token)).as("at exp").isFalse();
        // No longer served from memory: verified again (still valid for smallrye-jwt's real clock) and not remembered.
        assertThat(parser.parse(token)).isNotSameAs(first);
        assertThat(tokens.remembers(token)).isFalse();
    }

    @Test
    void shouldRefusePaddedAndNonCanonicalSpellingsOfAValidTokenWithoutRememberingThem() throws Exception {
        VerifiedTokens tokens = (VerifiedTokens) parser;
        String token = DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId);
        parser.parse(token);
        long before = tokens.rememberedBytes();

        // jose4j's decoder skips these characters, so each spelling would verify and be a new cache entry.
        for (String spelling : List.of(token + "=", token + "==", token + "%3D", token.replace(".", "=."),
                token + " ", token + "A", token.substring(0, token.length() - 1) + "=" + token.charAt(token.length() - 1))) {
            assertThatThrownBy(() -> parser.parse(spelling)).as(spelling).isInstanceOf(ParseException.class);
        }
        for (int i = 0; i < 50; i++) {
            given().header("Authorization", "Bearer " + token + "=".repeat(i % 3 + 1) + "\t".repeat(i / 3))
                    .contentType("application/json").body("{}")
                    .when().post("/sessions/{id}/readings", sessionId)
                    .then().statusCode(401).contentType("application/problem+json");
        }
        assertThat(tokens.rememberedBytes()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnOversizedTokenWithoutVerifyingIt() {
        String token = DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId);
        String[] parts = token.split("\\.");
        String oversized = parts[0] + "." + parts[1] + "A".repeat(9_000 - token.length()) + "." + parts[2];

        assertThatThrownBy(() -> parser.parse(oversized)).isInstanceOf(ParseException.class)
                .hasMessageContaining("longer than");
        given().auth().oauth2(oversized).contentType("application/json").body("{}")
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(401);
    }

    @Test
    void shouldKeepTheRememberedTokensUnderTheirByteBound() throws Exception {
        VerifiedTokens tokens = (VerifiedTokens) parser;
        // The test profile bounds the cache at a few hundred tokens' worth: more distinct valid tokens than fit.
        int fit = (int) (tokens.maxBytes() / (3 * token().length() + 1024));
        for (int i = 0; i < fit * 2; i++) {
            parser.parse(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId + "-" + i));
        }
        assertThat(tokens.rememberedBytes()).isPositive().isLessThanOrEqualTo(tokens.maxBytes());
    }

    private String token() {
        return DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId);
    }

    @Test
    void shouldRefuseATokenForAnotherServiceOrTheConsole() {
        for (String other : List.of(DevTokens.forConsole("dr.x", Roles.CLINICIAN),
                DevTokens.forAudiences("device-x", Roles.PATIENT_DEVICE, sessionId, List.of(Audiences.SESSION)),
                DevTokens.forAudiences("device-x", Roles.PATIENT_DEVICE, sessionId, List.of()))) {
            assertThatThrownBy(() -> parser.parse(other)).isInstanceOf(ParseException.class);
            given().auth().oauth2(other).contentType("application/json").body("{}")
                    .when().post("/sessions/{id}/readings", sessionId)
                    .then().statusCode(401);
        }
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        String expired = DevTokens.sign("device-" + sessionId, Roles.PATIENT_DEVICE, sessionId, Duration.ofMinutes(-5));

        assertThatThrownBy(() -> parser.parse(expired)).isInstanceOf(ParseException.class);
        given().auth().oauth2(expired).contentType("application/json").body("{}")
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(401);
    }
}
