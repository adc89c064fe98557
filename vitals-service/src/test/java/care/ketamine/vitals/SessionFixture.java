package care.ketamine.vitals;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

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
