package care.ketamine.session.console.signin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaffRolesTest {

    @Test
    void shouldReadRolesAtAClaimPathAndTakeTheMostPrivileged() {
        Map<String, Object> keycloak = Map.of("realm_access", Map.of("roles", List.of("offline_access", "on-call", "clinician")));
        assertThat(StaffRoles.of(keycloak, "realm_access/roles")).contains("clinician");
        assertThat(StaffRoles.of(Map.of("groups", List.of("admin", "clinician")), "groups")).contains("admin");
        assertThat(StaffRoles.of(Map.of("groups", "on-call"), "groups")).contains("on-call");
    }

    @Test
    void shouldFindNoneWhereTheClaimIsAbsentMisshapenOrHoldsNoneOfOurs() {
        assertThat(StaffRoles.of(Map.of(), "realm_access/roles")).isEmpty();
        assertThat(StaffRoles.of(Map.of("realm_access", "clinician"), "realm_access/roles")).isEmpty();
        assertThat(StaffRoles.of(Map.of("groups", List.of("patient", "Clinician")), "groups")).isEmpty();
        assertThat(StaffRoles.of(Map.of("groups", List.of(1, 2)), "groups")).isEmpty();
    }
}
