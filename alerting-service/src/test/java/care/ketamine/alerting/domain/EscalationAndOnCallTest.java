package care.ketamine.alerting.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EscalationAndOnCallTest {

    private static final Instant RAISED = Instant.parse("2026-11-26T15:00:00Z");

    @Test
    void shouldEscalateACriticalAlertToTier1After2MinutesAndTier2After5WithTheCallInstruction() {
        EscalationPolicy critical = EscalationPolicy.defaults(Severity.CRITICAL);
        assertThat(critical.timersAfter(0, RAISED)).containsExactly(
                new EscalationPolicy.Timer(1, RAISED.plus(Duration.ofMinutes(2))),
                new EscalationPolicy.Timer(2, RAISED.plus(Duration.ofMinutes(5))));
        assertThat(critical.step(1).target()).isEqualTo(EscalationPolicy.Target.ON_CALL_TIER_1);
        assertThat(critical.step(2).target()).isEqualTo(EscalationPolicy.Target.ON_CALL_TIER_2);
        assertThat(critical.step(2).instruction()).contains("sitter").contains("emergency contact");
    }

    @Test
    void shouldEscalateAWarningToTier1After5MinutesOnly() {
        assertThat(EscalationPolicy.defaults(Severity.WARNING).timersAfter(0, RAISED))
                .containsExactly(new EscalationPolicy.Timer(1, RAISED.plus(Duration.ofMinutes(5))));
        assertThat(EscalationPolicy.defaults(Severity.INFO).timersAfter(0, RAISED)).isEmpty();
    }

    @Test
    void shouldRefuseAPolicyWhoseStepsAreOutOfOrder() {
        assertThatThrownBy(() -> new EscalationPolicy(Severity.WARNING, List.of(
                new EscalationPolicy.Step(0, Duration.ZERO, EscalationPolicy.Target.CLINICIAN, null),
                new EscalationPolicy.Step(1, Duration.ofMinutes(5), EscalationPolicy.Target.ON_CALL_TIER_1, null),
                new EscalationPolicy.Step(2, Duration.ofMinutes(1), EscalationPolicy.Target.ON_CALL_TIER_2, null))))
                .hasMessageContaining("before an earlier one");
        assertThatThrownBy(() -> new EscalationPolicy(Severity.WARNING, List.of(
                new EscalationPolicy.Step(0, Duration.ofMinutes(1), EscalationPolicy.Target.CLINICIAN, null))))
                .hasMessageContaining("step 0");
    }

    private static final OnCallRoster.Rotation WEEKLY = new OnCallRoster.Rotation("nurses", 1, List.of("ana", "ben", "cy"), 7,
            LocalTime.of(8, 0), ZoneId.of("America/Los_Angeles"), LocalDate.of(2026, 11, 2));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-02T15:59:00Z, ",      // 07:59 local on the first day: not started
            "2026-11-02T16:00:00Z, ana",   // 08:00 PST
            "2026-11-09T15:59:00Z, ana",
            "2026-11-09T16:00:00Z, ben",
            "2026-11-23T16:00:00Z, ana",   // the fourth week: back to the first
            "2026-11-26T19:00:00Z, ana"})
    void shouldRotateWeeklyAtTheLocalHandoffTime(String at, String expected) {
        OnCallRoster roster = new OnCallRoster(List.of(WEEKLY), List.of());
        assertThat(roster.onCall(1, Instant.parse(at)).map(OnCallRoster.Shift::staffId).orElse(null)).isEqualTo(expected);
    }

    @Test
    void shouldKeepTheHandoffAt8LocalAcrossTheDaylightSavingChange() {
        // Daylight saving ends on 2026-11-01 in Los Angeles: a rotation from October hands off at 08:00 PDT, then 08:00 PST.
        OnCallRoster.Rotation daily = new OnCallRoster.Rotation("daily", 1, List.of("ana", "ben"), 1, LocalTime.of(8, 0),
                ZoneId.of("America/Los_Angeles"), LocalDate.of(2026, 10, 31));
        OnCallRoster roster = new OnCallRoster(List.of(daily), List.of());
        assertThat(roster.onCall(1, Instant.parse("2026-10-31T15:00:00Z")).orElseThrow().staffId()).isEqualTo("ana"); // 08:00 PDT
        assertThat(roster.onCall(1, Instant.parse("2026-11-01T15:30:00Z")).orElseThrow().staffId()).isEqualTo("ana"); // 07:30 PST
        assertThat(roster.onCall(1, Instant.parse("2026-11-01T16:00:00Z")).orElseThrow().staffId()).isEqualTo("ben"); // 08:00 PST
        assertThat(roster.onCall(1, Instant.parse("2026-11-01T16:00:00Z")).orElseThrow().until())
                .isEqualTo(Instant.parse("2026-11-02T16:00:00Z"));
    }

    @Test
    void shouldLetAnOverrideTakeTheShiftForItsWindowOnly() {
        OnCallRoster.ScheduleOverride sick = new OnCallRoster.ScheduleOverride("o-1", 1, "dee",
                Instant.parse("2026-11-26T16:00:00Z"), Instant.parse("2026-11-27T16:00:00Z"), "ana is ill");
        OnCallRoster roster = new OnCallRoster(List.of(WEEKLY), List.of(sick));
        assertThat(roster.onCall(1, Instant.parse("2026-11-26T15:59:00Z")).orElseThrow().staffId()).isEqualTo("ana");
        OnCallRoster.Shift covered = roster.onCall(1, Instant.parse("2026-11-26T19:00:00Z")).orElseThrow();
        assertThat(covered.staffId()).isEqualTo("dee");
        assertThat(covered.source()).isEqualTo("override o-1");
        assertThat(roster.onCall(1, Instant.parse("2026-11-27T16:00:00Z")).orElseThrow().staffId()).isEqualTo("ana");
        assertThat(roster.onCall(2, Instant.parse("2026-11-26T19:00:00Z"))).isEmpty();
    }
}
