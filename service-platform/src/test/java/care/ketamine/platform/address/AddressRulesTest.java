package care.ketamine.platform.address;

import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.platform.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What a dosing address must hold, and the emergency number a country gets when no clinician set one. */
class AddressRulesTest {

    private static final DosingAddress OAKLAND =
            new DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US", "gate code 4512, 2nd floor", null);

    @Test
    void shouldAcceptACompleteAddressAndFormatItOnOneLine() {
        assertThat(AddressRules.check("a", OAKLAND)).isEmpty();
        assertThat(OAKLAND.oneLine()).isEqualTo("12 Oak St, Oakland, CA 94607, US");
        assertThat(new DosingAddress("1 High St", "Leeds", null, null, "GB", null, null).oneLine())
                .isEqualTo("1 High St, Leeds, GB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                     | street      | city    | region | postal   | country | notes | number  | field            | rule starts
            no street                  | -           | Oakland | CA     | 94607    | US      | -     | -       | a.street         | is required
            blank city                 | 12 Oak St   | '  '    | CA     | 94607    | US      | -     | -       | a.city           | is required
            no country                 | 12 Oak St   | Oakland | CA     | 94607    | -       | -       | -       | a.country        | is required
            not a country code         | 12 Oak St   | Oakland | CA     | 94607    | USA     | -     | -       | a.country        | must be an ISO
            unknown country code       | 12 Oak St   | Oakland | CA     | 94607    | XX      | -     | -       | a.country        | must be an ISO
            US without a state         | 12 Oak St   | Oakland | -      | 94607    | US      | -     | -       | a.region         | is required in US
            Canada without postal code | 1 Main St   | Ottawa  | ON     | -        | CA      | -     | -       | a.postalCode     | is required in CA
            postal code with symbols   | 12 Oak St   | Oakland | CA     | 94607;-- | US      | -     | -       | a.postalCode     | letters, digits
            emergency number of words  | 12 Oak St   | Oakland | CA     | 94607    | US      | -     | call me | a.emergencyNumber | digits
            emergency number too short | 12 Oak St   | Oakland | CA     | 94607    | US      | -     | 9       | a.emergencyNumber | digits
            """)
    void shouldNameTheFieldThatBreaksARule(String name, String street, String city, String region, String postal,
                                          String country, String notes, String number, String field, String ruleStart) {
        List<Problem.Violation> broken = AddressRules.check("a",
                new DosingAddress(street, city, region, postal, country, notes, number));

        assertThat(broken).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.rule()).startsWith(ruleStart);
        });
    }

    @Test
    void shouldHoldEachTextToItsFreeTextLimitCountingBytes() {
        String wide = "€".repeat(150); // 150 characters, 450 bytes: over the name limit of 400 bytes
        List<Problem.Violation> broken = AddressRules.check("a", new DosingAddress("s".repeat(201), wide, "r".repeat(201),
                "9".repeat(17), "US", "n".repeat(1001), null));

        assertThat(broken).extracting(Problem.Violation::field)
                .containsExactlyInAnyOrder("a.street", "a.city", "a.region", "a.accessNotes", "a.postalCode");
    }

    @Test
    void shouldRequireTheAddressItself() {
        assertThat(AddressRules.check("plan.dosingAddress", null)).extracting(Problem.Violation::field)
                .containsExactly("plan.dosingAddress");
    }

    @Test
    void shouldNormaliseAndTakeTheCountrysEmergencyNumberWhenNoneWasSet() {
        EmergencyNumbers numbers = EmergencyNumbers.parse("US=911, GB=999", "112");
        DosingAddress typed = new DosingAddress(" 1 High St ", "Leeds", " ", "LS1 4DY", " gb ", "", null);

        assertThat(AddressRules.normalise(typed, numbers))
                .isEqualTo(new DosingAddress("1 High St", "Leeds", null, "LS1 4DY", "GB", null, "999"));
        assertThat(AddressRules.normalise(new DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US", null, "+1 510 555 0100"),
                numbers).emergencyNumber()).as("a clinician's number is kept").isEqualTo("+1 510 555 0100");
    }

    @ParameterizedTest(name = "{0} dials {1}")
    @CsvSource({"US, 911", "CA, 911", "GB, 999", "DE, 112", "FR, 112", "AU, 000", "NZ, 111", "us, 911", "BR, 112"})
    void shouldDefaultTheEmergencyNumberByCountryFromTheSharedSetting(String country, String number) throws Exception {
        Properties shared = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        EmergencyNumbers numbers = EmergencyNumbers.parse(shared.getProperty("emergency-numbers"),
                shared.getProperty("emergency-numbers.fallback"));

        assertThat(numbers.of(country)).isEqualTo(number);
    }
}
