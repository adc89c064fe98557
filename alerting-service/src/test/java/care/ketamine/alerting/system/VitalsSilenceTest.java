package care.ketamine.alerting.system;

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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readings stopping for every monitored session raise the system alert vitals-silent and the device-silent alerts
 * it causes are raised but not paged; one session's oximeter stopping is that session's device-silent alert, paged as
 * usual. On the service's clock moved forward by the test.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(VitalsSilenceTest.Watching.class)
class VitalsSilenceTest {

    /** The rule looks at every session: on only here, where the test knows every session under monitoring. */
    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alerting.vitals-silence.enabled", "true");
        }
    }

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void onlyThisTestsSessionsUnderMonitoring() {
        SettableClock.reset();
        // Sessions other test classes left under monitoring share this database; they are not this test's.
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("UPDATE session_watch SET state = 'COMPLETED' WHERE state IN ('DOSED', 'MONITORING', "
                    + "'ENDED_EARLY')").executeUpdate();
            entityManager.createNativeQuery("UPDATE alert SET status = 'RESOLVED', resolved_at = now(), resolved_by = 'test', "
                    + "resolution = 'test' WHERE session_id = 'system' AND status <> 'RESOLVED'").executeUpdate();
        });
    }

    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    /**
     * A monitored session with a pulse oximeter sending every 5 s; the oximeter's id. The session reaches alerting
     * with its oximeter (one event), then moves to monitoring: seen dosed ten minutes ago with no device known, it
     * would rightly raise and page its own session-wide device-silent alert, CRITICAL at once.
     */
    private String monitoredWithOximeter(String sessionId) {
        Instant now = SettableClock.now();
        Instant dosedAt = now.minus(Duration.ofMinutes(10));
        String oximeter = "oxi-" + UUID.randomUUID();
        announce(sessionId, "DEVICE_PAIRED", "DOSED", dosedAt, now.minusSeconds(2), oximeter,
                new PairedDevice(oximeter, "patient-device", DeviceKinds.PULSE_OXIMETER, 5, "Acme", "O2", "1.0"));
        announce(sessionId, "MONITORING", "MONITORING", dosedAt, now.minusSeconds(1), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM session_watch s JOIN device_stream d ON d.session_id = s.session_id "
                        + "WHERE s.session_id = ?1 AND s.state = 'MONITORING' AND d.paired_at IS NOT NULL")
                .setParameter(1, sessionId).getSingleResult()).longValue()) == 1);
        return oximeter;
    }

    private static void announce(String sessionId, String change, String state, Instant dosedAt, Instant at, String deviceId,
                                 PairedDevice device) {
        SessionChanged event = new SessionChanged(sessionId, "patient-1", "dr-1", "DOSING", change, "DOSED", state,
                "dr-1", "test", at, dosedAt.minusSeconds(600), dosedAt.plusSeconds(9000), dosedAt, null, 124, 80, 126, 82, 15,
                120, null, null, deviceId, device, null);
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId,
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, sessionId, event, Clock.systemUTC())));
    }

    /** Each session's oximeter sends now (the service's clock), awaited until alerting has seen every one. */
    private void readings(Map<String, String> oximeterBySession) {
        readings(oximeterBySession, SettableClock.now());
    }

    /**
     * Five seconds pass on the service's clock and these oximeters send at that moment. Their readings are in
     * before the clock moves: a sweep in between would otherwise find every session quiet at once.
     */
    private void fiveSecondsPassSendingFrom(Map<String, String> oximeterBySession) {
        readings(oximeterBySession, SettableClock.now().plusSeconds(5));
        SettableClock.advance(Duration.ofSeconds(5));
    }

    private void readings(Map<String, String> oximeterBySession, Instant at) {
        Instant received = at.truncatedTo(ChronoUnit.MILLIS);
        oximeterBySession.forEach((sessionId, oximeter) -> {
            ReadingRecorded r = new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, PairedDevice.subjectOf(oximeter), null,
                    null, 72, 97, received.minusSeconds(1), received, DeviceKinds.PULSE_OXIMETER, null, null, Set.of(), null, null,
                    received.minusSeconds(1));
            TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId,
                    EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId, r, Clock.systemUTC())));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> oximeterBySession.entrySet().stream().allMatch(e ->
                received.equals(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                                "SELECT last_received_at FROM device_stream WHERE session_id = ?1 AND device_id = ?2")
                        .setParameter(1, e.getKey()).setParameter(2, PairedDevice.subjectOf(e.getValue())).getResultList())
                        .stream().filter(java.util.Objects::nonNull).findFirst().map(SqlValues::instant).orElse(null))));
    }

    private static List<Map<String, Object>> alerts(String sessionId) {
        return admin().queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200).extract().path("$");
    }

    private long notifications(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM notification WHERE session_id = ?1").setParameter(1, sessionId).getSingleResult()).longValue());
    }

    @Test
    void shouldPageOneSessionsSilenceAsUsualWhileTheOthersStillSend() {
        String a = "one-quiet-a-" + UUID.randomUUID(), b = "one-quiet-b-" + UUID.randomUUID();
        Map<String, String> oximeters = Map.of(a, monitoredWithOximeter(a), b, monitoredWithOximeter(b));
        readings(oximeters);
        for (int step = 0; step < 3; step++) {
            fiveSecondsPassSendingFrom(Map.of(a, oximeters.get(a)));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> !alerts(b).isEmpty());
        assertThat(alerts(b)).extracting(x -> x.get("rule")).containsExactly("device-silent-" + PairedDevice.subjectOf(oximeters.get(b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications(b) > 0);
        assertThat(alerts(SystemAlerts.SESSION_ID)).as("one patient's device, not the pipeline").isEmpty();
    }

    @Test
    void shouldCountASessionEndedEarlyThatStillSendsAndPageTheOthersSilence() {
        String a = "early-quiet-a-" + UUID.randomUUID(), b = "early-quiet-b-" + UUID.randomUUID();
        String early = "early-sending-" + UUID.randomUUID();
        Map<String, String> oximeters = Map.of(a, monitoredWithOximeter(a), b, monitoredWithOximeter(b),
                early, monitoredWithOximeter(early));
        // Aborted after the dose: still watched for silence, and its oximeter goes on sending.
        Instant now = SettableClock.now();
        announce(early, "ENDED_EARLY", "ENDED_EARLY", now.minus(Duration.ofMinutes(10)), now, null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ENDED_EARLY".equals(QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("SELECT state FROM session_watch WHERE session_id = ?1")
                        .setParameter(1, early).getSingleResult())));
        readings(oximeters);
        for (int step = 0; step < 3; step++) {
            fiveSecondsPassSendingFrom(Map.of(early, oximeters.get(early)));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> !alerts(a).isEmpty() && !alerts(b).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications(a) > 0 && notifications(b) > 0);
        assertThat(alerts(SystemAlerts.SESSION_ID)).as("readings still flow, from the session ended early").isEmpty();
    }

    @Test
    void shouldRaiseVitalsSilentAndNotPageTheDeviceSilenceItCausesThenClearWhenReadingsFlowAgain() {
        String a = "all-quiet-a-" + UUID.randomUUID(), b = "all-quiet-b-" + UUID.randomUUID(), c = "all-quiet-c-" + UUID.randomUUID();
        Map<String, String> oximeters = Map.of(a, monitoredWithOximeter(a), b, monitoredWithOximeter(b), c, monitoredWithOximeter(c));
        readings(oximeters);

        SettableClock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(15)).until(() -> !alerts(SystemAlerts.SESSION_ID).isEmpty()
                && oximeters.keySet().stream().allMatch(s -> !alerts(s).isEmpty()));
        Map<String, Object> silent = alerts(SystemAlerts.SESSION_ID).get(0);
        assertThat(silent).containsEntry("rule", SystemAlerts.VITALS_SILENT).containsEntry("severity", "CRITICAL");
        assertThat((String) silent.get("summary")).startsWith("No reading from any of the 3 monitored sessions");

        // Worse on the next sweeps (critical at three intervals): still raised, still not paged.
        SettableClock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).until(() -> oximeters.keySet().stream()
                .allMatch(s -> "CRITICAL".equals(alerts(s).get(0).get("severity"))));
        for (String session : oximeters.keySet()) {
            assertThat(notifications(session)).as("grouped under vitals-silent: " + session).isZero();
        }

        readings(oximeters);
        await().atMost(Duration.ofSeconds(15)).until(() -> alerts(SystemAlerts.SESSION_ID).get(0).get("clearedAt") != null);
    }

    @Test
    void shouldKeepTheDeviceSilenceGroupedWhenVitalsSilentIsResolvedByHandWhileTheSilenceGoesOn() {
        String a = "resolved-quiet-a-" + UUID.randomUUID(), b = "resolved-quiet-b-" + UUID.randomUUID();
        Map<String, String> oximeters = Map.of(a, monitoredWithOximeter(a), b, monitoredWithOximeter(b));
        readings(oximeters);
        SettableClock.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(15)).until(() -> !alerts(SystemAlerts.SESSION_ID).isEmpty()
                && oximeters.keySet().stream().allMatch(s -> !alerts(s).isEmpty()));
        String silentId = (String) alerts(SystemAlerts.SESSION_ID).get(0).get("id");

        admin().body(Map.of("comment", "broker restarted, watching")).post("/alerts/" + silentId + "/resolve")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("RESOLVED"));

        // Critical, then past the device-silent alerts' next escalation step (tier 1 after 2 minutes), the silence still on.
        SettableClock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).until(() -> oximeters.keySet().stream()
                .allMatch(s -> "CRITICAL".equals(alerts(s).get(0).get("severity"))));
        SettableClock.advance(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(20)).until(() -> oximeters.keySet().stream().allMatch(s -> firedSteps(s) >= 1));
        for (String session : oximeters.keySet()) {
            assertThat(notifications(session)).as("still grouped under the resolved vitals-silent: " + session).isZero();
        }
        assertThat(alerts(SystemAlerts.SESSION_ID)).as("the silence it reported is not raised again")
                .extracting(x -> x.get("rule")).doesNotContain(SystemAlerts.VITALS_SILENT);

        // The readings come back: the resolved alert is marked cleared, so the grouping ends with the silence.
        readings(oximeters);
        await().atMost(Duration.ofSeconds(15)).until(() -> clearedAt(silentId) != null);
        // Sending again before the new session joins: a session that never sent is not judged, so a slow start
        // of it would otherwise leave these two alone and quiet long enough to be a new silence of every session.
        readings(oximeters);
        String later = "resolved-quiet-later-" + UUID.randomUUID();
        Map<String, String> afterwards = Map.of(a, oximeters.get(a), b, oximeters.get(b), later, monitoredWithOximeter(later));
        readings(afterwards);
        for (int step = 0; step < 3; step++) {
            fiveSecondsPassSendingFrom(Map.of(a, oximeters.get(a), b, oximeters.get(b)));
        }
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> notifications(later) > 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the later session's silence was not paged; " + whatAlertingSaw(later), e);
        }
    }

    /** Alerting's state for a failure message: the session's alerts and pages, vitals-silent, the evaluation's lag. */
    private String whatAlertingSaw(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> "clock " + SettableClock.now()
                + "\nalerts " + rows("SELECT rule, severity, status, opened_at, cleared_at, clinician_id FROM alert WHERE session_id = ?1", sessionId)
                + "\nnotifications " + rows("SELECT kind, channel, recipient, status FROM notification WHERE session_id = ?1", sessionId)
                + "\nsystem " + rows("SELECT id, rule, status, opened_at, cleared_at, resolved_at FROM alert WHERE session_id = ?1", SystemAlerts.SESSION_ID)
                + "\ndevices " + rows("SELECT session_id, device_id, paired_at, last_received_at FROM device_stream WHERE session_id IN (SELECT session_id FROM session_watch WHERE state IN ('DOSED', 'MONITORING')) AND ?1 IS NOT NULL", sessionId)
                + "\nlag " + rows("SELECT behind_ms, reported_at, evaluating_since FROM evaluation_lag WHERE ?1 IS NOT NULL", sessionId));
    }

    @SuppressWarnings("unchecked")
    private String rows(String sql, String parameter) {
        List<Object> found = entityManager.createNativeQuery(sql).setParameter(1, parameter).getResultList();
        return found.stream().map(r -> r instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(r))
                .collect(java.util.stream.Collectors.joining("\n  ", "\n  ", ""));
    }

    /** The escalation steps that fired for the session's alerts. */
    private long firedSteps(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery("""
                        SELECT count(*) FROM escalation_timer t JOIN alert a ON a.id = t.alert_id
                        WHERE a.session_id = ?1 AND t.fired_at IS NOT NULL""")
                .setParameter(1, sessionId).getSingleResult()).longValue());
    }

    private Instant clearedAt(String alertId) {
        List<?> found = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT cleared_at FROM alert WHERE id = ?1").setParameter(1, UUID.fromString(alertId)).getResultList());
        return found.stream().filter(java.util.Objects::nonNull).findFirst().map(SqlValues::instant).orElse(null);
    }
}
