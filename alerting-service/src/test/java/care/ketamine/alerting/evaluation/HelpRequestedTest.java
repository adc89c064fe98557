package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.domain.CheckInRules;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.vitals.HelpRequested;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** "I need help" from the patient's or the sitter's app, as vitals puts it on {@code vitals.observations}: paged at once. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class HelpRequestedTest {

    @Inject
    EntityManager entityManager;

    private static String session() {
        String sessionId = "help-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(600), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        return sessionId;
    }

    private static EventEnvelope<HelpRequested> help(String sessionId, String by, String note) {
        String helpId = "h-" + UUID.randomUUID();
        return EventEnvelope.wrap(EventEnvelope.idFor(HelpRequested.TYPE.name(), sessionId, by, helpId), HelpRequested.TYPE,
                sessionId, new HelpRequested(helpId, sessionId, by, "device-" + by, Instant.now().minusSeconds(2), note,
                        Instant.now()), Clock.systemUTC());
    }

    /** Puts the event on the topic and waits until alerting has handled it. */
    private void send(EventEnvelope<?> event) {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, event.aggregateId(), EventJson.write(event));
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = ?1")
                .setParameter(1, event.eventId()).getSingleResult()).intValue()) == 1);
    }

    private static List<Alert> alerts(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>list("sessionId", sessionId));
    }

    /** The alert's notifications as kind, recipient and payload. */
    private List<String> notifications(UUID alertId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT kind || ' ' || recipient || ' ' || payload FROM notification WHERE alert_id = ?1")
                .setParameter(1, alertId).getResultList()).stream().map(String.class::cast).toList();
    }

    @Test
    void shouldRaiseACriticalAlertAtOnceAndPageTheClinician() {
        String sessionId = session();
        EventEnvelope<HelpRequested> patient = help(sessionId, "patient", "my chest feels tight, Jane is out");
        send(patient);

        assertThat(alerts(sessionId)).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo(CheckInRules.HELP_REQUESTED);
            assertThat(a.severity.name()).isEqualTo("CRITICAL");
            assertThat(a.summary).isEqualTo("The patient asks for help now");
            assertThat(a.latestValue).isEqualTo("asked by the patient, with a note").doesNotContain("Jane");
            assertThat(a.clinicianId).isEqualTo("dr-1");
        });
        UUID alertId = alerts(sessionId).get(0).id;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notifications(alertId))
                .anySatisfy(n -> assertThat(n).startsWith("PAGE dr-1 ")));
        assertThat(notifications(alertId)).as("what they typed travels with no page").noneMatch(n -> n.contains("Jane"));
        assertThat(TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> sessionId.equals(r.key())
                && r.value().contains("alert.raised"), Duration.ofSeconds(10)))
                .singleElement().satisfies(r -> assertThat(r.value()).contains(CheckInRules.HELP_REQUESTED));
    }

    @Test
    void shouldAddASecondRequestToTheOpenAlertAndTakeARedeliveryOnce() {
        String sessionId = session();
        send(help(sessionId, "patient", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alerts(sessionId).isEmpty()
                && notifications(alerts(sessionId).get(0).id).stream().anyMatch(n -> n.startsWith("PAGE ")));
        EventEnvelope<HelpRequested> sitter = help(sessionId, "sitter", null);
        send(sitter);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(sitter)); // the producer's retry
        EventEnvelope<HelpRequested> after = help(sessionId, "patient", null);
        send(after);

        assertThat(alerts(sessionId)).as("one alert for the session's help requests").singleElement().satisfies(a -> {
            assertThat(a.occurrences).as("three requests, the redelivered one counted once").isEqualTo(3);
            assertThat(a.severity.name()).isEqualTo("CRITICAL");
            assertThat(a.status.name()).isEqualTo("OPEN");
        });
        assertThat(notifications(alerts(sessionId).get(0).id)).as("paged once")
                .filteredOn(n -> n.startsWith("PAGE ")).hasSize(1);
    }

    @Test
    void shouldSayTheSitterAsksWhenTheSitterDoes() {
        String sessionId = session();
        send(help(sessionId, "sitter", ""));
        assertThat(alerts(sessionId)).singleElement().satisfies(a -> {
            assertThat(a.summary).isEqualTo("The sitter asks for help now");
            assertThat(a.latestValue).isEqualTo("asked by the sitter");
            assertThat(a.severity.name()).isEqualTo("CRITICAL");
        });
    }
}
