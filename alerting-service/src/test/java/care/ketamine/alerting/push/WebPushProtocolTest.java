package care.ketamine.alerting.push;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Web Push's encryption and VAPID token against the RFCs' own example and a reader written apart. */
class WebPushProtocolTest {

    // RFC 8291 Appendix A.
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void shouldEncryptTheRfc8291ExampleByteForByte() throws Exception {
        KeyPair as = new KeyPair(P256.publicKey(BrowserSide.b64(AS_PUBLIC)).orElseThrow(), P256.privateKey(BrowserSide.b64(AS_PRIVATE)));
        byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), BrowserSide.b64(UA_PUBLIC),
                BrowserSide.b64(AUTH), BrowserSide.b64(SALT), as);
        assertThat(P256.base64Url(body)).isEqualTo(BODY);
        assertThat(new String(BrowserSide.decrypt(BrowserSide.b64(BODY), BrowserSide.privateKey(BrowserSide.b64(UA_PRIVATE)),
                BrowserSide.b64(UA_PUBLIC), BrowserSide.b64(AUTH)), StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
    }

    @Test
    void shouldEncryptEachMessageAfreshForOnlyThatBrowserToRead() throws Exception {
        KeyPair browser = P256.generate();
        byte[] uaPublic = P256.raw((ECPublicKey) browser.getPublic());
        byte[] auth = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "{\"alertId\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        byte[] first = WebPushEncryption.encrypt(message, uaPublic, auth);
        byte[] second = WebPushEncryption.encrypt(message, uaPublic, auth);
        assertThat(first).isNotEqualTo(second);
        assertThat(BrowserSide.decrypt(first, browser.getPrivate(), uaPublic, auth)).isEqualTo(message);
        assertThatThrownBy(() -> BrowserSide.decrypt(first, P256.generate().getPrivate(), uaPublic, auth))
                .isInstanceOf(java.security.GeneralSecurityException.class);
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[WebPushEncryption.LONGEST_PLAINTEXT + 1], uaPublic, auth))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebPushEncryption.encrypt(new byte[WebPushEncryption.LONGEST_PLAINTEXT], uaPublic, auth)).hasSize(4096);
    }

    @Test
    void shouldSignAVapidTokenForTheEndpointsOriginValidForHalfADay() throws Exception {
        Optional<Vapid.Keys> keys = Vapid.keys(Optional.empty(), Optional.empty(), Optional.of("mailto:on-call@clinic.example"), true,
                List.of("test"));
        Vapid vapid = new Vapid(Optional.of(P256.base64Url(P256.raw(keys.orElseThrow().publicKey()))),
                Optional.of(P256.base64Url(P256.raw(keys.get().privateKey()))), Optional.of("mailto:on-call@clinic.example"), false);
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        String header = vapid.authorization(URI.create("https://fcm.googleapis.com/fcm/send/abc:def?x=1"), now);
        assertThat(header).matches("vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=[\\w-]{87}");
        String token = header.substring("vapid t=".length(), header.indexOf(','));
        String key = header.substring(header.indexOf("k=") + 2);
        assertThat(key).isEqualTo(vapid.publicKey().orElseThrow());
        String claims = BrowserSide.verifiedClaims(token, BrowserSide.publicKey(BrowserSide.b64(key)));
        assertThat(claims).contains("\"aud\":\"https://fcm.googleapis.com\"")
                .contains("\"exp\":" + now.plusSeconds(12 * 3600).getEpochSecond())
                .contains("\"sub\":\"mailto:on-call@clinic.example\"");
        assertThat(Vapid.origin(URI.create("https://push.example:8443/a"))).isEqualTo("https://push.example:8443");
        assertThat(Vapid.origin(URI.create("https://Push.Example:443/a"))).isEqualTo("https://push.example");
    }

    @Test
    void shouldMakeKeysOnlyOutsideProductionAndRefuseHalfAKeyPair() {
        assertThatThrownBy(() -> Vapid.keys(Optional.empty(), Optional.empty(), Optional.empty(), true, List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("local, dev and test");
        assertThatThrownBy(() -> Vapid.keys(Optional.empty(), Optional.empty(), Optional.empty(), true, List.of("staging")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Vapid.keys(Optional.empty(), Optional.empty(), Optional.empty(), false, List.of("prod"))).isEmpty();
        assertThat(Vapid.keys(Optional.empty(), Optional.empty(), Optional.empty(), true, List.of("local"))).isPresent();
        assertThatThrownBy(() -> Vapid.keys(Optional.of(AS_PUBLIC), Optional.empty(), Optional.of("mailto:a@b.example"), false, List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("together");
        // A public key that is not the private key's.
        assertThatThrownBy(() -> Vapid.keys(Optional.of(UA_PUBLIC), Optional.of(AS_PRIVATE), Optional.of("mailto:a@b.example"), false, List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the public key");
        assertThatThrownBy(() -> Vapid.keys(Optional.of(AS_PUBLIC), Optional.of(AS_PRIVATE), Optional.of("on-call@clinic"), false, List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mailto:");
        assertThat(Vapid.keys(Optional.of(AS_PUBLIC), Optional.of(AS_PRIVATE), Optional.of("mailto:a@b.example"), false, List.of("prod")))
                .map(k -> P256.base64Url(P256.raw(k.privateKey()))).contains(AS_PRIVATE);
    }

    @Test
    void shouldTakeOnlyPointsOnTheCurve() {
        byte[] point = BrowserSide.b64(UA_PUBLIC);
        assertThat(P256.publicKey(point)).isPresent();
        point[64] ^= 1;
        assertThat(P256.publicKey(point)).isEmpty();
        assertThat(P256.publicKey(new byte[65])).isEmpty();
        assertThat(P256.fromBase64Url("not base64!")).isEmpty();
        assertThat(P256.raw((ECPrivateKey) P256.privateKey(BrowserSide.b64(UA_PRIVATE)))).isEqualTo(BrowserSide.b64(UA_PRIVATE));
    }

    @Test
    void shouldRefuseToStartWithLoopbackPushServicesOutsideLocalDevAndTest() {
        assertThatThrownBy(() -> new PushServices(List.of("fcm.googleapis.com"), true, List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alerting.push.allow-http-loopback")
                .hasMessageContaining("local, dev and test");
        assertThatThrownBy(() -> new PushServices(List.of("fcm.googleapis.com"), true, List.of("test", "prod")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PushServices(List.of("fcm.googleapis.com"), true, List.of("staging")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new PushServices(List.of("127.0.0.1"), true, List.of("test")).problem("http://127.0.0.1:9/push/x")).isEmpty();
        assertThat(new PushServices(List.of("fcm.googleapis.com"), false, List.of("prod")).problem("https://fcm.googleapis.com/fcm/send/x"))
                .isEmpty();
    }

    @Test
    void shouldCallOnlyHttpsEndpointsOfTheListedPushServices() {
        PushServices services = new PushServices(List.of(" FCM.googleapis.com ", ".push.services.mozilla.com", ""), false, List.of("prod"));
        assertThat(services.problem("https://fcm.googleapis.com/fcm/send/x")).isEmpty();
        assertThat(services.problem("https://updates.push.services.mozilla.com/wpush/v2/x")).isEmpty();
        for (String endpoint : List.of("http://fcm.googleapis.com/fcm/send/x", "http://127.0.0.1:9/push/x",
                "https://fcm.googleapis.com.attacker.example/x", "https://push.services.mozilla.com.attacker.example/x",
                "https://user@fcm.googleapis.com/x", "https://intranet.clinic.example/admin", "https://169.254.169.254/latest",
                "https://localhost/push/x", "ftp://fcm.googleapis.com/x", "not a url at all", "")) {
            assertThat(services.problem(endpoint)).as(endpoint).isPresent();
        }
        // A list narrowed since a browser subscribed: its endpoint is no longer called.
        assertThat(new PushServices(List.of("fcm.googleapis.com"), false, List.of("prod"))
                .problem("https://updates.push.services.mozilla.com/wpush/v2/x")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("not on a push service");
    }
}
