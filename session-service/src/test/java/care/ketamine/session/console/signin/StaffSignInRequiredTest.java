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

    @Test
    void shouldStartWithTheProviderOrDemoUsersAllowedOnPurposeOrInADevelopmentProfile() {
        assertThat(problems(List.of("prod"), Map.of("console.oidc.auth-server-url", "https://idp.clinic.example/realms/ketamine",
                "console.oidc.client-id", "ketamine-console"))).isEmpty();
        assertThat(problems(List.of("prod"), Map.of("console.allow-demo-users", "true"))).isEmpty();
        for (String profile : List.of("dev", "test", "local")) {
            assertThat(problems(List.of(profile), Map.of())).isEmpty();
        }
    }

    @Test
    void shouldRefuseHalfAProviderInAnyProfile() {
        assertThat(problems(List.of("test"), Map.of("console.oidc.auth-server-url", "https://idp.clinic.example")))
                .singleElement().asString().contains("half configured").contains("console.oidc.client-id");
        assertThat(problems(List.of("prod"), Map.of("console.oidc.client-id", "ketamine-console"))).hasSize(1);
    }
}
