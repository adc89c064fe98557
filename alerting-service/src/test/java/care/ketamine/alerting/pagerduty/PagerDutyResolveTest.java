package care.ketamine.alerting.pagerduty;

import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static care.ketamine.alerting.pagerduty.PagerDutyProbe.admin;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.alert;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.alertOf;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.awaitPagedThroughPagerDuty;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.event;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.eventId;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.events;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.incident;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.key;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.queuedUpdates;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.reading;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.recordedOutcome;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.session;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A clinic that lets PagerDuty resolve alerts ({@code alerting.pagerduty.accept-resolve=true}): the resolution says
 * it came from PagerDuty and by whom, is not told back, and a late one of an earlier round does not resolve the alert
 * that came back.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PagerDutyReceiver.class)
@TestProfile(PagerDutyResolveTest.AcceptingResolve.class)
class PagerDutyResolveTest {

    public static class AcceptingResolve implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alerting.pagerduty.accept-resolve", "true");
        }
    }

    @Test
    void shouldResolveFromPagerDutySayingSoAndNotLetALateResolutionCloseTheAlertThatCameBack() {
        String sessionId = session("dr-" + UUID.randomUUID());
        reading(sessionId, 195, 125, 97);
        String alertId = alertOf(sessionId, "bp-crisis");
        awaitPagedThroughPagerDuty(alertId, 0);

        String resolved = incident(eventId(), "incident.resolved", key(alertId, 0), "Ada Oncall");
        webhook(resolved).then().statusCode(200).body("outcome", equalTo("resolved"));
        assertThat(alert(alertId)).containsEntry("status", "RESOLVED").containsEntry("resolvedBy", "pagerduty:Ada Oncall")
                .containsEntry("resolution", "resolved in PagerDuty by Ada Oncall");
        // Queued in the resolving transaction or never: nothing for PagerDuty, which told us.
        assertThat(queuedUpdates(alertId)).isEmpty();
        webhook(resolved).then().statusCode(200).body("outcome", equalTo("replayed"));

        // Back within 5 minutes: the same alert opens again, in round 1, a new incident.
        reading(sessionId, 195, 125, 97);
        await().atMost(Duration.ofSeconds(15)).until(() -> "OPEN".equals(alert(alertId).get("status")));
        event(key(alertId, 1), "trigger");
        awaitPagedThroughPagerDuty(alertId, 1);
        Object version = alert(alertId).get("version");

        // Round 0's resolution sent again late, as a new event, and one of round 1 older than the round: nothing changes.
        String late = eventId();
        webhook(incident(late, "incident.resolved", key(alertId, 0), "Ada Oncall")).then().statusCode(200)
                .body("outcome", equalTo("ignored"));
        String stale = eventId();
        webhook(incident(stale, "incident.resolved", key(alertId, 1), "Ada Oncall", Instant.now().minusSeconds(3600)))
                .then().statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(recordedOutcome(late)).contains("ignored");
        assertThat(recordedOutcome(stale)).contains("ignored");
        assertThat(alert(alertId)).containsEntry("status", "OPEN").containsEntry("version", version);

        // Resolved here: round 1's incident is resolved there; round 0's, resolved there already, is left alone.
        admin().contentType(ContentType.JSON).body(Map.of("comment", "BP back to 150/95 after rest"))
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        event(key(alertId, 1), "resolve");
        assertThat(queuedUpdates(alertId)).containsExactly("1 resolve");
        assertThat(events(key(alertId, 0), "resolve")).isZero();
    }
}
