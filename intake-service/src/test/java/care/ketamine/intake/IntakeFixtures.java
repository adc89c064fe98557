package care.ketamine.intake;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Requests as intake staff and clinicians send them. */
public final class IntakeFixtures {

    private IntakeFixtures() {
    }

    public static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asIntake() {
        return as(Roles.INTAKE);
    }

    /** A valid registration of a new person (a unique phone number each time). */
    public static String patientJson() {
        String phone = "+1 415 555 " + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10000));
        return patientJson("Alex", "Rivera " + UUID.randomUUID().toString().substring(0, 6), "1986-04-12", phone);
    }

    public static String patientJson(String given, String family, String dateOfBirth, String phone) {
        return """
                {"givenName": "%s", "familyName": "%s", "dateOfBirth": "%s", "phone": "%s",
                 "email": "alex@example.org", "usState": "CA", "timezone": "America/Los_Angeles",
                 "insurance": {"payer": "Blue Shield", "memberId": "XEH123"},
                 "emergencyContact": {"name": "Jo Rivera", "phone": "+1 415 555 0101", "relationship": "sister"},
                 "sitter": {"name": "Sam Rivera", "phone": "+1 415 555 0188", "relationship": "spouse"}}"""
                .formatted(given, family, dateOfBirth, phone);
    }

    public static String register() {
        return asIntake().body(patientJson()).post("/patients").then().statusCode(201).extract().path("id");
    }

    /** A screening of an eligible, treatment-resistant patient (PHQ-9 13, GAD-7 7, BP 128/82). */
    public static String screeningJson() {
        return """
                {"phq9": [2, 2, 1, 2, 1, 2, 1, 2, 0], "gad7": [1, 2, 1, 1, 0, 1, 1],
                 "majorDepressiveDisorder": true, "failedAntidepressantTrials": 2,
                 "acuteSuicidalIdeation": false, "recentSuicideAttemptOrIntent": false,
                 "contraindications": [], "medications": [],
                 "baselineBloodPressure": {"systolic": 128, "diastolic": 82}, "baselineHeartRate": 72}""";
    }
}
