package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class BloodPressureUnitTest {

    @ParameterizedTest(name = "{0} {1} is {2} mm[Hg]")
    @CsvSource(nullValues = "-", value = {
            "120,    mmHg, 120",
            "120,    -,    120",
            "120.0,  mmHg, 120",  // a whole number written with a decimal point
            "120.5,  mmHg, -",    // mmHg must be whole: never rounded silently
            "16.0,   kPa,  120",  // 120.0099 (device-protocols test vector 16.0 / 10.7 kPa = 120 / 80)
            "10.7,   kPa,  80",   // 80.2566
            "12.5,   kPa,  94",   // 93.7578, the vector's MAP
            "24.2,   kPa,  182",  // 181.515: half up
            "0.2,    kPa,  2",    // 1.500124: half up
            "0.19,   kPa,  1",    // 1.4251
            "120,    kpa,  -",    // an unknown unit is not guessed
    })
    void shouldConvertToWholeMillimetresOfMercuryRoundingHalfUp(String value, String unit, Integer mmHg) {
        BigDecimal converted = BloodPressureUnit.toMmHg(new BigDecimal(value), unit);
        assertThat(converted == null ? null : converted.intValueExact()).isEqualTo(mmHg);
    }
}
