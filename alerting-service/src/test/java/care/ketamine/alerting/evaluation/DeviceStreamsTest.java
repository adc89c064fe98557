package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.testsupport.DevTokens;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Readings from separate devices on {@code vitals.observations}, as real homes send them: an oximeter at
 * 1 Hz in batches, a cuff minutes apart, late readings from a backlog or a retry.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceStreamsTest {

    @Inject
    EntityManager entityManager;

    private static String session() {
        String sessionId = "streams-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(600), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        return sessionId;
    }

    private static ReadingRecorded oximeter(String sessionId, Instant at, int spo2) {
        return new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "oxi-1", null, null, 72, spo2, at, Instant.now(),
                DeviceKinds.PULSE_OXIMETER, null, 2.1, Set.of(), null, null, at);
    }

    private static ReadingRecorded cuff(String sessionId, Instant at, int systolic, int diastolic) {
        return new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "cuff-1", systolic, diastolic, 70, null, at, Instant.now(),
                DeviceKinds.BP_CUFF, null, null, Set.of(), "sitting", "left-upper-arm", at);
    }

    /** Puts the readings on the topic in this order and waits until alerting has evaluated every one. */
    private void send(List<ReadingRecorded> readings) {
        sendEvents(readings.stream().map(r -> EventEnvelope.wrap(ReadingRecorded.TYPE, r.sessionId(), r, Clock.systemUTC())).toList());
    }

    private static EventEnvelope<PatientCheckedIn> patient(String sessionId, boolean feelsOk, Instant answeredAt) {
        return EventEnvelope.wrap(PatientCheckedIn.TYPE, sessionId, new PatientCheckedIn("c-" + UUID.randomUUID(), null, sessionId,
                "device-phone", 1, 1, 1, 3, 4, feelsOk, answeredAt, Instant.now()), Clock.systemUTC());
    }

    private static EventEnvelope<SitterCheckedIn> sitter(String sessionId, int moaas, Instant answeredAt) {
        return EventEnvelope.wrap(SitterCheckedIn.TYPE, sessionId, new SitterCheckedIn("s-" + UUID.randomUUID(), null, sessionId,
                "device-sitter", moaas, true, answeredAt, Instant.now()), Clock.systemUTC());
    }

    /** Puts the events (readings, check-ins) on the topic in this order and waits until alerting has handled every one. */
    private void sendEvents(List<? extends EventEnvelope<?>> events) {
        List<UUID> ids = new ArrayList<>();
        for (EventEnvelope<?> event : events) {
            ids.add(event.eventId());
            TopicProbe.send(Topics.VITALS_OBSERVATIONS, event.aggregateId(), EventJson.write(event));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = ANY(CAST(?1 AS uuid[]))")
                .setParameter(1, ids.stream().map(UUID::toString).toArray(String[]::new)).getSingleResult()).intValue())
                == ids.size());
    }

    /** The oximeter at 1 Hz: this value for these seconds, the first at {@code from}. */
    private static List<ReadingRecorded> seconds(String sessionId, Instant from, int count, int spo2) {
        List<ReadingRecorded> samples = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            samples.add(oximeter(sessionId, from.plusSeconds(s), spo2));
        }
        return samples;
    }

    private static List<Alert> alerts(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>list("sessionId", sessionId));
    }

    private static Alert onlyAlert(String sessionId, String rule) {
        List<Alert> found = alerts(sessionId).stream().filter(a -> a.rule.equals(rule)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** A desaturation of 20 s at 1 Hz: critical once below 90 % has lasted 15 s. */
    private String desaturated() {
        String sessionId = session();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        List<ReadingRecorded> stream = new ArrayList<>(seconds(sessionId, start, 5, 97));
        stream.addAll(seconds(sessionId, start.plusSeconds(5), 20, 87));
        send(stream);
        return sessionId;
    }

    @Test
    void shouldRaiseCriticalForASustainedDesaturationOnA1HzOximeter() {
        String sessionId = desaturated();
        Alert alert = onlyAlert(sessionId, "spo2-low");
        assertThat(alert.severity.name()).isEqualTo("CRITICAL");
        assertThat(alert.summary).contains("below 90 %").contains("for 15 s");
        assertThat(alert.measuredMinutesAgo).isNull();
        assertThat(alerts(sessionId)).as("the oximeter's readings carry no blood pressure: no BP rule fires or fails")
                .extracting(a -> a.rule).containsExactly("spo2-low");
    }

    @Test
    void shouldNotAlarmOnAMotionDip() {
        String sessionId = session();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(40);
        List<ReadingRecorded> stream = new ArrayList<>(seconds(sessionId, start, 10, 97));
        stream.addAll(seconds(sessionId, start.plusSeconds(10), 8, 79));
        stream.addAll(seconds(sessionId, start.plusSeconds(18), 15, 97));
        send(stream);
        assertThat(alerts(sessionId)).isEmpty();
    }

    @Test
    void shouldNotLetALateBackfilledNormalReadingClearAnAlert() {
        String sessionId = desaturated();
        Instant newest = onlyAlert(sessionId, "spo2-low").lastSeenAt;
        send(List.of(oximeter(sessionId, newest.minusSeconds(60), 98)));
        Alert afterLate = onlyAlert(sessionId, "spo2-low");
        assertThat(afterLate.clearedAt).as("older than the newest reading of the stream").isNull();
        assertThat(afterLate.latestValue).isEqualTo("87 %");

        send(List.of(oximeter(sessionId, newest.plusSeconds(1), 98)));
        assertThat(onlyAlert(sessionId, "spo2-low").clearedAt).as("a new normal reading does clear it").isNotNull();
    }

    @Test
    void shouldRaiseALateCrisisReadingSayingHowLongAgoItWasMeasured() {
        String sessionId = session();
        Instant now = Instant.now();
        send(List.of(cuff(sessionId, now.minusSeconds(30), 128, 82)));
        // A retry of a reading taken 7 min 10 s ago, older than the one the cuff sent since.
        send(List.of(cuff(sessionId, now.minus(Duration.ofSeconds(430)), 196, 112)));
        Alert crisis = onlyAlert(sessionId, "bp-crisis");
        assertThat(crisis.severity.name()).isEqualTo("CRITICAL");
        assertThat(crisis.measuredMinutesAgo).isEqualTo(7L);
        assertThat(crisis.summary).endsWith("(measured 7 min ago)");
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).get("/alerts/{id}", crisis.id).then().statusCode(200)
                .body("measuredMinutesAgo", equalTo(7)).body("summary", containsString("measured 7 min ago"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("SELECT payload FROM notification WHERE alert_id = ?1")
                        .setParameter(1, crisis.id).getResultList())).isNotEmpty()
                .allSatisfy(payload -> assertThat((String) payload).contains("measured 7 min ago")
                        .contains("\"measuredMinutesAgo\":7")));
    }

    @Test
    void shouldSayACrisisIsConfirmedWhenTheCuffsRetestWithinFiveMinutesIsOneToo() {
        String sessionId = session();
        Instant now = Instant.now();
        send(List.of(cuff(sessionId, now.minusSeconds(240), 192, 108)));
        assertThat(onlyAlert(sessionId, "bp-crisis").summary).startsWith("Hypertensive crisis: BP 192/108");
        send(List.of(cuff(sessionId, now.minusSeconds(5), 186, 104)));
        Alert confirmed = onlyAlert(sessionId, "bp-crisis");
        assertThat(confirmed.summary).startsWith("Hypertensive crisis confirmed on retest: BP 186/104 mm[Hg]")
                .contains("after 192/108");
        assertThat(confirmed.worstValue).isEqualTo("192/108 mm[Hg]");
        assertThat(confirmed.occurrences).isEqualTo(2);
        assertThat(confirmed.confirmedAt).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notifications(confirmed.id, "CONFIRMED"))
                .as("the confirmation is paged to whoever the alert reached, as a page of its own").hasSize(1)
                .allSatisfy(n -> assertThat(n).contains("confirmed on retest: 186/104 mm[Hg]")
                        .contains("Hypertensive crisis confirmed on retest")));

        send(List.of(cuff(sessionId, now.minusSeconds(2), 188, 110)));
        assertThat(onlyAlert(sessionId, "bp-crisis").occurrences).isEqualTo(3);
        assertThat(notifications(confirmed.id, "CONFIRMED")).as("confirmed once, not on every reading after").hasSize(1);
    }

    /** Each notification of the alert of this kind: its reason and payload. */
    private List<String> notifications(UUID alertId, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT reason || ' ' || payload FROM notification WHERE alert_id = ?1 AND kind = ?2")
                .setParameter(1, alertId).setParameter(2, kind).getResultList()).stream().map(String.class::cast).toList();
    }

    @Test
    void shouldMakeAnOpenNotOkCriticalWhenAVitalSignGoesOffAfterIt() {
        String sessionId = session();
        Instant now = Instant.now();
        sendEvents(List.of(patient(sessionId, false, now.minusSeconds(60))));
        assertThat(onlyAlert(sessionId, "patient-not-ok").severity.name()).isEqualTo("WARNING");

        send(List.of(cuff(sessionId, now.minusSeconds(5), 84, 52)));
        assertThat(onlyAlert(sessionId, "bp-low").severity.name()).isEqualTo("WARNING");
        Alert notOk = onlyAlert(sessionId, "patient-not-ok");
        assertThat(notOk.severity.name()).as("not OK together with a vital-sign warning, in either order").isEqualTo("CRITICAL");
        assertThat(notOk.summary).isEqualTo("Patient says they are not OK while a vital-sign alert is open");
        assertThat(notOk.latestValue).as("still the patient's answer").startsWith("not OK (");
    }

    @Test
    void shouldLeaveNotOkAWarningWhenNoVitalSignGoesOff() {
        String sessionId = session();
        Instant now = Instant.now();
        sendEvents(List.of(patient(sessionId, false, now.minusSeconds(60))));
        send(List.of(cuff(sessionId, now.minusSeconds(5), 118, 76)));
        assertThat(onlyAlert(sessionId, "patient-not-ok").severity.name()).isEqualTo("WARNING");
    }

    @Test
    void shouldNotLetALateCheckInClearAConcernANewerOneRaised() {
        String sessionId = session();
        Instant now = Instant.now();
        sendEvents(List.of(sitter(sessionId, 2, now.minusSeconds(60))));
        assertThat(onlyAlert(sessionId, "sitter-concern").severity.name()).isEqualTo("CRITICAL");

        // The app's retry of an earlier, reassuring answer arrives after the worrying one.
        sendEvents(List.of(sitter(sessionId, 5, now.minusSeconds(300)), patient(sessionId, true, now.minusSeconds(300))));
        assertThat(onlyAlert(sessionId, "sitter-concern").clearedAt).as("an older answer says nothing about now").isNull();

        sendEvents(List.of(sitter(sessionId, 5, now)));
        assertThat(onlyAlert(sessionId, "sitter-concern").clearedAt).as("a newer answer does clear it").isNotNull();
    }

    @Test
    void shouldForgetASessionsKeptReadingsWhenItsMonitoringEnds() {
        String sessionId = desaturated();
        assertThat(keptReadings(sessionId)).isEqualTo(1);
        LifecycleProbe.changed(sessionId, "COMPLETED", Instant.now(), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> keptReadings(sessionId) == 0);

        send(List.of(oximeter(sessionId, Instant.now(), 88)));
        assertThat(keptReadings(sessionId)).as("a reading judged after the end keeps nothing").isZero();
    }

    private int keptReadings(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM recent_readings WHERE session_id = ?1").setParameter(1, sessionId).getSingleResult()).intValue());
    }
}
