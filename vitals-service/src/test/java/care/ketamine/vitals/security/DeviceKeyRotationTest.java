package care.ketamine.vitals.security;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.DevelopmentTokens;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.DeviceKeyPublished;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.devicekey.DeviceKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static care.ketamine.vitals.SessionFixture.checkedIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * session-service signs device tokens with its own key and publishes the key on
 * {@code sessions.device-keys}; vitals trusts a key it learns there at once, without a restart, and
 * verifies a token naming that key's kid with that key alone.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceKeyRotationTest {

    @Inject
    DeviceKeys keys;
    @Inject
    EntityManager entityManager;

    @Test
    void shouldTrustANewlyPublishedDeviceKeyWithoutARestartAndOnlyForItsOwnSignatures() throws Exception {
        String session = checkedIn();
        KeyPair rotated = newKeyPair();
        String kid = DeviceKeyPublished.of((RSAPublicKey) rotated.getPublic(), Instant.now()).kid();
        String token = deviceToken(rotated.getPrivate(), kid, DevelopmentTokens.ISSUER, Audiences.VITALS, session);

        // Before session-service publishes it, the key means nothing here.
        assertThat(prompts(session, token).statusCode()).isEqualTo(401);

        publish(DeviceKeyPublished.of((RSAPublicKey) rotated.getPublic(), Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.key(kid).isPresent());

        // A token signed with it, with the kid in its header, is let in (same token text: no cache in the way).
        assertThat(prompts(session, token).statusCode()).isEqualTo(200);
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT count(*) FROM device_key WHERE kid = ?1").setParameter(1, kid).getSingleResult()))
                .as("kept for the next start").isEqualTo(1L);

        // The known kid over another key's signature is refused: a stranger's key, and even the configured one.
        assertThat(prompts(session, deviceToken(newKeyPair().getPrivate(), kid, DevelopmentTokens.ISSUER, Audiences.VITALS, session))
                .statusCode()).isEqualTo(401);
        assertThat(prompts(session, deviceToken(devPrivateKey(), kid, DevelopmentTokens.ISSUER, Audiences.VITALS, session))
                .statusCode()).isEqualTo(401);
        // The configured issuer and audience still hold for tokens of a device key.
        assertThat(prompts(session, deviceToken(rotated.getPrivate(), kid, "https://elsewhere.example", Audiences.VITALS, session))
                .statusCode()).isEqualTo(401);
        assertThat(prompts(session, deviceToken(rotated.getPrivate(), kid, DevelopmentTokens.ISSUER, Audiences.SESSION, session))
                .statusCode()).isEqualTo(401);
        // An unknown kid with an unknown key: refused.
        KeyPair stranger = newKeyPair();
        String strangerKid = DeviceKeyPublished.of((RSAPublicKey) stranger.getPublic(), Instant.now()).kid();
        assertThat(prompts(session, deviceToken(stranger.getPrivate(), strangerKid, DevelopmentTokens.ISSUER, Audiences.VITALS, session))
                .statusCode()).isEqualTo(401);

        // Rotated again (session-service restarted with a newer key): both keys' tokens work until they expire.
        KeyPair newer = newKeyPair();
        DeviceKeyPublished newerJwk = DeviceKeyPublished.of((RSAPublicKey) newer.getPublic(), Instant.now());
        publish(newerJwk);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.key(newerJwk.kid()).isPresent());
        assertThat(prompts(session, deviceToken(newer.getPrivate(), newerJwk.kid(), DevelopmentTokens.ISSUER, Audiences.VITALS, session))
                .statusCode()).isEqualTo(200);
        assertThat(prompts(session, deviceToken(rotated.getPrivate(), kid, DevelopmentTokens.ISSUER, Audiences.VITALS, session))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotLetAPublishedKeyTakeAnotherKeysKid() throws Exception {
        String session = checkedIn();
        KeyPair genuine = newKeyPair();
        DeviceKeyPublished genuineJwk = DeviceKeyPublished.of((RSAPublicKey) genuine.getPublic(), Instant.now());
        publish(genuineJwk);
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.key(genuineJwk.kid()).isPresent());

        // Someone's key under the genuine kid: not its thumbprint, so it goes to the dead-letter topic.
        KeyPair intruder = newKeyPair();
        DeviceKeyPublished intruderJwk = DeviceKeyPublished.of((RSAPublicKey) intruder.getPublic(), Instant.now());
        DeviceKeyPublished forged = new DeviceKeyPublished(genuineJwk.kid(), "RSA", "RS256", "sig", intruderJwk.n(),
                intruderJwk.e(), Instant.now());
        publish(forged);
        // (The dead-letter topic is created by the first record on it: until then there is nothing to read.)
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !TopicProbe.awaitRecords(
                Topics.deadLetter(Topics.SESSIONS_DEVICE_KEYS), r -> genuineJwk.kid().equals(r.key()), Duration.ofSeconds(3)).isEmpty());

        assertThat(keys.key(genuineJwk.kid())).contains(genuine.getPublic());
        assertThat(prompts(session, deviceToken(intruder.getPrivate(), genuineJwk.kid(), DevelopmentTokens.ISSUER,
                Audiences.VITALS, session)).statusCode()).isEqualTo(401);
        assertThat(prompts(session, deviceToken(genuine.getPrivate(), genuineJwk.kid(), DevelopmentTokens.ISSUER,
                Audiences.VITALS, session)).statusCode()).isEqualTo(200);
    }

    private static void publish(DeviceKeyPublished jwk) {
        TopicProbe.send(Topics.SESSIONS_DEVICE_KEYS, jwk.kid(),
                EventJson.write(EventEnvelope.wrap(DeviceKeyPublished.TYPE, jwk.kid(), jwk, Clock.systemUTC())));
    }

    private static Response prompts(String session, String token) {
        return given().auth().oauth2(token).get("/sessions/{id}/prompts", session);
    }

    /** A device token as session-service's pairing issues it: its kid in the header, RS256. */
    private static String deviceToken(PrivateKey key, String kid, String issuer, String audience, String session) throws Exception {
        String device = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"device-" + device + "\",\"upn\":\"device-" + device + "\""
                + ",\"aud\":\"" + audience + "\",\"groups\":[\"" + Roles.PATIENT_DEVICE + "\"]"
                + ",\"" + Roles.SESSION_CLAIM + "\":\"" + session + "\",\"device_id\":\"" + device + "\""
                + ",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(Duration.ofHours(1)).getEpochSecond() + "}";
        String unsigned = base64Url(header) + "." + base64Url(claims);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(unsigned.getBytes(StandardCharsets.US_ASCII));
        return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static PrivateKey devPrivateKey() throws Exception {
        String pem = Files.readString(DevKeys.privateKey()).replaceAll("-----[A-Z ]+-----|\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
