package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A dose is booked only within the patient's permitted hours in their own zone, with the service's
 * default hours (08:00-16:00), which the other tests widen to the whole day.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(PatientDosingHoursTest.DefaultDosingHours.class)
class PatientDosingHoursTest {

    public static class DefaultDosingHours implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("scheduling.patient-dosing-hours.from", "08:00", "scheduling.patient-dosing-hours.to", "16:00");
        }
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON);
    }

    @Test
    void shouldRefuseADoseOutsideThePatientsHoursAndBookItWithinThem() {
        Instant now = SettableClock.now();
        // Three hours from now, on the hour; a fixed-offset zone where that start is 07:00 (refused) and 10:00
        // three hours later (permitted). The clinician is available the whole day around both.
        Instant early = now.plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        int offset = Math.floorMod(7 - early.atZone(ZoneOffset.UTC).getHour(), 24);
        offset = offset > 14 ? offset - 24 : offset;
        String patientZone = offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + (-offset);
        assertThat(early.atZone(ZoneId.of(patientZone)).toLocalTime()).isEqualTo(LocalTime.of(7, 0));

        String clinicianId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        as(Roles.ADMIN).body(ClinicianHours.availableAllDay(clinicianId, "Dr Hours", ClinicianHours.zoneWhereItIsEarlyMorning(now)))
                .post("/clinicians").then().statusCode(201);
        String patientId = UUID.randomUUID().toString();
        approvePlan(patientId, patientZone);
        String prep = book(patientId, clinicianId, "PREPARATION", now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS))
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON).body("{}").post("/sessions/{id}/complete", prep).then().statusCode(200);

        book(patientId, clinicianId, "DOSING", early).then().statusCode(409).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("start")))
                .body("violations[0].rule", startsWith("outside the patient's permitted dosing hours (08:00 to 16:00 "
                        + patientZone + "; this start is "));
        assertThat(QuarkusTransaction.requiringNew().call(() -> SessionRecord.count("patientId = ?1 and type = 'DOSING'",
                UUID.fromString(patientId)))).isZero();

        // Every DOSING slot offered is within the hours there, so availability never proposes a start booking refuses.
        List<String> offered = as(Roles.SCHEDULER).queryParam("patientId", patientId).queryParam("type", "DOSING")
                .queryParam("days", 1).queryParam("limit", 50).get("/availability").then().statusCode(200)
                .extract().jsonPath().getList("start", String.class);
        assertThat(offered).isNotEmpty().allSatisfy(start -> assertThat(Instant.parse(start).atZone(ZoneId.of(patientZone))
                .toLocalTime()).isBetween(LocalTime.of(8, 0), LocalTime.of(16, 0)));

        book(patientId, clinicianId, "DOSING", early.plus(Duration.ofHours(3))).then().statusCode(201)
                .body("state", equalTo("SCHEDULED")).body("patientTimezone", equalTo(patientZone));
    }

    private static io.restassured.response.Response book(String patientId, String clinicianId, String type, Instant start) {
        return as(Roles.SCHEDULER).body("""
                {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                .formatted(patientId, clinicianId, type, start)).post("/sessions");
    }

    private static void approvePlan(String patientId, String zone) {
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA", zone,
                6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90), 124, 80,
                new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                List.of(), null);
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PatientPlan.findById(UUID.fromString(patientId))) != null);
    }
}
