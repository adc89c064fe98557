package care.ketamine.session.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptSourceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "203.0.113.7                          | 203.0.113.7",
            "2001:db8:85a3:1234:8a2e:370:7334:1   | 2001:db8:85a3:1234::/64",
            "2001:db8:85a3:1234:ffff:ffff:ffff:ff | 2001:db8:85a3:1234::/64",
            "2001:db8:85a3:1235::1                | 2001:db8:85a3:1235::/64",
            "[2001:db8::1]                        | 2001:db8:0:0::/64",
            "fe80::1%eth0                         | fe80:0:0:0::/64",
            "::ffff:203.0.113.7                   | 203.0.113.7",
            "''                                   | unknown",
            "null                                 | unknown",
    })
    void shouldCountAnIpv6HomeAsOneSource(String address, String source) {
        assertThat(AttemptSource.of(address)).isEqualTo(source);
    }
}
