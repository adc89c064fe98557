package care.ketamine.vitals;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.session.PairedDeviceRecord;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Sessions as session-service would announce them, and the devices that post for them. */
public final class SessionFixture {

    private SessionFixture() {
    }

    /** A new session, checked in ten minutes ago, once vitals knows it. */
    public static String checkedIn() {
        String session = UUID.randomUUID().toString();
        LifecycleProbe.state(session, "CHECKED_IN", Instant.now().minus(Duration.ofMinutes(10)));
        awaitState(session, "CHECKED_IN");
        return session;
    }

    public static void awaitState(String session, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            SessionActivity activity = SessionActivity.findById(session);
            return activity != null && state.equals(activity.state);
        }));
    }

    public static String reading(String readingId, int systolic, int diastolic) {
        return """
                {"readingId": "%s", "systolic": %d, "diastolic": %d, "heartRate": 88, "spo2": 97, "measuredAt": "%s"}"""
                .formatted(readingId, systolic, diastolic, Instant.now().minusSeconds(3));
    }

    /**
     * Pairs a device of this kind to the session as session-service announces it (DEVICE_PAIRED with the device's
     * description), once vitals knows it; returns the device's id.
     */
    public static String paired(String session, String kind) {
        String deviceId = kind + "-" + UUID.randomUUID();
        Instant at = Instant.now();
        PairedDevice device = new PairedDevice(deviceId, Roles.PATIENT_DEVICE, kind, null, "Acme", "BP-1", "1.0.2");
        SessionChanged event = new SessionChanged(session, "patient-1", "dr-1", "DOSING", "DEVICE_PAIRED", null, "CHECKED_IN",
                "dr-1", "test", at, at, at.plusSeconds(9000), null, null, 124, 80, null, null, 15, 120, null, null, deviceId,
                device, null);
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, session,
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, session, event, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PairedDeviceRecord.findById(deviceId)) != null);
        return deviceId;
    }

    /** The paired device's own token. */
    public static RequestSpecification asDevice(String session, String deviceId) {
        return given().auth().oauth2(DevTokens.forDevice(Roles.PATIENT_DEVICE, session, deviceId)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asDevice(String session) {
        return given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, session)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asSitter(String session) {
        return given().auth().oauth2(DevTokens.forSession(Roles.SITTER, session)).contentType(ContentType.JSON);
    }

    /** The session's clinician as LifecycleProbe announces it (dr-1). */
    public static RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1)));
    }
}
