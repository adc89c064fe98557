package care.ketamine.session.console.signin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StaffSignInRequiredTest {

    private static List<String> problems(List<String> profiles, Map<String, String> settings) {
        return StaffSignInRequired.problems(profiles, name -> Optional.ofNullable(settings.get(name)));
    }

    @Test
    void shouldRefuseProductionWithNoWayForStaffToSignInAndNameTheSettings() {
        assertThat(problems(List.of("prod"), Map.of())).singleElement().asString()
                .contains("no way for staff to sign in to the console")
                .contains("console.oidc.auth-server-url").contains("console.oidc.client-id")
                .contains("console.allow-demo-users=true");
        // Demo users named but not allowed on purpose are not a way in.
        assertThat(problems(List.of("prod"), Map.of("console.demo-users", "a:clinician:A", "console.demo-password", "secret")))
                .hasSize(1);
    }

    private static final String CALLBACK = "https://console.clinic.example/console/login/callback";

    private static Map<String, String> provider(String url, String redirectUri) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("console.oidc.auth-server-url", url,
                "console.oidc.client-id", "ketamine-console"));
        if (redirectUri != null) {
            settings.put("console.oidc.redirect-uri", redirectUri);
        }
        return settings;
    }

    @Test
    void shouldStartWithTheProviderOrDemoUsersAllowedOnPurposeOrInADevelopmentProfile() {
        assertThat(problems(List.of("prod"), provider("https://idp.clinic.example/realms/ketamine", CALLBACK))).isEmpty();
        assertThat(problems(List.of("prod"), Map.of("console.allow-demo-users", "true"))).isEmpty();
        for (String profile : List.of("dev", "test", "local")) {
            assertThat(problems(List.of(profile), Map.of())).isEmpty();
        }
    }

    @Test
    void shouldRefuseAProviderOrCallbackOverPlainHttpOutsideTheDevelopmentProfiles() {
        assertThat(problems(List.of("prod"), provider("http://idp.clinic.example/realms/ketamine", CALLBACK)))
                .singleElement().asString().contains("console.oidc.auth-server-url must be an https URL");
        assertThat(problems(List.of("staging"), provider("HTTP://idp.clinic.example/realms/ketamine", CALLBACK))).hasSize(1);
        assertThat(problems(List.of("prod"), provider("https:/idp.clinic.example", CALLBACK))).as("no host").hasSize(1);
        assertThat(problems(List.of("prod"), provider("not a url", CALLBACK))).hasSize(1);
        assertThat(problems(List.of("prod"), provider("https://idp.clinic.example/realms/ketamine",
                "http://console.clinic.example/console/login/callback")))
                .singleElement().asString().contains("console.oidc.redirect-uri must be an https URL");
        for (String profile : List.of("dev", "test", "local")) {
            assertThat(problems(List.of(profile), provider("http://127.0.0.1:8180/realms/ketamine",
                    "http://localhost:8082/console/login/callback"))).as(profile).isEmpty();
        }
    }

    @Test
    void shouldRequireTheConfiguredCallbackOutsideTheDevelopmentProfilesAndTheCallbackPathEverywhere() {
        assertThat(problems(List.of("prod"), provider("https://idp.clinic.example/realms/ketamine", null)))
                .singleElement().asString().contains("console.oidc.redirect-uri is not set")
                .contains("/console/login/callback");
        // In development the request's own address is the callback when none is set.
        assertThat(problems(List.of("dev"), provider("http://127.0.0.1:8180/realms/ketamine", null))).isEmpty();
        for (String wrong : List.of("https://console.clinic.example/console/login/callback?next=/x",
                "https://console.clinic.example/elsewhere", "/console/login/callback",
                "https://console.clinic.example/console/login/callback#f")) {
            assertThat(problems(List.of("test"), provider("http://127.0.0.1:8180/realms/ketamine", wrong))).as(wrong)
                    .singleElement().asString().contains("console.oidc.redirect-uri must be the console's absolute callback URL");
        }
    }

    @Test
    void shouldRefuseHalfAProviderInAnyProfile() {
        assertThat(problems(List.of("test"), Map.of("console.oidc.auth-server-url", "https://idp.clinic.example")))
                .singleElement().asString().contains("half configured").contains("console.oidc.client-id");
        assertThat(problems(List.of("prod"), Map.of("console.oidc.client-id", "ketamine-console"))).hasSize(1);
    }
}
