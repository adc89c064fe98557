package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;

import static care.ketamine.vitals.SessionFixture.awaitState;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dosed session aborted early (ENDED_EARLY) is still watched: its prompts go on past the planned
 * 120-minute window, every 15 minutes from the dose up to the 480-minute horizon, until handover or
 * discharge calls them off. The dose is placed 136 minutes ago, so the first slot past the window
 * (+135) is due now and the ones after it are not; moving the service's clock on 15 minutes makes the
 * next one due.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EndedEarlyPromptsTest {

    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    private static final MonitoringThresholds DEFAULTS = new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90);

    /** A state change as session-service announces it once the tablet was taken: the dose time on every event. */
    private static void announce(String session, String state, Instant dosedAt) {
        Instant at = Instant.now();
        SessionChanged event = new SessionChanged(session, "patient-1", "dr-1", "DOSING", state, null, state, "dr-1", "test",
                at, dosedAt, dosedAt.plusSeconds(9000), dosedAt, DEFAULTS, 124, 80, 126, 82, 15, 120, null, null, null);
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, session,
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, session, event, Clock.systemUTC())));
    }

    private static List<CheckInPrompt> prompts(String session) {
        return QuarkusTransaction.requiringNew().call(() ->
                CheckInPrompt.<CheckInPrompt>list("sessionId = ?1 order by sequence, respondent", session));
    }

    private static String dosedBeyondTheWindow(Instant dosedAt) {
        String session = checkedIn();
        LifecycleProbe.dosed(session, dosedAt);
        awaitState(session, "DOSED");
        // The planned window is wholly past: its 8 slots go out at once, to the sitter, and to the patient but at 30 and
        // 45 minutes (the quiet window).
        await().atMost(Duration.ofSeconds(15)).until(() -> prompts(session).stream().filter(p -> p.issuedAt != null).count() == 14);
        return session;
    }

    @Test
    void shouldKeepPromptingAnEndedEarlySessionUpToTheHorizonAndCallTheRestOffAtHandover() {
        Instant dosedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(136));
        String session = dosedBeyondTheWindow(dosedAt);
        List<String> issuedInTheWindow = prompts(session).stream().map(p -> p.promptId).toList();

        announce(session, "ENDED_EARLY", dosedAt);
        awaitState(session, "ENDED_EARLY");

        List<CheckInPrompt> planned = prompts(session);
        assertThat(planned).as("32 slots of 15 minutes up to 480 minutes, patient (but at 30 and 45) and sitter").hasSize(62);
        assertThat(planned.stream().mapToInt(p -> p.sequence).distinct().sorted().toArray())
                .isEqualTo(IntStream.rangeClosed(1, 32).toArray());
        assertThat(planned).allSatisfy(p -> assertThat(p.dueAt).isEqualTo(dosedAt.plus(Duration.ofMinutes(15L * p.sequence))));
        assertThat(planned).noneMatch(p -> p.cancelled);
        assertThat(planned.stream().filter(p -> p.sequence <= 8)).as("the window's slots kept as they were: issued")
                .extracting(p -> p.promptId).containsExactlyInAnyOrderElementsOf(issuedInTheWindow);
        assertThat(planned.stream().filter(p -> p.sequence <= 8)).allMatch(p -> p.issuedAt != null);

        // Slot 9 (+135 min) is past the planned window and due now: it goes out, to both.
        await().atMost(Duration.ofSeconds(15)).until(() ->
                prompts(session).stream().filter(p -> p.sequence == 9 && p.issuedAt != null).count() == 2);
        assertThat(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> session.equals(r.key())
                        && CheckInPrompted.TYPE.name().equals(EventJson.typeOf(r.value()))
                        && EventJson.read(r.value(), CheckInPrompted.TYPE).payload().sequence() == 9, Duration.ofSeconds(10)))
                .hasSize(2);
        assertThat(prompts(session).stream().filter(p -> p.sequence >= 10)).as("not due yet").allMatch(p -> p.issuedAt == null);

        // Fifteen minutes on (the service's clock), slot 10 (+150 min) is due and goes out; slot 11 (+165) is not.
        SettableClock.advance(Duration.ofMinutes(15));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                prompts(session).stream().filter(p -> p.sequence == 10 && p.issuedAt != null).count() == 2);
        assertThat(prompts(session).stream().filter(p -> p.sequence >= 11)).as("not due yet").allMatch(p -> p.issuedAt == null);

        // A redelivered ENDED_EARLY plans nothing twice; handover then calls off every prompt not issued.
        announce(session, "ENDED_EARLY", dosedAt);
        announce(session, "HANDED_OVER", dosedAt);
        awaitState(session, "HANDED_OVER");
        List<CheckInPrompt> after = prompts(session);
        // 18 issued by the time the clock moved past slot 10, less the patient's two in the quiet window (30, 45 min).
        assertThat(after).hasSize(62);
        assertThat(after.stream().filter(p -> p.issuedAt == null)).hasSize(44).allMatch(p -> p.cancelled);
        assertThat(after.stream().filter(p -> p.issuedAt != null)).hasSize(18).noneMatch(p -> p.cancelled);
    }

    @Test
    void shouldCallOffTheEndedEarlyPromptsWhenTheSessionIsDischarged() {
        Instant dosedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(136));
        String session = dosedBeyondTheWindow(dosedAt);
        announce(session, "ENDED_EARLY", dosedAt);
        awaitState(session, "ENDED_EARLY");
        assertThat(prompts(session)).hasSize(62);

        announce(session, "ABORTED", dosedAt);
        awaitState(session, "ABORTED");
        assertThat(prompts(session).stream().filter(p -> p.issuedAt == null)).isNotEmpty().allMatch(p -> p.cancelled);
    }

    @Test
    void shouldPlanOnlyTheWindowForASessionMonitoredAsUsual() {
        Instant dosedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(136));
        String session = dosedBeyondTheWindow(dosedAt);
        announce(session, "MONITORING", dosedAt);
        awaitState(session, "MONITORING");

        List<CheckInPrompt> planned = prompts(session);
        assertThat(planned).as("8 slots of 15 minutes up to 120 minutes, patient (but at 30 and 45) and sitter").hasSize(14);
        assertThat(planned).allMatch(p -> p.sequence <= 8 && p.issuedAt != null && !p.cancelled);
    }
}
