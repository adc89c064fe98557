package care.ketamine.alerting.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BloodPressureCrisisRuleTest {

    private static final Instant MEASURED = Instant.parse("2026-11-26T15:00:00Z");
    private final BloodPressureCrisisRule rule = new BloodPressureCrisisRule();

    private Optional<AlertCondition> evaluate(int systolic, int diastolic) {
        return rule.evaluate(new VitalReading("s-1", systolic, diastolic, 80, 97, MEASURED));
    }

    @ParameterizedTest(name = "{0}/{1} mm[Hg] is not a crisis")
    @CsvSource({"180, 120", "180, 90", "150, 120", "120, 80", "179, 119"})
    void shouldNotFireAtOrBelow180Over120(int systolic, int diastolic) {
        assertThat(evaluate(systolic, diastolic)).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1} mm[Hg] is a crisis, {2} mm[Hg] past the line")
    @CsvSource({
            "181, 90,  1",  // systolic alone
            "150, 121, 1",  // diastolic alone
            "192, 124, 12", // both: the larger excess is the measure
            "185, 135, 15",
    })
    void shouldFireCriticalAboveEitherLimit(int systolic, int diastolic, double measure) {
        AlertCondition condition = evaluate(systolic, diastolic).orElseThrow();

        assertThat(condition.rule()).isEqualTo("bp-crisis");
        assertThat(condition.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(condition.sessionId()).isEqualTo("s-1");
        assertThat(condition.value()).isEqualTo(systolic + "/" + diastolic + " mm[Hg]");
        assertThat(condition.measure()).isEqualTo(measure);
        assertThat(condition.observedAt()).isEqualTo(MEASURED);
        assertThat(condition.summary()).startsWith("Hypertensive crisis");
    }

    @ParameterizedTest(name = "standard rules on {0}/{1}: {2} condition(s)")
    @CsvSource({"192, 124, 1", "120, 80, 0"})
    void shouldApplyTheCrisisRuleAmongTheStandardRules(int systolic, int diastolic, int conditions) {
        assertThat(AlertRules.standard().evaluate(new VitalReading("s-1", systolic, diastolic, null, null, MEASURED)))
                .hasSize(conditions);
    }
}
