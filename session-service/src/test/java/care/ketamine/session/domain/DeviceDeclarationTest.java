package care.ketamine.session.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceDeclarationTest {

    @ParameterizedTest(name = "{0} {1} every {2} s -> {3}")
    @CsvSource(nullValues = "-", value = {
            "patient-device, -,              -,    monitor,        ",
            "sitter,         -,              -,    sitter-phone,   ",
            "patient-device, pulse-oximeter, 1,    pulse-oximeter, ",
            "patient-device, pulse-oximeter, 60,   pulse-oximeter, ",
            "patient-device, pulse-oximeter, 0,    pulse-oximeter, cadenceSeconds",
            "patient-device, pulse-oximeter, 61,   pulse-oximeter, cadenceSeconds",
            "patient-device, bp-cuff,        60,   bp-cuff,        ",
            "patient-device, bp-cuff,        3600, bp-cuff,        ",
            "patient-device, bp-cuff,        59,   bp-cuff,        cadenceSeconds",
            "patient-device, bp-cuff,        3601, bp-cuff,        cadenceSeconds",
            "patient-device, monitor,        10,   monitor,        ",
            "patient-device, monitor,        901,  monitor,        cadenceSeconds",
            "patient-device, sitter-phone,   -,    sitter-phone,   kind",
            "patient-device, patient-phone,  -,    patient-phone,  ",
            "patient-device, patient-phone,  60,   patient-phone,  cadenceSeconds",
            "sitter,         patient-phone,  -,    patient-phone,  kind",
            "patient-device, thermometer,    -,    thermometer,    kind",
            "sitter,         bp-cuff,        -,    bp-cuff,        kind",
            "sitter,         sitter-phone,   30,   sitter-phone,   cadenceSeconds",
    })
    void shouldDefaultTheKindAndBoundTheCadence(String role, String kind, Integer cadence, String named, String wrongField) {
        DeviceDeclaration d = DeviceDeclaration.of(role, kind, cadence);

        assertThat(d.kind()).isEqualTo(named);
        if (wrongField == null) {
            assertThat(d.violations()).isEmpty();
        } else {
            assertThat(d.violations()).containsOnlyKeys(wrongField);
        }
    }
}
