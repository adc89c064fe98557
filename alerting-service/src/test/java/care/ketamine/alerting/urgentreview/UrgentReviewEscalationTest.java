package care.ketamine.alerting.urgentreview;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.intake.UrgentReviewOpened;
import care.ketamine.contracts.intake.UrgentReviewTaken;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Intake's urgent reviews on the service's clock, moved forward by the test: one nobody takes by its
 * deadline raises urgent-review-overdue, paged to on-call and escalated by the severity's policy like
 * any alert; one taken in time raises nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UrgentReviewEscalationTest {

    @AfterEach
    void realTimeAgain() {
        SettableClock.reset();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static String id(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Puts staff on call for both tiers for two days from now (the latest-starting override wins). */
    private static Map<Integer, String> onCall() {
        Map<Integer, String> staff = Map.of(1, id("nurse"), 2, id("doctor"));
        Instant now = SettableClock.now();
        staff.forEach((tier, person) -> admin()
                .body("{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                        .formatted(tier, person, now.minusSeconds(1), now.plus(Duration.ofDays(2))))
                .post("/oncall/overrides").then().statusCode(201));
        return staff;
    }

    private static void opened(String taskId, String patientId, String urgency, Instant dueAt) {
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId, EventJson.write(EventEnvelope.wrap(UrgentReviewOpened.TYPE, patientId,
                new UrgentReviewOpened(taskId, patientId, urgency, SettableClock.now(), dueAt), Clock.systemUTC())));
    }

    private static void taken(String taskId, String patientId, String by, Instant at) {
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId, EventJson.write(EventEnvelope.wrap(UrgentReviewTaken.TYPE, patientId,
                new UrgentReviewTaken(taskId, patientId, by, at), Clock.systemUTC())));
    }

    private static WatchedUrgentReview watched(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> WatchedUrgentReview.findById(taskId));
    }

    /** The ids of the task's overdue alerts in any status. */
    private static List<String> alertsOf(String taskId) {
        String subject = "urgent-review-" + taskId;
        return List.of("open", "acknowledged", "resolved").stream()
                .flatMap(status -> admin().queryParam("status", status).queryParam("sessionId", subject).get("/alerts")
                        .then().statusCode(200).extract().<List<String>>path("id").stream())
                .toList();
    }

    private static String awaitAlert(String taskId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> alertsOf(taskId), ids -> ids.size() == 1).get(0);
    }

    private static List<Map<String, Object>> notifications(String alertId) {
        return admin().get("/alerts/{id}/notifications", alertId).then().statusCode(200).extract().path("");
    }

    private static boolean notified(String alertId, String person, String kind) {
        return notifications(alertId).stream().anyMatch(n -> person.equals(n.get("recipient")) && kind.equals(n.get("kind")));
    }

    @Test
    void shouldPageOnCallWhenAnAcuteReviewIsNotTakenWithinTheHourAndEscalateItLikeAnyAlert() {
        Map<Integer, String> staff = onCall();
        String patientId = UUID.randomUUID().toString();
        String acute = id("acute");
        String earlier = id("earlier");
        Instant now = SettableClock.now();
        opened(acute, patientId, UrgentReviewOpened.ACUTE, now.plus(Duration.ofHours(1)));
        opened(earlier, patientId, UrgentReviewOpened.PROMPT, now.plus(Duration.ofMinutes(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> watched(acute) != null && watched(earlier) != null);

        SettableClock.advance(Duration.ofMinutes(59));
        awaitAlert(earlier); // the sweep has looked since the clock moved...
        assertThat(alertsOf(acute)).as("...and an hour has not passed for the acute one").isEmpty();

        SettableClock.advance(Duration.ofMinutes(2));
        String alertId = awaitAlert(acute);
        admin().get("/alerts/{id}", alertId).then().statusCode(200)
                .body("rule", equalTo("urgent-review-overdue")).body("severity", equalTo("CRITICAL"))
                .body("status", equalTo("OPEN")).body("summary", containsString("Acute suicide risk"));
        await().atMost(Duration.ofSeconds(10)).until(() -> notified(alertId, staff.get(1), "PAGE"));
        AlertSnapshot raised = EventJson.read(TopicProbe.awaitRecords(Topics.ALERTS_EVENTS,
                r -> r.value().contains(alertId) && r.value().contains(AlertSnapshot.RAISED.name()), Duration.ofSeconds(10))
                .get(0).value(), AlertSnapshot.RAISED).payload();
        assertThat(raised.sessionId()).isEqualTo("urgent-review-" + acute);
        assertThat(raised.patientId()).isEqualTo(patientId);

        SettableClock.advance(Duration.ofMinutes(2).plusSeconds(1)); // the critical policy's tier 1 step
        await().atMost(Duration.ofSeconds(10)).until(() -> notified(alertId, staff.get(1), "ESCALATION"));
        SettableClock.advance(Duration.ofMinutes(3)); // tier 2, 5 minutes after it was raised
        await().atMost(Duration.ofSeconds(10)).until(() -> notified(alertId, staff.get(2), "ESCALATION"));
        admin().get("/alerts/{id}", alertId).then().body("escalationStep", equalTo(2));

        taken(acute, patientId, "dr-late", SettableClock.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/alerts/{id}", alertId).then().extract()
                .<String>path("latestValue").startsWith("taken by dr-late"));
        admin().get("/alerts/{id}", alertId).then().body("status", equalTo("OPEN"));
        assertThat(alertsOf(acute)).as("raised once").hasSize(1);
    }

    @Test
    void shouldRaiseNothingForAReviewTakenBeforeItsDeadline() {
        onCall();
        String patientId = UUID.randomUUID().toString();
        String inTime = id("in-time");
        String untaken = id("untaken");
        Instant now = SettableClock.now();
        opened(inTime, patientId, UrgentReviewOpened.PROMPT, now.plus(Duration.ofHours(24)));
        opened(untaken, patientId, UrgentReviewOpened.PROMPT, now.plus(Duration.ofHours(24)));
        taken(inTime, patientId, "dr-prompt", now.plus(Duration.ofHours(3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> watched(inTime) != null && watched(inTime).takenAt != null
                && watched(untaken) != null);

        SettableClock.advance(Duration.ofHours(25));
        String alertId = awaitAlert(untaken); // the sweep has looked at both since the deadline passed
        admin().get("/alerts/{id}", alertId).then().body("severity", equalTo("WARNING"));
        assertThat(alertsOf(inTime)).isEmpty();
        assertThat(watched(inTime).alertedAt).isNull();
    }

    @Test
    void shouldParkAnUnreadableUrgentReviewAndKeepConsuming() {
        String broken = id("broken");
        TopicProbe.send(Topics.INTAKE_PATIENTS, broken, "{\"type\": \"urgent-review.opened\", \"task\": \"" + broken + "\"}");
        String next = id("next");
        opened(next, UUID.randomUUID().toString(), UrgentReviewOpened.ACUTE, SettableClock.now().plus(Duration.ofHours(1)));

        await().atMost(Duration.ofSeconds(10)).until(() -> watched(next) != null);
        assertThat(TopicProbe.awaitRecords(Topics.deadLetter(Topics.INTAKE_PATIENTS),
                r -> r.value().contains(broken), Duration.ofSeconds(10))).hasSize(1);
    }
}
