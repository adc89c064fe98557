package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Device silence per device, on the service's clock moved forward by the test: an oximeter sending every
 * 5 s and a cuff every 5 minutes raise nothing; the oximeter stopping raises device-silent for the
 * oximeter alone. A device whose clock is an hour behind is judged on the server's receive times.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceSilenceTest {

    @Inject
    EntityManager entityManager;

    @Inject
    EvaluationLag lag;

    @Inject
    TimedEvaluation timedEvaluation;

    @BeforeEach
    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static List<String> rules(String sessionId) {
        return admin().queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200).extract().path("rule");
    }

    /**
     * A session's first event here pairs a device (every event says MONITORING): alerting never sees it dosed ten
     * minutes ago with no device known, which would rightly raise its session-wide device-silent alert at once.
     */
    private static void announce(String sessionId, String change, Instant dosedAt, Instant at, String deviceId,
                                 PairedDevice device) {
        SessionChanged event = new SessionChanged(sessionId, "patient-1", "dr-1", "DOSING", change, "DOSED", "MONITORING",
                "dr-1", "test", at, dosedAt.minusSeconds(600), dosedAt.plusSeconds(9000), dosedAt, null, 124, 80, 126, 82, 15,
                120, null, null, deviceId, device, null);
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId,
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, sessionId, event, Clock.systemUTC())));
    }

    /**
     * A reading of the device, received by vitals now on the service's clock, measured by the device's clock. The
     * blood pressure rides on every kind's reading here because silence does not look at values.
     */
    private static Instant reading(String sessionId, String deviceId, String kind, Instant measuredAt) {
        Instant received = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);
        ReadingRecorded r = new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, PairedDevice.subjectOf(deviceId), 118, 76, 72, 97, measuredAt,
                received, kind, null, null, Set.of(), null, null, measuredAt);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId,
                EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId, r, Clock.systemUTC())));
        return received;
    }

    private Instant lastReceived(String sessionId, String deviceId) {
        List<?> found = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT last_received_at FROM device_stream WHERE session_id = ?1 AND device_id = ?2")
                .setParameter(1, sessionId).setParameter(2, PairedDevice.subjectOf(deviceId)).getResultList());
        return found.isEmpty() ? null : SqlValues.instant(found.get(0));
    }

    /** Until a whole sweep of the timed checks has run since now (one may be half done). */
    private void awaitSweepFromNow() {
        long done = timedEvaluation.sweepsDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> timedEvaluation.sweepsDone() >= done + 2);
    }

    private void awaitReceived(String sessionId, String deviceId, Instant at) {
        await().atMost(Duration.ofSeconds(10)).until(() -> at.equals(lastReceived(sessionId, deviceId)));
    }

    private Long pairedDevices(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM device_stream WHERE session_id = ?1 AND paired_at IS NOT NULL")
                .setParameter(1, sessionId).getSingleResult()).longValue());
    }

    /** A session under monitoring ten minutes after the dose, with a 5 s oximeter that has just sent a reading. */
    private String monitoredOximeterThatJustSent(String session) {
        Instant start = SettableClock.now();
        String oximeter = "oxi-" + UUID.randomUUID();
        announce(session, "DEVICE_PAIRED", start.minus(Duration.ofMinutes(10)), start.minusSeconds(2), oximeter,
                new PairedDevice(oximeter, "patient-device", DeviceKinds.PULSE_OXIMETER, 5, "Acme", "O2", "1.0"));
        announce(session, "MONITORING", start.minus(Duration.ofMinutes(10)), start.minusSeconds(1), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> pairedDevices(session) == 1);
        awaitReceived(session, oximeter, reading(session, oximeter, DeviceKinds.PULSE_OXIMETER, start));
        return oximeter;
    }

    @Test
    void shouldRaiseDeviceSilentForTheOximeterAloneWhenItStopsAndJudgeASkewedClockOnReceiveTimes() {
        Instant start = SettableClock.now();
        Instant dosedAt = start.minus(Duration.ofMinutes(10));
        String session = "two-devices-" + UUID.randomUUID();
        String oximeter = "oxi-" + UUID.randomUUID();
        String cuff = "cuff-" + UUID.randomUUID();
        String sitterPhone = "phone-" + UUID.randomUUID();
        announce(session, "DEVICE_PAIRED", dosedAt, start.minusSeconds(3), oximeter,
                new PairedDevice(oximeter, "patient-device", DeviceKinds.PULSE_OXIMETER, 5, "Acme", "O2", "1.0"));
        announce(session, "MONITORING", dosedAt, start.minusSeconds(2), null, null);
        announce(session, "DEVICE_PAIRED", dosedAt, start.minusSeconds(1), cuff,
                new PairedDevice(cuff, "patient-device", DeviceKinds.BP_CUFF, null, "Acme", "BP7", "2.1"));
        announce(session, "DEVICE_PAIRED", dosedAt, start.minusMillis(500), sitterPhone,
                new PairedDevice(sitterPhone, "sitter", DeviceKinds.SITTER_PHONE, null, null, null, null));

        // Its clock an hour behind; paired by an event from before pairing described devices: a combined monitor.
        String skewed = "skewed-" + UUID.randomUUID();
        String monitor = "monitor-" + UUID.randomUUID();
        announce(skewed, "DEVICE_PAIRED", dosedAt, start.minusSeconds(3), monitor, null);
        announce(skewed, "MONITORING", dosedAt, start.minusSeconds(2), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> pairedDevices(session) == 3 && pairedDevices(skewed) == 1);

        // Six minutes of the service's clock: the oximeter every 5 s, the cuff every 5 minutes, the monitor every minute.
        for (int step = 0; step <= 72; step++) {
            Instant now = SettableClock.now();
            Instant received = reading(session, oximeter, DeviceKinds.PULSE_OXIMETER, now.minusSeconds(2));
            if (step % 60 == 0) {
                reading(session, cuff, DeviceKinds.BP_CUFF, now.minusSeconds(30));
            }
            if (step % 12 == 0) {
                awaitReceived(skewed, monitor, reading(skewed, monitor, DeviceKinds.MONITOR, now.minus(Duration.ofHours(1))));
            }
            awaitReceived(session, oximeter, received);
            SettableClock.advance(Duration.ofSeconds(5));
        }
        awaitReceived(session, oximeter, reading(session, oximeter, DeviceKinds.PULSE_OXIMETER, SettableClock.now()));
        awaitSweepFromNow();
        assertThat(rules(session)).as("every device kept its cadence").isEmpty();
        assertThat(rules(skewed)).as("a device clock an hour behind is not silence").isEmpty();

        // The oximeter stops; the cuff's next reading is not due for minutes.
        SettableClock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(15)).until(() -> rules(session).contains("device-silent-" + PairedDevice.subjectOf(oximeter)));
        SettableClock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).until(() -> "CRITICAL".equals(admin().queryParam("sessionId", session)
                .queryParam("rule", "device-silent-" + PairedDevice.subjectOf(oximeter)).get("/alerts").then().extract().path("[0].severity")));
        admin().queryParam("sessionId", session).queryParam("rule", "device-silent-" + PairedDevice.subjectOf(oximeter)).get("/alerts").then()
                .body("[0].summary", org.hamcrest.Matchers.startsWith("No reading from the pulse oximeter (" + PairedDevice.subjectOf(oximeter) + ")"));
        assertThat(rules(session)).as("the oximeter alone").containsExactly("device-silent-" + PairedDevice.subjectOf(oximeter));
        assertThat(rules(skewed)).isEmpty();

        // Back: the alert stays for a person to resolve, marked as cleared.
        awaitReceived(session, oximeter, reading(session, oximeter, DeviceKinds.PULSE_OXIMETER, SettableClock.now()));
        await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("sessionId", session)
                .queryParam("rule", "device-silent-" + PairedDevice.subjectOf(oximeter)).get("/alerts").then().extract().path("[0].clearedAt") != null);
    }

    @Test
    void shouldStopJudgingARevokedDevice() {
        Instant start = SettableClock.now();
        Instant dosedAt = start.minus(Duration.ofMinutes(10));
        String session = "revoked-" + UUID.randomUUID();
        String oximeter = "oxi-" + UUID.randomUUID();
        String cuff = "cuff-" + UUID.randomUUID();
        announce(session, "DEVICE_PAIRED", dosedAt, start.minusSeconds(4), oximeter,
                new PairedDevice(oximeter, "patient-device", DeviceKinds.PULSE_OXIMETER, null, null, null, null));
        announce(session, "MONITORING", dosedAt, start.minusSeconds(3), null, null);
        announce(session, "DEVICE_PAIRED", dosedAt, start.minusSeconds(2), cuff,
                new PairedDevice(cuff, "patient-device", DeviceKinds.BP_CUFF, null, null, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> pairedDevices(session) == 2);
        awaitReceived(session, cuff, reading(session, cuff, DeviceKinds.BP_CUFF, start));
        announce(session, "DEVICE_REVOKED", dosedAt, start.minusSeconds(1), oximeter, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT revoked_at FROM device_stream WHERE session_id = ?1 AND device_id = ?2")
                .setParameter(1, session).setParameter(2, PairedDevice.subjectOf(oximeter)).getResultList().stream()
                .anyMatch(at -> at != null)));

        awaitSweepFromNow();
        assertThat(rules(session)).as("the revoked oximeter's stream has ended; the cuff sent 6 s ago").isEmpty();
    }

    @Test
    void shouldNotTakeReadingsStillWaitingOnTheTopicForSilence() {
        String session = "backlog-" + UUID.randomUUID();
        String oximeter = monitoredOximeterThatJustSent(session);

        // The evaluation takes a poll whose newest record reached the broker a minute ago: it is that far behind.
        SettableClock.advance(Duration.ofSeconds(2));
        lag.evaluated(lag.polled(List.of(new ConsumerRecord<>(Topics.VITALS_OBSERVATIONS, 0, 0L, System.currentTimeMillis() - 60_000,
                TimestampType.CREATE_TIME, 0, 0, session, "{}", new RecordHeaders(), Optional.empty()))));
        assertThat(QuarkusTransaction.requiringNew().call(() -> lag.worst(SettableClock.now())))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(59));

        // 22 s without a reading from a 5 s oximeter on the service's clock, but the evaluation has not seen that far.
        SettableClock.advance(Duration.ofSeconds(20));
        awaitSweepFromNow();
        assertThat(rules(session)).as("a sweep has looked since").isEmpty();

        // No report for a minute (the consumer idle, or its replica gone): silence is judged on the clock again.
        SettableClock.advance(EvaluationLag.REPORT_VALID.plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> rules(session).contains("device-silent-" + PairedDevice.subjectOf(oximeter)));
    }

    @Test
    void shouldNotTakeAPollStillBeingEvaluatedForSilence() {
        String session = "slow-poll-" + UUID.randomUUID();
        String oximeter = monitoredOximeterThatJustSent(session);

        // A fresh poll is taken and its evaluation goes on: after a second the replica says since when.
        EvaluationLag.Poll slow = lag.polled(List.of(new ConsumerRecord<>(Topics.VITALS_OBSERVATIONS, 0, 0L,
                System.currentTimeMillis(), TimestampType.CREATE_TIME, 0, 0, session, "{}", new RecordHeaders(), Optional.empty())));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> QuarkusTransaction.requiringNew().call(() -> entityManager
                    .createNativeQuery("SELECT count(*) FROM evaluation_lag WHERE evaluating_since IS NOT NULL")
                    .getSingleResult()).equals(1L));
            // 20 s pass on the service's clock while that poll is evaluated: nothing since its start has been seen.
            SettableClock.advance(Duration.ofSeconds(20));
            assertThat(QuarkusTransaction.requiringNew().call(() -> lag.worst(SettableClock.now())))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
            assertThat(lag.behind()).as("the heartbeat's lag counts the evaluation's time").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            awaitSweepFromNow();
            assertThat(rules(session)).as("the poll taken 20 s ago is still being evaluated").isEmpty();
        } finally {
            lag.evaluated(slow);
        }

        // The poll is done and nothing more came: the oximeter is silent.
        assertThat(QuarkusTransaction.requiringNew().call(() -> lag.worst(SettableClock.now()))).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).until(() -> rules(session).contains("device-silent-" + PairedDevice.subjectOf(oximeter)));
    }
}
