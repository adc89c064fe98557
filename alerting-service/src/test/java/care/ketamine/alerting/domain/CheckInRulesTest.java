package care.ketamine.alerting.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16's check-in rules at their edges. */
class CheckInRulesTest {

    private static final Instant AT = Instant.parse("2026-11-26T15:40:00Z");

    private static String found(List<RuleOutcome> outcomes) {
        String conditions = outcomes.stream().flatMap(o -> o.condition().stream())
                .map(c -> c.rule() + ":" + c.severity()).collect(Collectors.joining(" "));
        return conditions.isEmpty() ? "-" : conditions;
    }

    @ParameterizedTest(name = "OK {0}, dissociation {1}/12, nausea {2}, anxiety {3}, vital-sign alert open {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            true  | 8  | 7  | 7  | false | -
            true  | 9  | 7  | 7  | false | patient-symptoms:WARNING
            true  | 12 | 0  | 0  | false | patient-symptoms:WARNING
            true  | 0  | 8  | 0  | false | patient-symptoms:WARNING
            true  | 0  | 0  | 8  | false | patient-symptoms:WARNING
            true  | 0  | 10 | 10 | true  | patient-symptoms:WARNING
            true  | 8  | 7  | 7  | true  | -
            false | 0  | 0  | 0  | false | patient-not-ok:WARNING
            false | 0  | 0  | 0  | true  | patient-not-ok:CRITICAL
            false | 9  | 8  | 8  | true  | patient-not-ok:CRITICAL patient-symptoms:WARNING
            """)
    void shouldJudgeThePatientsAnswers(boolean ok, int dissociation, int nausea, int anxiety, boolean vitalOpen, String expected) {
        assertThat(found(CheckInRules.patient("s-1", ok, dissociation, nausea, anxiety, vitalOpen, AT))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "answers below every limit clear {0}")
    @CsvSource({CheckInRules.PATIENT_NOT_OK, CheckInRules.PATIENT_SYMPTOMS})
    void shouldClearWhenThePatientIsOkAndBelowEveryLimit(String rule) {
        assertThat(CheckInRules.patient("s-1", true, 8, 7, 7, true, AT)).filteredOn(o -> o.rule().equals(rule))
                .singleElement().satisfies(o -> assertThat(o.clears()).isTrue());
    }

    @ParameterizedTest(name = "sitter MOAA/S {0}, present {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            5 | true  | -
            4 | true  | -
            3 | true  | sitter-concern:WARNING
            2 | true  | sitter-concern:CRITICAL
            0 | true  | sitter-concern:CRITICAL
            4 | false | sitter-concern:CRITICAL
            3 | false | sitter-concern:CRITICAL
            """)
    void shouldGradeTheSittersMoaas(int moaas, boolean present, String expected) {
        assertThat(found(List.of(CheckInRules.sitter("s-1", moaas, present, AT)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "help asked by the {0}, note {1} -> {2}, \"{3}\", \"{4}\"")
    @CsvSource(delimiter = '|', textBlock = """
            patient | false | help-requested:CRITICAL | The patient asks for help now | asked by the patient
            patient | true  | help-requested:CRITICAL | The patient asks for help now | asked by the patient, with a note
            sitter  | false | help-requested:CRITICAL | The sitter asks for help now  | asked by the sitter
            sitter  | true  | help-requested:CRITICAL | The sitter asks for help now  | asked by the sitter, with a note
            """)
    void shouldRaiseAHelpRequestAsCriticalAtOnce(String by, boolean note, String expected, String summary, String value) {
        AlertCondition help = CheckInRules.helpRequested("s-1", by, note, AT);
        assertThat(help.rule() + ":" + help.severity()).isEqualTo(expected);
        assertThat(help.summary()).isEqualTo(summary);
        assertThat(help.value()).as("what they typed stays out of the alert, which travels with pages").isEqualTo(value);
        assertThat(help.sessionId()).isEqualTo("s-1");
        assertThat(help.observedAt()).isEqualTo(AT);
    }
}
