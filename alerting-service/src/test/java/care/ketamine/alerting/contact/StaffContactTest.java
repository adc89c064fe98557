package care.ketamine.alerting.contact;

import care.ketamine.platform.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StaffContactTest {

    @ParameterizedTest(name = "email {0}, phone {1} -> {2}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "ada@clinic.example      | +15551234567   | ",
            "null                    | null           | ",
            "o'neil+pager@a.b.example| +447700900123  | ",
            "ada@clinic              | null           | email",
            "ada clinic@x.example    | null           | email",
            "@clinic.example         | null           | email",
            "null                    | 5551234567     | phone",
            "null                    | +0551234567    | phone",
            "null                    | +12345         | phone",
            "null                    | +1234567890123456 | phone",
            "null                    | +1555123456a   | phone",
            "nope                    | 12             | email,phone"})
    void shouldSayWhichDetailIsNotUsable(String email, String phone, String fields) {
        assertThat(String.join(",", StaffContact.problems(email, phone).stream().map(Problem.Violation::field).toList()))
                .isEqualTo(fields == null ? "" : fields);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "+1 (555) 123-4567 | +15551234567",
            "+44 7700.900.123  | +447700900123",
            "'   '             | null"})
    void shouldKeepNumbersWithoutTheirPunctuation(String typed, String kept) {
        assertThat(StaffContact.normalPhone(typed)).isEqualTo(kept);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
            "' Ada@Clinic.EXAMPLE ' | Ada@clinic.example",
            "''                     | null"})
    void shouldKeepTheDomainInLowerCaseAndTheLocalPartAsTyped(String typed, String kept) {
        assertThat(StaffContact.normalEmail(typed)).isEqualTo(kept);
    }
}
