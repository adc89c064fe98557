package care.ketamine.contracts.sessions;

import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceKeyPublishedTest {

    @Test
    void shouldComputeTheThumbprintOfRfc7638sExample() {
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assertThat(DeviceKeyPublished.thumbprint(n, "AQAB")).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void shouldGiveBackTheKeyItWasMadeFrom() throws Exception {
        RSAPublicKey key = newKey();
        DeviceKeyPublished jwk = DeviceKeyPublished.of(key, Instant.now());
        assertThat(jwk.publicKey()).isEqualTo(key);
        assertThat(jwk.n()).doesNotStartWith("AA").doesNotContain("=");
    }

    @Test
    void shouldRefuseAKidThatIsNotTheKeysThumbprint() throws Exception {
        DeviceKeyPublished theirs = DeviceKeyPublished.of(newKey(), Instant.now());
        DeviceKeyPublished mine = DeviceKeyPublished.of(newKey(), Instant.now());
        // Another key under a known key's id: refused, so one kid can never mean two keys.
        DeviceKeyPublished forged = new DeviceKeyPublished(theirs.kid(), "RSA", "RS256", "sig", mine.n(), mine.e(), Instant.now());
        assertThatThrownBy(forged::publicKey).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thumbprint");
        DeviceKeyPublished encryption = new DeviceKeyPublished(mine.kid(), "RSA", "RS256", "enc", mine.n(), mine.e(), Instant.now());
        assertThatThrownBy(encryption::publicKey).isInstanceOf(IllegalArgumentException.class);
    }

    private static RSAPublicKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return (RSAPublicKey) generator.generateKeyPair().getPublic();
    }
}
