package care.ketamine.alerting.escalation;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Acknowledged alerts paged again, on the service's clock moved forward by the test: one that gets worse
 * is paged again at once to its acknowledger, opened for a new acknowledgement, and escalates afresh from
 * step 1; one left unresolved is paged again to its acknowledger after its limit (15 min critical), then
 * escalates one more limit later. The alerts here come from a silent pulse oximeter that declared a
 * 60 s cadence: a warning at 2 minutes of silence, critical at 3.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RepageTest {

    private static final String CLINICIAN = DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1));

    @Inject
    EscalationTimers timers;

    private String nurse;
    private String doctor;

    @BeforeEach
    void onCall() {
        SettableClock.reset();
        nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        doctor = "doctor-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = SettableClock.now();
        for (Object[] cover : new Object[][]{{1, nurse}, {2, doctor}}) {
            admin().body("{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                            .formatted(cover[0], cover[1], now.minusSeconds(1), now.plus(Duration.ofHours(2))))
                    .post("/oncall/overrides").then().statusCode(201);
        }
    }

    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    /** Waits for a round of the timers that started after now: the one under way may have read the clock before. */
    private void awaitTimerRoundsFromNow() {
        long done = timers.roundsDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> timers.roundsDone() >= done + 2);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static List<Map<String, Object>> notifications(String alertId) {
        return admin().get("/alerts/{id}/notifications", alertId).then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<Map<String, Object>> notifications(String alertId, String recipient) {
        return notifications(alertId).stream().filter(n -> recipient.equals(n.get("recipient"))).toList();
    }

    private static JsonPath alert(String alertId) {
        return admin().get("/alerts/{id}", alertId).then().statusCode(200).extract().jsonPath();
    }

    /** A monitored session whose pulse oximeter (declared cadence 60 s) is paired now and never sends. */
    private static String silentOximeter(String sessionId) {
        Instant now = SettableClock.now();
        Instant dosedAt = now.minus(Duration.ofMinutes(10));
        String oximeter = "oxi-" + UUID.randomUUID();
        for (SessionChanged change : List.of(
                changed(sessionId, "MONITORING", dosedAt, now.minusSeconds(1), null, null),
                changed(sessionId, "DEVICE_PAIRED", dosedAt, now, oximeter,
                        new PairedDevice(oximeter, "patient-device", DeviceKinds.PULSE_OXIMETER, 60, null, null, null)))) {
            TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId,
                    EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, sessionId, change, Clock.systemUTC())));
        }
        return "device-silent-" + PairedDevice.subjectOf(oximeter);
    }

    private static SessionChanged changed(String sessionId, String change, Instant dosedAt, Instant at, String deviceId,
                                          PairedDevice device) {
        return new SessionChanged(sessionId, "patient-1", "dr-1", "DOSING", change, "DOSED", "MONITORING", "dr-1", "test", at,
                dosedAt.minusSeconds(600), dosedAt.plusSeconds(9000), dosedAt, null, 124, 80, 126, 82, 15, 120, null, null,
                deviceId, device, null);
    }

    private static String awaitAlert(String sessionId, String rule, String severity) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("sessionId", sessionId)
                        .queryParam("rule", rule).queryParam("severity", severity).get("/alerts").then().extract()
                        .<List<String>>path("id"), ids -> ids.size() == 1).get(0);
    }

    private static void acknowledge(String alertId) {
        given().auth().oauth2(CLINICIAN).contentType(ContentType.JSON).body("{\"comment\": \"calling the patient\"}")
                .post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);
    }

    @Test
    void shouldPageAnAcknowledgedAlertThatGotWorseAgainAtOnceAndRestartItsEscalationFromStep1() {
        String session = "repage-worse-" + UUID.randomUUID();
        String rule = silentOximeter(session);
        SettableClock.advance(Duration.ofSeconds(121));
        String alertId = awaitAlert(session, rule, "WARNING");
        acknowledge(alertId);
        awaitTimerRoundsFromNow();
        assertThat(notifications(alertId)).extracting(n -> n.get("kind")).doesNotContain("REPAGE");

        SettableClock.advance(Duration.ofSeconds(60)); // 3 min 1 s of silence: critical
        await().atMost(Duration.ofSeconds(15)).until(() -> "CRITICAL".equals(alert(alertId).getString("severity")));
        JsonPath worse = alert(alertId);
        assertThat(worse.getString("status")).as("open for a new acknowledgement").isEqualTo("OPEN");
        assertThat(worse.getString("acknowledgedBy")).isNull();
        Map<String, Object> repage = await().atMost(Duration.ofSeconds(10)).until(() -> notifications(alertId, "dr-1").stream()
                .filter(n -> "REPAGE".equals(n.get("kind"))).findFirst().orElse(null), n -> n != null);
        assertThat((String) repage.get("reason"))
                .isEqualTo("Worse since it was acknowledged by dr-1: WARNING to CRITICAL; acknowledge it again");
        assertThat(repage.get("recipientRole")).isEqualTo(Roles.CLINICIAN);
        awaitTimerRoundsFromNow();
        assertThat(notifications(alertId, nurse)).as("step 1 comes 2 minutes after the re-page, not before").isEmpty();

        SettableClock.advance(Duration.ofSeconds(121));
        await().atMost(Duration.ofSeconds(10)).until(() -> !notifications(alertId, nurse).isEmpty());
        assertThat(notifications(alertId, nurse)).singleElement().satisfies(n -> {
            assertThat(n.get("kind")).isEqualTo("ESCALATION");
            assertThat(n.get("reason")).isEqualTo("not acknowledged");
        });
        admin().get("/alerts/{id}", alertId).then().body("escalationStep", equalTo(1));

        acknowledge(alertId); // acknowledged again: the escalation stops
        SettableClock.advance(Duration.ofMinutes(4));
        awaitTimerRoundsFromNow();
        assertThat(notifications(alertId, doctor)).isEmpty();
    }

    @Test
    void shouldPageTheAcknowledgerAgainWhenACriticalAlertIsNotResolvedIn15MinutesThenEscalate() {
        String session = "repage-unresolved-" + UUID.randomUUID();
        String rule = silentOximeter(session);
        SettableClock.advance(Duration.ofSeconds(181));
        String alertId = awaitAlert(session, rule, "CRITICAL");
        acknowledge(alertId);

        SettableClock.advance(Duration.ofMinutes(14));
        awaitTimerRoundsFromNow();
        assertThat(notifications(alertId)).extracting(n -> n.get("kind")).doesNotContain("REPAGE");

        SettableClock.advance(Duration.ofSeconds(61)); // 15 min 1 s after the acknowledgement
        Map<String, Object> repage = await().atMost(Duration.ofSeconds(10)).until(() -> notifications(alertId, "dr-1").stream()
                .filter(n -> "REPAGE".equals(n.get("kind"))).findFirst().orElse(null), n -> n != null);
        assertThat((String) repage.get("reason")).isEqualTo("Acknowledged by dr-1 15 min ago and still not resolved");
        assertThat(alert(alertId).getString("status")).as("still theirs").isEqualTo("ACKNOWLEDGED");
        assertThat(notifications(alertId, nurse)).isEmpty();

        SettableClock.advance(Duration.ofMinutes(14));
        awaitTimerRoundsFromNow();
        assertThat(notifications(alertId, nurse)).as("escalation comes one more limit after the re-page").isEmpty();

        SettableClock.advance(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> !notifications(alertId, nurse).isEmpty());
        assertThat(notifications(alertId, nurse)).singleElement().satisfies(n -> {
            assertThat(n.get("kind")).isEqualTo("ESCALATION");
            assertThat((String) n.get("reason")).isEqualTo("Acknowledged by dr-1 30 min ago and still not resolved");
        });
        SettableClock.advance(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> !notifications(alertId, doctor).isEmpty());

        given().auth().oauth2(CLINICIAN).contentType(ContentType.JSON).body("{\"comment\": \"oximeter replaced\"}")
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        int sent = notifications(alertId).size();
        SettableClock.advance(Duration.ofMinutes(20));
        awaitTimerRoundsFromNow();
        assertThat(notifications(alertId)).as("resolved: nothing more").hasSize(sent);
    }
}
