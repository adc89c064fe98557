package care.ketamine.alerting.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Device silence per device: each stream against its own cadence, on the server's receive times. */
class DeviceSilenceRulesTest {

    private static final Instant DOSED = Instant.parse("2026-11-26T15:00:00Z");

    private static Instant at(Long secondsAfterDose) {
        return secondsAfterDose == null ? null : DOSED.plusSeconds(secondsAfterDose);
    }

    private static String severity(Optional<AlertCondition> condition) {
        return condition.map(c -> c.severity().name()).orElse("-");
    }

    private static Optional<AlertCondition> judge(String state, String kind, String role, Long declaredSeconds, Long pairedAt,
                                                  Long lastReceived, long now, DeviceCadences cadences) {
        SessionWatch session = new SessionWatch("s-1", "p-1", "dr-1", state, DOSED, Thresholds.defaults(), 124, 80);
        DeviceStream device = new DeviceStream("dev-1", kind, role,
                declaredSeconds == null ? null : Duration.ofSeconds(declaredSeconds), at(pairedAt), at(lastReceived));
        return TimedChecks.deviceSilence(session, device, cadences, DOSED.plusSeconds(now));
    }

    @ParameterizedTest(name = "{1} (declared {3} s), last received {5} s after the dose, now {6} s -> {7}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            MONITORING  | pulse-oximeter | patient-device | null | null | 600  | 609  | -
            MONITORING  | pulse-oximeter | patient-device | null | null | 600  | 610  | WARNING
            MONITORING  | pulse-oximeter | patient-device | null | null | 600  | 611  | WARNING
            MONITORING  | pulse-oximeter | patient-device | null | null | 600  | 614  | WARNING
            MONITORING  | pulse-oximeter | patient-device | null | null | 600  | 615  | CRITICAL
            MONITORING  | pulse-oximeter | patient-device | null | null | null | 9    | -
            MONITORING  | pulse-oximeter | patient-device | null | null | null | 10   | WARNING
            MONITORING  | pulse-oximeter | patient-device | null | 100  | null | 109  | -
            MONITORING  | pulse-oximeter | patient-device | null | 100  | null | 110  | WARNING
            MONITORING  | pulse-oximeter | patient-device | 1    | null | 600  | 609  | -
            MONITORING  | pulse-oximeter | patient-device | 1    | null | 600  | 610  | WARNING
            MONITORING  | monitor        | patient-device | null | null | 600  | 719  | -
            MONITORING  | monitor        | patient-device | null | null | 600  | 720  | WARNING
            MONITORING  | monitor        | patient-device | null | null | 600  | 721  | WARNING
            MONITORING  | monitor        | patient-device | null | null | 600  | 780  | CRITICAL
            MONITORING  | null           | null           | null | null | 600  | 720  | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 1800 | 2399 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 1800 | 2400 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 1800 | 2401 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 1800 | 2699 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 1800 | 2700 | CRITICAL
            MONITORING  | bp-cuff        | patient-device | null | null | 3120 | 3720 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 3240 | 3840 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 3240 | 5039 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 3240 | 5040 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 3300 | 3900 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 3300 | 5099 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 3300 | 5100 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 4200 | 4800 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 4200 | 5999 | -
            MONITORING  | bp-cuff        | patient-device | null | null | 4200 | 6000 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 4200 | 6001 | WARNING
            MONITORING  | bp-cuff        | patient-device | null | null | 4200 | 6900 | CRITICAL
            MONITORING  | bp-cuff        | patient-device | 120  | null | 4200 | 4439 | -
            MONITORING  | bp-cuff        | patient-device | 120  | null | 4200 | 4440 | WARNING
            MONITORING  | sitter-phone   | sitter         | null | null | null | 9000 | -
            MONITORING  | patient-phone  | patient-device | null | null | null | 9000 | -
            MONITORING  | patient-phone  | patient-device | null | null | 600  | 9000 | -
            MONITORING  | monitor        | sitter         | null | null | null | 9000 | -
            DOSED       | pulse-oximeter | patient-device | null | null | 600  | 615  | CRITICAL
            ENDED_EARLY | pulse-oximeter | patient-device | null | null | 600  | 610  | WARNING
            CHECKED_IN  | pulse-oximeter | patient-device | null | null | 600  | 9000 | -
            RECOVERED   | bp-cuff        | patient-device | null | null | 600  | 9000 | -
            HANDED_OVER | bp-cuff        | patient-device | null | null | 600  | 9000 | -
            """)
    void shouldWarnAfterTwoOfTheDevicesIntervalsAndGoCriticalAfterThree(String state, String kind, String role, Long declared,
                                                                         Long pairedAt, Long lastReceived, long now,
                                                                         String expected) {
        assertThat(severity(judge(state, kind, role, declared, pairedAt, lastReceived, now, DeviceCadences.standard())))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "compressed 60x: {0}, last received {1} s after the dose, now {2} s -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            bp-cuff        | 30 | 39  | -
            bp-cuff        | 30 | 40  | WARNING
            bp-cuff        | 30 | 45  | CRITICAL
            bp-cuff        | 70 | 99  | -
            bp-cuff        | 70 | 100 | WARNING
            pulse-oximeter | 70 | 79  | -
            pulse-oximeter | 70 | 80  | WARNING
            monitor        | 70 | 79  | -
            monitor        | 70 | 80  | WARNING
            """)
    void shouldKeepTheCadencesInProportionWhenClinicalTimeIsCompressedButNeverExpectAReadingMoreOftenThanEvery5s(
            String kind, long lastReceived, long now, String expected) {
        assertThat(severity(judge("MONITORING", kind, "patient-device", null, null, lastReceived, now,
                DeviceCadences.standard().compressedBy(60)))).isEqualTo(expected);
    }

    @Test
    void shouldNameTheDeviceAndItsKindInTheAlertOneRulePerDevice() {
        AlertCondition oximeter = judge("MONITORING", "pulse-oximeter", "patient-device", null, null, 600L, 615,
                DeviceCadences.standard()).orElseThrow();
        assertThat(oximeter.rule()).isEqualTo("device-silent-dev-1");
        assertThat(oximeter.summary()).isEqualTo("No reading from the pulse oximeter (dev-1) for 15 s (expected every 5 s)");
        assertThat(oximeter.value()).isEqualTo("pulse oximeter silent 15 s");
        assertThat(oximeter.observedAt()).as("the silence began at the last receipt").isEqualTo(DOSED.plusSeconds(600));

        AlertCondition cuff = judge("MONITORING", "bp-cuff", "patient-device", null, null, 4200L, 6001,
                DeviceCadences.standard()).orElseThrow();
        assertThat(cuff.summary())
                .isEqualTo("No reading from the blood pressure cuff (dev-1) for 30 min 1 s (expected every 15 min)");
    }
}
