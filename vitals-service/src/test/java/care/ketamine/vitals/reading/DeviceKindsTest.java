package care.ketamine.vitals.reading;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.projection.ReadingHistory;
import care.ketamine.vitals.session.PairedDeviceRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static care.ketamine.vitals.SessionFixture.asClinician;
import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.paired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Readings from a cuff, an oximeter and a combined monitor, each checked against the kind it was paired as. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceKindsTest {

    @Inject
    ReadingHistory history;

    @Inject
    EntityManager entityManager;

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private ReadingRecorded onTopic(String session, String readingId) {
        return EventJson.read(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> session.equals(r.key())
                && r.value().contains("\"readingId\":\"" + readingId + "\""), Duration.ofSeconds(10)).get(0).value(),
                ReadingRecorded.TYPE).payload();
    }

    @Test
    void shouldTakeACuffsReadingInKilopascalsWithItsStatusAndStoreItInMillimetresOfMercury() {
        String session = checkedIn();
        String cuff = paired(session, DeviceKinds.BP_CUFF);
        assertThat(QuarkusTransaction.requiringNew().call(() -> PairedDeviceRecord.<PairedDeviceRecord>findById(cuff)))
                .satisfies(d -> {
                    assertThat(d.kind).isEqualTo("bp-cuff");
                    assertThat(d.manufacturer).isEqualTo("Acme");
                    assertThat(d.firmware).isEqualTo("1.0.2");
                });
        Instant measured = now().minusSeconds(5);

        asDevice(session, cuff).body("""
                {"readingId": "k-1", "systolic": 16.0, "diastolic": 10.7, "unit": "kPa", "heartRate": 72, "respiratoryRate": 14,
                 "measurementFlags": ["irregular-pulse", "body-movement"], "bodyPosition": "sitting",
                 "measurementSite": "left-upper-arm", "measuredAt": "%s"}""".formatted(measured))
                .post("/sessions/{id}/readings", session).then().statusCode(202);

        ReadingRecorded event = onTopic(session, "k-1");
        assertThat(event.deviceKind()).isEqualTo("bp-cuff");
        assertThat(event.systolic()).isEqualTo(120);
        assertThat(event.diastolic()).isEqualTo(80);
        assertThat(event.spo2()).isNull();
        assertThat(event.respiratoryRate()).isEqualTo(14);
        assertThat(event.measurementFlags()).containsExactlyInAnyOrder("irregular-pulse", "body-movement");
        assertThat(event.measuredAt()).isEqualTo(measured).isEqualTo(event.deviceMeasuredAt());
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 1);
        asClinician().get("/sessions/{id}/observations", session).then().statusCode(200)
                .body("readings[0].deviceKind", equalTo("bp-cuff")).body("readings[0].systolic", equalTo(120))
                .body("readings[0].diastolic", equalTo(80)).body("readings[0].respiratoryRate", equalTo(14))
                .body("readings[0].measurementFlags", equalTo(List.of("body-movement", "irregular-pulse")))
                .body("readings[0].bodyPosition", equalTo("sitting"))
                .body("readings[0].measurementSite", equalTo("left-upper-arm"))
                .body("readings[0].spo2", nullValue());

        // The same values sent again are a replay; other values under the same id a conflict.
        asDevice(session, cuff).body("""
                {"readingId": "k-1", "systolic": 16, "diastolic": 10.70, "unit": "kPa", "heartRate": 72, "respiratoryRate": 14,
                 "measurementFlags": ["body-movement", "irregular-pulse"], "bodyPosition": "sitting",
                 "measurementSite": "left-upper-arm", "measuredAt": "%s", "deviceTime": "%s"}""".formatted(measured, now()))
                .post("/sessions/{id}/readings", session).then().statusCode(200);
        asDevice(session, cuff).body("""
                {"readingId": "k-1", "systolic": 16.1, "diastolic": 10.7, "unit": "kPa", "measuredAt": "%s"}""".formatted(measured))
                .post("/sessions/{id}/readings", session).then().statusCode(409);
    }

    @Test
    void shouldTakeAnOximetersBatchOfSamplesWithoutBloodPressure() {
        String session = checkedIn();
        String oximeter = paired(session, DeviceKinds.PULSE_OXIMETER);
        Instant first = now().minusSeconds(10);
        StringBuilder samples = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            samples.append(i == 0 ? "" : ",").append("""
                    {"readingId": "o-%d", "spo2": %d, "heartRate": %d, "perfusionIndex": 2.5, "measuredAt": "%s"}"""
                    .formatted(i, 95 + i % 2, 68 + i, first.plusSeconds(i)));
        }

        asDevice(session, oximeter).body("{\"readings\": [" + samples + "], \"deviceTime\": \"" + now() + "\"}")
                .post("/sessions/{id}/readings/batch", session).then().statusCode(200).body("accepted", equalTo(5));

        ReadingRecorded event = onTopic(session, "o-2");
        assertThat(event.deviceKind()).isEqualTo("pulse-oximeter");
        assertThat(event.hasBloodPressure()).isFalse();
        assertThat(event.perfusionIndex()).isEqualTo(2.5);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 5);
        asClinician().get("/sessions/{id}/observations", session).then().statusCode(200)
                .body("readings.readingId", equalTo(List.of("o-0", "o-1", "o-2", "o-3", "o-4")))
                .body("readings[0].systolic", nullValue()).body("readings[0].spo2", equalTo(95))
                .body("readings[4].heartRate", equalTo(72)).body("readings[0].perfusionIndex", equalTo(2.5f));
    }

    @Test
    void shouldRefuseReadingsThatDoNotFitTheirDeviceNamingTheRuleAndRecordNothing() {
        String session = checkedIn();
        String cuff = paired(session, DeviceKinds.BP_CUFF);
        String oximeter = paired(session, DeviceKinds.PULSE_OXIMETER);
        String sitterPhone = paired(session, DeviceKinds.SITTER_PHONE);
        Instant at = now().minusSeconds(5);
        record Refused(String device, String body, String field, String rule) {
        }
        List<Refused> cases = List.of(
                new Refused(oximeter, "\"systolic\": 120, \"diastolic\": 80, \"spo2\": 97, \"heartRate\": 70", "systolic",
                        "is not measured by a pulse-oximeter; send it from the device that measures it"),
                new Refused(oximeter, "\"heartRate\": 70", "spo2", "is required from a pulse-oximeter"),
                new Refused(oximeter, "\"spo2\": 97", "heartRate", "is required from a pulse-oximeter"),
                new Refused(oximeter, "\"spo2\": 0, \"heartRate\": 70", "spo2", "must be between 1 and 100 %"),
                new Refused(oximeter, "\"spo2\": 101, \"heartRate\": 70", "spo2", "must be between 1 and 100 %"),
                new Refused(oximeter, "\"spo2\": 97, \"heartRate\": 0", "heartRate", "must be between 1 and 300 /min"),
                new Refused(oximeter, "\"spo2\": 97, \"heartRate\": 70, \"respiratoryRate\": 0", "respiratoryRate",
                        "must be between 1 and 60 /min"),
                new Refused(oximeter, "\"spo2\": 97, \"heartRate\": 70, \"perfusionIndex\": 0", "perfusionIndex",
                        "must be above 0 and at most 20 %"),
                new Refused(cuff, "\"systolic\": 120, \"diastolic\": 80, \"spo2\": 97", "spo2",
                        "is not measured by a bp-cuff; send it from the device that measures it"),
                new Refused(cuff, "\"systolic\": 120", "diastolic", "is required from a bp-cuff"),
                new Refused(cuff, "\"systolic\": 120, \"diastolic\": 80, \"respiratoryRate\": 61", "respiratoryRate",
                        "must be between 1 and 60 /min"),
                new Refused(cuff, "\"systolic\": 80, \"diastolic\": 80", "systolic", "must exceed diastolic"),
                new Refused(cuff, "\"systolic\": 120, \"diastolic\": 80, \"unit\": \"psi\"", "unit", "must be mmHg or kPa"),
                new Refused(cuff, "\"systolic\": 34, \"diastolic\": 10, \"unit\": \"kPa\"", "systolic",
                        "must be above 50 and below 250 mm[Hg] (converted from kPa)"),
                new Refused(cuff, "\"systolic\": 120, \"diastolic\": 80, \"measurementFlags\": [\"wobbly\"]", "measurementFlags",
                        "must each be one of body-movement, cuff-fit-loose, improper-position, irregular-pulse"),
                new Refused(cuff, "\"systolic\": 120, \"diastolic\": 80, \"bodyPosition\": \"upside-down\"", "bodyPosition",
                        "must be one of lying, sitting, standing"),
                new Refused(sitterPhone, "\"systolic\": 120, \"diastolic\": 80", "device", "a sitter-phone device sends no readings"));
        int n = 0;
        for (Refused c : cases) {
            asDevice(session, c.device()).body("{\"readingId\": \"bad-%d\", %s, \"measuredAt\": \"%s\"}".formatted(n++, c.body(), at))
                    .post("/sessions/{id}/readings", session).then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem(c.field())).body("violations.rule", hasItem(c.rule()));
        }
        // Malformed values never reach the rules: refused as unreadable.
        for (String malformed : List.of("\"spo2\": \"97\", \"heartRate\": 70", "\"spo2\": 97.5, \"heartRate\": 70",
                "\"spo2\": 97, \"heartRate\": 70, \"perfusionIndex\": \"high\"",
                "\"spo2\": 97, \"heartRate\": 70, \"deviceTime\": \"yesterday\"",
                "\"spo2\": 97, \"heartRate\": 70, \"measurementFlags\": \"body-movement\"")) {
            asDevice(session, oximeter).body("{\"readingId\": \"bad-%d\", %s, \"measuredAt\": \"%s\"}".formatted(n++, malformed, at))
                    .post("/sessions/{id}/readings", session).then().statusCode(400).contentType("application/problem+json");
        }
        // In a batch each sample is judged on its own: the good one is kept.
        asDevice(session, oximeter).body("""
                {"readings": [{"readingId": "b-good", "spo2": 97, "heartRate": 70, "measuredAt": "%s"},
                              {"readingId": "b-bad", "systolic": 120, "diastolic": 80, "measuredAt": "%s"}]}""".formatted(at, at))
                .post("/sessions/{id}/readings/batch", session).then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(1))
                .body("results[1].violations.field", equalTo(List.of("spo2", "heartRate", "systolic", "diastolic")));

        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 1);
        asClinician().get("/sessions/{id}/observations", session).then().statusCode(200)
                .body("readings.readingId", equalTo(List.of("b-good")));
    }

    @Test
    void shouldTakeAnUnpairedOrUndescribedDeviceAsACombinedMonitor() {
        String session = checkedIn();
        String at = now().minusSeconds(5).toString();
        asDevice(session).body("{\"readingId\": \"m-1\", \"systolic\": 128, \"diastolic\": 82, \"spo2\": 97, \"measuredAt\": \"%s\"}"
                .formatted(at)).post("/sessions/{id}/readings", session).then().statusCode(202);
        assertThat(onTopic(session, "m-1").deviceKind()).isEqualTo("monitor");
        asDevice(session).body("{\"readingId\": \"m-2\", \"spo2\": 97, \"heartRate\": 70, \"measuredAt\": \"%s\"}".formatted(at))
                .post("/sessions/{id}/readings", session).then().statusCode(400)
                .body("violations.rule", hasItem("is required from a monitor"));
    }

    @Test
    void shouldCorrectASlowAndAFastDeviceClockAndOrderTheTimelineByTheCorrectedTime() {
        String session = checkedIn();
        String cuff = paired(session, DeviceKinds.BP_CUFF);
        String oximeter = paired(session, DeviceKinds.PULSE_OXIMETER);
        Instant now = now();

        // The cuff's clock is 10 minutes slow: it says it measured 10 min 30 s ago, 30 s before it sent.
        Instant slowClock = now.minus(Duration.ofMinutes(10));
        asDevice(session, cuff).body("""
                {"readingId": "slow-1", "systolic": 130, "diastolic": 85, "measuredAt": "%s", "deviceTime": "%s"}"""
                .formatted(slowClock.minusSeconds(30), slowClock)).post("/sessions/{id}/readings", session).then().statusCode(202);
        // The oximeter's is an hour fast: its samples would be refused as future ones without the correction.
        Instant fastClock = now.plus(Duration.ofHours(1));
        asDevice(session, oximeter).body("""
                {"readings": [{"readingId": "fast-1", "spo2": 96, "heartRate": 70, "measuredAt": "%s"},
                              {"readingId": "fast-2", "spo2": 96, "heartRate": 71, "measuredAt": "%s"}],
                 "deviceTime": "%s"}""".formatted(fastClock.minusSeconds(40), fastClock.minusSeconds(20), fastClock))
                .post("/sessions/{id}/readings/batch", session).then().statusCode(200).body("accepted", equalTo(2));
        // A clock within the bound (90 s fast) is taken as sent.
        asDevice(session, oximeter).body("""
                {"readingId": "near-1", "spo2": 97, "heartRate": 72, "measuredAt": "%s", "deviceTime": "%s"}"""
                .formatted(now.plusSeconds(60), now.plusSeconds(90))).post("/sessions/{id}/readings", session).then().statusCode(202);

        ReadingRecorded slow = onTopic(session, "slow-1");
        assertThat(slow.deviceMeasuredAt()).isEqualTo(slowClock.minusSeconds(30));
        assertThat(Duration.between(now.minusSeconds(30), slow.measuredAt()).abs()).isLessThan(Duration.ofSeconds(5));
        ReadingRecorded fast = onTopic(session, "fast-1");
        assertThat(fast.deviceMeasuredAt()).isEqualTo(fastClock.minusSeconds(40));
        assertThat(Duration.between(now.minusSeconds(40), fast.measuredAt()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(onTopic(session, "near-1").measuredAt()).isEqualTo(now.plusSeconds(60));

        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 4);
        asClinician().get("/sessions/{id}/observations", session).then().statusCode(200)
                .body("readings.readingId", equalTo(List.of("fast-1", "slow-1", "fast-2", "near-1")))
                .body("readings[1].deviceMeasuredAt", equalTo(slowClock.minusSeconds(30).toString()));
        // Each device's offset is recorded: + for a slow clock, - for a fast one.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(offsetMillis(cuff)).isBetween(Duration.ofMinutes(10).toMillis(), Duration.ofMinutes(10).plusSeconds(5).toMillis());
            assertThat(offsetMillis(oximeter)).isBetween(-Duration.ofSeconds(90).toMillis(), -Duration.ofSeconds(85).toMillis());
        });

        // After correction, still in the future: refused, and nothing recorded.
        asDevice(session, cuff).body("""
                {"readingId": "future-1", "systolic": 130, "diastolic": 85, "measuredAt": "%s", "deviceTime": "%s"}"""
                .formatted(slowClock.plus(Duration.ofMinutes(5)), slowClock)).post("/sessions/{id}/readings", session)
                .then().statusCode(400).body("violations.field", hasItem("measuredAt"))
                .body("violations.rule", hasItem("may be at most 120 s in the future (after correcting the device clock)"));
        asDevice(session, cuff).body("""
                {"readingId": "future-2", "systolic": 130, "diastolic": 85, "measuredAt": "%s", "deviceTime": "%s"}"""
                .formatted(now.plus(Duration.ofMinutes(10)), now)).post("/sessions/{id}/readings", session)
                .then().statusCode(400).body("violations.field", hasItem("measuredAt"));
        // Corrected to before the session's check-in (10 minutes ago): refused as well.
        asDevice(session, cuff).body("""
                {"readingId": "early-1", "systolic": 130, "diastolic": 85, "measuredAt": "%s", "deviceTime": "%s"}"""
                .formatted(fastClock.minus(Duration.ofMinutes(30)), fastClock)).post("/sessions/{id}/readings", session)
                .then().statusCode(400).body("violations.rule", hasItem("must not be before the session's check-in"));
        assertThat(history.countForSession(session)).isEqualTo(4);
    }

    private long offsetMillis(String deviceId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT offset_ms FROM device_clock WHERE device_id = ?1").setParameter(1, deviceId).getSingleResult()).longValue());
    }

    @Test
    void shouldAskTheCuffForOneRetestWithinFiveMinutesOfABloodPressureCrisisAndTakeTheNextReadingAsItsAnswer() {
        String session = checkedIn();
        String cuff = paired(session, DeviceKinds.BP_CUFF);
        Instant now = now();
        String crisis = "{\"readingId\": \"%s\", \"systolic\": %d, \"diastolic\": %d, \"measuredAt\": \"%s\"}";

        // Measured 6 minutes ago: its retest was due a minute ago.
        asDevice(session, cuff).body(crisis.formatted("c-1", 186, 112, now.minus(Duration.ofMinutes(6))))
                .post("/sessions/{id}/readings", session).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> asDevice(session, cuff).queryParam("open", true)
                .get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("respondent", equalTo(List.of("cuff"))).body("kind", equalTo(List.of("retest")))
                .body("[0].reason", org.hamcrest.Matchers.containsString("186/112")));
        // Another crisis reading 30 s later asks for no second retest within the 5 minutes.
        asDevice(session, cuff).body(crisis.formatted("c-2", 190, 125, now.minus(Duration.ofMinutes(5).plusSeconds(30))))
                .post("/sessions/{id}/readings", session).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 2);
        assertThat(retests(session)).hasSize(1);
        // The sitter's phone sees no retest.
        care.ketamine.vitals.SessionFixture.asSitter(session).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("respondent", org.hamcrest.Matchers.not(hasItem("cuff")));

        // The retest, still in crisis: it answers the retest and, 6 minutes after the first, asks for another.
        asDevice(session, cuff).body(crisis.formatted("c-3", 184, 118, now.minusSeconds(10)))
                .post("/sessions/{id}/readings", session).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 3);
        assertThat(retests(session)).hasSize(2);
        asDevice(session, cuff).get("/sessions/{id}/prompts", session).then().statusCode(200)
                .body("answered", equalTo(List.of(true))).body("kind", equalTo(List.of("retest")));
        assertThat(QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT answered_by FROM check_in_prompt WHERE session_id = ?1 AND answered_by IS NOT NULL")
                .setParameter(1, session).getResultList())).isEqualTo(List.of("reading:c-3"));
        // A retest is no check-in: it is never issued as check-in.prompted.
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM check_in_prompt WHERE session_id = ?1 AND issued_at IS NOT NULL")
                .setParameter(1, session).getSingleResult()).longValue())).isZero();
    }

    @Test
    void shouldAskNoRetestForAnOximetersReadingOrABloodPressureBelowTheCrisis() {
        String session = checkedIn();
        String cuff = paired(session, DeviceKinds.BP_CUFF);
        String oximeter = paired(session, DeviceKinds.PULSE_OXIMETER);
        Instant at = now().minus(Duration.ofMinutes(6));
        asDevice(session, cuff).body("{\"readingId\": \"n-1\", \"systolic\": 180, \"diastolic\": 120, \"measuredAt\": \"%s\"}"
                .formatted(at)).post("/sessions/{id}/readings", session).then().statusCode(202);
        asDevice(session, oximeter).body("{\"readingId\": \"n-2\", \"spo2\": 91, \"heartRate\": 130, \"measuredAt\": \"%s\"}"
                .formatted(at)).post("/sessions/{id}/readings", session).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 2);
        assertThat(retests(session)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Object> retests(String session) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT prompt_id FROM check_in_prompt WHERE session_id = ?1 AND kind = 'retest'").setParameter(1, session)
                .getResultList());
    }
}
