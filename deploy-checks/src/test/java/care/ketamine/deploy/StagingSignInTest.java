package care.ketamine.deploy;

import care.ketamine.contracts.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staging's staff sign-in: the Keycloak realm in deploy/keycloak against the console's code (its roles, its
 * callback path, the claim it reads roles from), and the staging overlay's settings and Secrets for it.
 */
class StagingSignInTest {

    private static final Manifests STAGING = Manifests.render(ProdOverlay.ROOT.resolve("deploy/k8s/overlays/staging"));
    private static final String SESSION_SERVICE_CONFIG = "session-service-config-";

    private static JsonNode realm() throws IOException {
        return new ObjectMapper().readTree(Files.readString(ProdOverlay.ROOT.resolve("deploy/keycloak/realm-ketamine.json")));
    }

    private static JsonNode consoleClient() throws IOException {
        return StreamSupport.stream(realm().path("clients").spliterator(), false)
                .filter(c -> c.path("clientId").asText().equals(stagingSetting("CONSOLE_OIDC_CLIENT_ID"))).findFirst()
                .orElseThrow(() -> new AssertionError("no client " + stagingSetting("CONSOLE_OIDC_CLIENT_ID") + " in the realm"));
    }

    private static String stagingSetting(String name) {
        return STAGING.ofKind("ConfigMap").filter(c -> Manifests.name(c).startsWith(SESSION_SERVICE_CONFIG)).findFirst()
                .orElseThrow().path("data").path(name).asText();
    }

    /** The console's callback path, as session-service's code declares it. */
    private static String callbackPath() throws IOException {
        String source = Files.readString(ProdOverlay.ROOT.resolve(
                "session-service/src/main/java/care/ketamine/session/console/signin/OidcSignInResource.java"));
        Matcher callback = Pattern.compile("CALLBACK = \"([^\"]+)\"").matcher(source);
        assertThat(callback.find()).as("OidcSignInResource.CALLBACK").isTrue();
        return callback.group(1);
    }

    @Test
    void shouldHaveExactlyTheStaffRolesAsRealmRoles() throws IOException {
        List<String> roles = realm().path("roles").path("realm").findValuesAsText("name");
        assertThat(roles).containsExactlyInAnyOrder(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN);
        assertThat(realm().path("realm").asText()).isEqualTo("ketamine");
        assertThat(stagingSetting("CONSOLE_OIDC_AUTH_SERVER_URL")).endsWith("/realms/ketamine");
    }

    @Test
    void shouldRedirectTheConsolesClientOnlyToItsCallbackWithPkceAndTheStandardFlowOnly() throws IOException {
        JsonNode client = consoleClient();
        assertThat(client.path("redirectUris")).isNotEmpty()
                .allSatisfy(uri -> assertThat(uri.asText()).startsWith("https://").endsWith(callbackPath()).doesNotContain("*"));
        assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.path("serviceAccountsEnabled").asBoolean()).isFalse();
        // A confidential client's secret comes from the environment at import, never from this file.
        assertThat(client.path("secret").asText()).matches("\\$\\{[A-Z_]+}");
    }

    @Test
    void shouldConfigureTheConsolesCallbackAsTheRealmRegistersIt() throws IOException {
        // The console sends the provider this URL, never one made of a request's Host: it must be the registered one.
        assertThat(stagingSetting("CONSOLE_OIDC_REDIRECT_URI")).startsWith("https://").endsWith(callbackPath());
        assertThat(StreamSupport.stream(consoleClient().path("redirectUris").spliterator(), false).map(uri -> uri.asText()))
                .containsExactly(stagingSetting("CONSOLE_OIDC_REDIRECT_URI"));
        for (String overlay : List.of("dev", "prod")) {
            String redirectUri = Manifests.render(ProdOverlay.ROOT.resolve("deploy/k8s/overlays/" + overlay)).ofKind("ConfigMap")
                    .filter(c -> Manifests.name(c).startsWith(SESSION_SERVICE_CONFIG)).findFirst().orElseThrow()
                    .path("data").path("CONSOLE_OIDC_REDIRECT_URI").asText();
            assertThat(redirectUri).as(overlay).startsWith("https://").endsWith(callbackPath());
        }
    }

    @Test
    void shouldNotLetUsersChangeTheirUserNameWhichIsTheirStaffId() throws IOException {
        // The console binds a subject to its first user name (staff_identity); a rename is refused until re-linked.
        assertThat(realm().path("editUsernameAllowed").isBoolean()).isTrue();
        assertThat(realm().path("editUsernameAllowed").asBoolean()).isFalse();
        assertThat(realm().path("registrationEmailAsUsername").asBoolean(false)).isFalse();
    }

    @Test
    void shouldPutTheRolesInTheIdTokenAtTheClaimTheOverlayConfigures() throws IOException {
        String claimPath = stagingSetting("CONSOLE_OIDC_ROLES_CLAIM");
        assertThat(consoleClient().path("protocolMappers")).anySatisfy(mapper -> {
            assertThat(mapper.path("protocolMapper").asText()).isEqualTo("oidc-usermodel-realm-role-mapper");
            // Keycloak nests a claim at dots; the console's setting at slashes.
            assertThat(mapper.path("config").path("claim.name").asText().replace('.', '/')).isEqualTo(claimPath);
            assertThat(mapper.path("config").path("id.token.claim").asText()).isEqualTo("true");
        });
    }

    @Test
    void shouldHaveOneTestUserPerRoleWithTemporaryStagingOnlyPasswords() throws IOException {
        JsonNode users = realm().path("users");
        assertThat(users.findValuesAsText("username")).hasSize(3);
        assertThat(StreamSupport.stream(users.spliterator(), false).map(u -> u.path("realmRoles").get(0).asText()))
                .containsExactlyInAnyOrder(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN);
        assertThat(users).allSatisfy(user -> {
            assertThat(user.path("realmRoles")).hasSize(1);
            assertThat(user.path("credentials")).allSatisfy(credential -> {
                assertThat(credential.path("temporary").asBoolean()).as(user.path("username").asText()).isTrue();
                assertThat(credential.path("value").asText()).startsWith("staging-only-");
            });
        });
    }

    @Test
    void shouldSetOnlyPropertiesSessionServiceReadsAndTakeTheClientSecretFromASecret() {
        assertThat(OverlayChecks.configuration(STAGING, ProdOverlay::configurationOf)).isEmpty();
        assertThat(OverlayChecks.secrets(STAGING, ProdOverlay.secretsTheReadmeLists())).isEmpty();
        JsonNode env = STAGING.ofKind("Deployment").filter(d -> Manifests.name(d).equals("session-service")).findFirst()
                .orElseThrow().path("spec").path("template").path("spec").path("containers").get(0).path("env");
        assertThat(env).anySatisfy(e -> {
            assertThat(e.path("name").asText()).isEqualTo("CONSOLE_OIDC_CLIENT_SECRET");
            assertThat(e.has("value")).isFalse();
            assertThat(e.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("console-oidc-client");
        });
        assertThat(Set.of("CONSOLE_OIDC_AUTH_SERVER_URL", "CONSOLE_OIDC_CLIENT_ID", "CONSOLE_OIDC_REDIRECT_URI"))
                .allSatisfy(name -> assertThat(stagingSetting(name)).isNotBlank());
    }
}
