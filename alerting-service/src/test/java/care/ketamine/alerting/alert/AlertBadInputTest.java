package care.ketamine.alerting.alert;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.alerting.session.WatchedSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Bad input on every endpoint gets a 4xx problem+json; a poison record on each topic goes to its DLQ. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertBadInputTest {

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON);
    }

    record Call(String name, Supplier<RequestSpecification> caller, String method, String path, String body, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Call> calls() {
        String unknown = UUID.randomUUID().toString();
        String policy = "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\"}]";
        String rotation = """
                {"id": "r-%s", "tier": 1, "members": ["ana"], "lengthDays": 7, "handoff": "08:00",
                 "timezone": "America/Los_Angeles", "startsOn": "2026-11-02"}""".formatted(UUID.randomUUID());
        return List.of(
                new Call("list without a token", () -> given(), "GET", "/alerts", null, 401),
                new Call("list as a device", () -> given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, "s-1")),
                        "GET", "/alerts", null, 401), // its token is for vitals only
                new Call("list with a device role for alerting", () -> given().auth().oauth2(DevTokens.forAudiences("device-x",
                        Roles.PATIENT_DEVICE, "s-1", java.util.List.of("alerting-service"))), "GET", "/alerts", null, 403),
                new Call("list as intake", () -> as(Roles.INTAKE), "GET", "/alerts", null, 403),
                new Call("an unknown status", () -> as(Roles.ADMIN), "GET", "/alerts?status=closed", null, 400),
                new Call("an unknown severity", () -> as(Roles.ADMIN), "GET", "/alerts?severity=dire", null, 400),
                new Call("an unknown alert", () -> as(Roles.ADMIN), "GET", "/alerts/" + unknown, null, 404),
                new Call("an alert id that is not one", () -> as(Roles.ADMIN), "GET", "/alerts/not-an-id", null, 404),
                new Call("the log of an unknown alert", () -> as(Roles.ADMIN), "GET", "/alerts/" + unknown + "/notifications", null, 404),
                new Call("acknowledge an unknown alert", () -> as(Roles.ON_CALL), "POST", "/alerts/" + unknown + "/acknowledge", "{}", 404),
                new Call("acknowledge with malformed JSON", () -> as(Roles.ON_CALL), "POST", "/alerts/" + unknown + "/acknowledge",
                        "{\"comment\": ", 400),
                new Call("acknowledge with a number for a comment", () -> as(Roles.ON_CALL), "POST",
                        "/alerts/" + unknown + "/acknowledge", "{\"comment\": 5}", 400),
                new Call("acknowledge without a token", () -> given().contentType(ContentType.JSON), "POST",
                        "/alerts/" + unknown + "/acknowledge", "{}", 401),
                new Call("resolve as a sitter", () -> given().auth().oauth2(DevTokens.forSession(Roles.SITTER, "s-1"))
                        .contentType(ContentType.JSON), "POST", "/alerts/" + unknown + "/resolve", "{\"comment\": \"x\"}", 401),
                new Call("an unknown field", () -> as(Roles.ON_CALL), "POST", "/alerts/" + unknown + "/resolve",
                        "{\"comment\": \"x\", \"force\": true}", 400),
                new Call("a policy from a clinician", () -> as(Roles.CLINICIAN), "PUT", "/escalation-policies/critical", policy, 403),
                new Call("a policy of an unknown severity", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/dire", policy, 400),
                new Call("a policy without steps", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning", "[]", 400),
                new Call("a policy whose step 0 waits", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 60, \"target\": \"CLINICIAN\"}]", 400),
                new Call("a policy with an unknown target", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"EVERYONE\"}]", 400),
                new Call("a policy with steps out of order", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning", """
                        [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                         {"number": 1, "afterSeconds": 300, "target": "ON_CALL_TIER_1"},
                         {"number": 2, "afterSeconds": 60, "target": "ON_CALL_TIER_2"}]""", 400),
                new Call("a delivery plan naming an unknown channel", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"delivery\": "
                                + "[{\"channel\": \"pigeon\", \"afterSeconds\": 0}]}]", 400),
                new Call("a delivery plan with nothing at once", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"delivery\": "
                                + "[{\"channel\": \"sms\", \"afterSeconds\": 60}]}]", 400),
                new Call("a delivery plan naming a channel twice", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"delivery\": "
                                + "[{\"channel\": \"sse\", \"afterSeconds\": 0}, {\"channel\": \"sse\", \"afterSeconds\": 60}]}]", 400),
                new Call("a delivery plan waiting an hour", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"delivery\": "
                                + "[{\"channel\": \"sse\", \"afterSeconds\": 0}, {\"channel\": \"sms\", \"afterSeconds\": 3600}]}]", 400),
                new Call("an empty delivery plan", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"delivery\": []}]", 400),
                new Call("a delivery plan channel without its wait", () -> as(Roles.ADMIN), "PUT", "/escalation-policies/warning",
                        "[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"delivery\": [{\"channel\": \"sse\"}]}]", 400),
                new Call("a receipt for an unknown notification", () -> as(Roles.CLINICIAN), "POST",
                        "/notifications/" + unknown + "/received", null, 404),
                new Call("a receipt for a notification id that is not one", () -> as(Roles.CLINICIAN), "POST",
                        "/notifications/not-an-id/received", null, 404),
                new Call("a receipt without a token", () -> given(), "POST", "/notifications/" + unknown + "/received", null, 401),
                new Call("a receipt from a sitter", () -> given().auth().oauth2(DevTokens.forSession(Roles.SITTER, "s-1")),
                        "POST", "/notifications/" + unknown + "/received", null, 401),
                new Call("a receipt from intake", () -> as(Roles.INTAKE), "POST", "/notifications/" + unknown + "/received", null, 403),
                new Call("on call now without a token", () -> given(), "GET", "/oncall/now", null, 401),
                new Call("a rotation from on-call staff", () -> as(Roles.ON_CALL), "POST", "/oncall/rotations", rotation, 403),
                new Call("a rotation in tier 3", () -> as(Roles.ADMIN), "POST", "/oncall/rotations",
                        rotation.replace("\"tier\": 1", "\"tier\": 3"), 400),
                new Call("a rotation in an unknown timezone", () -> as(Roles.ADMIN), "POST", "/oncall/rotations",
                        rotation.replace("America/Los_Angeles", "Mars/Olympus"), 400),
                new Call("a rotation without members", () -> as(Roles.ADMIN), "POST", "/oncall/rotations",
                        rotation.replace("[\"ana\"]", "[]"), 400),
                new Call("a rotation handing off at 25:00", () -> as(Roles.ADMIN), "POST", "/oncall/rotations",
                        rotation.replace("08:00", "25:00"), 400),
                new Call("an override ending before it starts", () -> as(Roles.ADMIN), "POST", "/oncall/overrides",
                        "{\"tier\": 1, \"staffId\": \"dee\", \"from\": \"2026-11-27T00:00:00Z\", \"to\": \"2026-11-26T00:00:00Z\", \"reason\": \"x\"}", 400),
                new Call("an override without a reason", () -> as(Roles.ADMIN), "POST", "/oncall/overrides",
                        "{\"tier\": 1, \"staffId\": \"dee\", \"from\": \"2026-11-26T00:00:00Z\", \"to\": \"2026-11-27T00:00:00Z\"}", 400),
                new Call("removing an unknown override", () -> as(Roles.ADMIN), "DELETE", "/oncall/overrides/" + unknown, null, 404),
                new Call("notifications as a device", () -> given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, "s-1")),
                        "GET", "/notifications/stream", null, 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void shouldRefuseWithAProblem(Call call) {
        RequestSpecification request = call.caller().get();
        if (call.body() != null) {
            request = request.body(call.body());
        }
        request.when().request(call.method(), call.path()).then().statusCode(call.status())
                .contentType(startsWith("application/problem+json")).body("status", equalTo(call.status()));
    }

    @Test
    void shouldParkAPoisonRecordOnEachTopicAndKeepConsuming() {
        String sessionId = "poison-" + UUID.randomUUID();
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId, "{\"not\": \"an event\", \"session\": \"" + sessionId + "\"}");
        TopicProbe.send(Topics.ALERTS_COMMANDS, sessionId, "[\"" + sessionId + "\"]");
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, "{\"type\": \"reading.recorded\", \"x\": \"" + sessionId + "\"}");
        // Good records behind them on the same partitions are still taken.
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now(), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        String unknownAlert = UUID.randomUUID().toString();
        TopicProbe.send(Topics.ALERTS_COMMANDS, sessionId, EventJson.write(EventEnvelope.wrap(AlertCommand.TYPE, sessionId,
                new AlertCommand(UUID.fromString(unknownAlert), "ACKNOWLEDGE", null,
                        DevTokens.forAlertCommand("dr-1", Roles.CLINICIAN, unknownAlert, "ACKNOWLEDGE")), Clock.systemUTC())));
        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-1", sessionId, "d-1", 199, 100, 80, 97, now, now), Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(Roles.ADMIN).queryParam("sessionId", sessionId).queryParam("rule", "bp-crisis")
                .get("/alerts").then().statusCode(200).body("size()", equalTo(1)).body("[0].clinicianId", equalTo("dr-1")));

        for (String topic : List.of(Topics.SESSIONS_LIFECYCLE, Topics.ALERTS_COMMANDS, Topics.VITALS_OBSERVATIONS)) {
            ConsumerRecord<String, String> parked = TopicProbe.awaitRecords(Topics.deadLetter(topic),
                    r -> r.value().contains(sessionId) && r.headers().lastHeader("dead-letter-reason") != null,
                    Duration.ofSeconds(10)).get(0);
            assertThat(new String(parked.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .as(topic).isNotBlank();
        }
        ManagementInterface.request().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("alerts_commands_total{action=\"ACKNOWLEDGE\",outcome=\"refused\"}"));
    }
}
