package care.ketamine.platform.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTest {

    @ParameterizedTest(name = "{0} is recorded as {1}")
    @CsvSource({
            "admin clinician on-call, admin",
            "on-call clinician,       clinician",
            "clinician on-call,       clinician",
            "on-call,                 on-call",
            "scheduler,               scheduler",
            "sitter,                  sitter",
            "patient-device,          patient-device",
            "somebody-else,           none",
            "'',                      none"
    })
    void shouldRecordTheMostPrivilegedRoleAndKeepEveryOther(String held, String recorded) {
        Set<String> roles = Arrays.stream(held.split(" ")).filter(r -> !r.isBlank()).collect(Collectors.toSet());
        Caller caller = Caller.of("someone", roles);
        assertThat(caller.role()).isEqualTo(recorded);
        assertThat(caller.roles()).isEqualTo(roles);
        roles.forEach(role -> assertThat(caller.has(role)).as(role).isTrue());
        assertThat(caller.has("not-held")).isFalse();
    }
}
