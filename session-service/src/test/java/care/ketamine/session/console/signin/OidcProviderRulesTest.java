package care.ketamine.session.console.signin;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules the console holds a provider's discovery document and ID token to, one by one (OidcSignInTest runs them
 * against a provider on loopback, in the test profile, where plain http is allowed).
 */
class OidcProviderRulesTest {

    private static final String ISSUER = "https://idp.clinic.example/realms/ketamine";

    private static Map<String, Object> discovery(String endpoint, Object value) {
        Map<String, Object> document = new HashMap<>(Map.of("issuer", ISSUER,
                "authorization_endpoint", ISSUER + "/protocol/openid-connect/auth",
                "token_endpoint", ISSUER + "/protocol/openid-connect/token",
                "jwks_uri", ISSUER + "/protocol/openid-connect/certs"));
        if (endpoint != null) {
            document.put(endpoint, value);
        }
        return document;
    }

    @Test
    void shouldTakeADiscoveryDocumentOfHttpsEndpointsForTheIssuerAskedFor() {
        OidcProvider.Endpoints endpoints = OidcProvider.endpointsOf(discovery(null, null), ISSUER, true);
        assertThat(endpoints.token().toString()).isEqualTo(ISSUER + "/protocol/openid-connect/token");
        assertThat(endpoints.jwks()).isEqualTo(ISSUER + "/protocol/openid-connect/certs");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "authorization_endpoint, http://idp.clinic.example/realms/ketamine/protocol/openid-connect/auth",
            "token_endpoint, http://idp.clinic.example/realms/ketamine/protocol/openid-connect/token",
            "jwks_uri, http://attacker.example/certs",
            "jwks_uri, file:///etc/passwd",
            "token_endpoint, https://idp.clinic.example/a b",
            "token_endpoint, /protocol/openid-connect/token",
            "authorization_endpoint, 'https://[not-a-host/auth'",
            "issuer, https://other.example/realms/ketamine"})
    void shouldRefuseADiscoveryDocumentOutsideTheDevelopmentProfilesAsTheProviderBeingUnavailable(String endpoint, String value) {
        assertThatThrownBy(() -> OidcProvider.endpointsOf(discovery(endpoint, value), ISSUER, true))
                .isInstanceOf(OidcProvider.Unavailable.class);
    }

    @Test
    void shouldRefuseAMissingOrMalformedEndpointEvenInTheDevelopmentProfilesButAllowPlainHttpThere() {
        assertThat(OidcProvider.endpointsOf(discovery("token_endpoint", "http://127.0.0.1:8180/token"), ISSUER, false)
                .token().getScheme()).isEqualTo("http");
        assertThatThrownBy(() -> OidcProvider.endpointsOf(discovery("token_endpoint", "http://127.0.0.1:8180/a b"), ISSUER, false))
                .isInstanceOf(OidcProvider.Unavailable.class);
        assertThatThrownBy(() -> OidcProvider.endpointsOf(discovery("jwks_uri", null), ISSUER, false))
                .isInstanceOf(OidcProvider.Unavailable.class);
        assertThatThrownBy(() -> OidcProvider.endpointsOf(discovery("jwks_uri", List.of("x")), ISSUER, false))
                .isInstanceOf(OidcProvider.Unavailable.class);
    }

    @ParameterizedTest(name = "aud {0}, azp {1}: accepted {2}")
    @CsvSource({
            "ketamine-console, , true",
            "ketamine-console, ketamine-console, true",
            "ketamine-console;another-client, ketamine-console, true",
            "ketamine-console;another-client, , false",
            "ketamine-console;another-client, another-client, false",
            "ketamine-console, another-client, false"})
    void shouldRequireTheAuthorizedPartyToBeThisClientWhenThereAreSeveralAudiencesOrOneIsNamed(String audiences, String azp,
                                                                                             boolean accepted) {
        JwtClaims claims = new JwtClaims();
        claims.setAudience(List.of(audiences.split(";")));
        if (azp != null) {
            claims.setClaim("azp", azp);
        }
        if (accepted) {
            assertThatCode(() -> OidcProvider.authorizedParty(claims, "ketamine-console")).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> OidcProvider.authorizedParty(claims, "ketamine-console"))
                    .isInstanceOf(OidcProvider.Refused.class);
        }
    }

    @Test
    void shouldLogTheProvidersErrorOnlyAsAShortCode() {
        assertThat(OidcSignIns.loggable("access_denied")).isEqualTo("access_denied");
        assertThat(OidcSignIns.loggable("temporarily_unavailable.v2-x")).isEqualTo("temporarily_unavailable.v2-x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "access_denied\nINFO forged line", "a b", "<script>", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "é"})
    void shouldLogAnythingElseAsInvalid(String error) {
        assertThat(OidcSignIns.loggable(error)).isEqualTo("invalid");
    }
}
