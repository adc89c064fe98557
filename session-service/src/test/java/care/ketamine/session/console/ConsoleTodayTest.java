package care.ketamine.session.console;

import care.ketamine.contracts.security.Roles;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The day view keeps every session active now, across the clinician's midnight. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleTodayTest {

    private static List<String> today(String subject, String role) {
        return given().cookie("console_token", DevTokens.forConsole(subject, role)).header("X-Console-Request", "1")
                .get("/console/api/today").then().statusCode(200).extract().jsonPath().getList("id", String.class);
    }

    @Test
    void shouldKeepASessionDosedBeforeMidnightAndStillMonitoredOnTheListAfterMidnight() {
        // The clinician's zone is one where it is now 22:xx; the clock then goes to 23:50 there.
        Instant now = SettableClock.now();
        int offset = Math.floorMod(22 - now.atZone(ZoneOffset.UTC).getHour(), 24);
        offset = offset > 14 ? offset - 24 : offset;
        ZoneId zone = ZoneId.of(offset == 0 ? "Etc/GMT" : offset > 0 ? "Etc/GMT-" + offset : "Etc/GMT+" + (-offset));
        ZonedDateTime local = now.atZone(zone);
        assertThat(local.getHour()).isEqualTo(22);
        SettableClock.advance(Duration.between(now, local.with(LocalTime.of(23, 50)).toInstant()));
        String clinicianId = clinician(zone);
        String otherClinician = clinician(zone);

        Instant lateEvening = local.with(LocalTime.of(21, 30)).toInstant();
        String monitored = session(clinicianId, "DOSING", "MONITORING", lateEvening);
        String endedEarly = session(clinicianId, "DOSING", "ENDED_EARLY", lateEvening.minus(Duration.ofMinutes(30)));
        String completed = session(clinicianId, "DOSING", "COMPLETED", lateEvening.minus(Duration.ofHours(3)));
        String neverCheckedIn = session(clinicianId, "PREPARATION", "SCHEDULED", lateEvening.minus(Duration.ofHours(2)));
        String lastWeekStillActive = session(clinicianId, "DOSING", "RECOVERED", lateEvening.minus(Duration.ofDays(7)));
        String handedOver = session(clinicianId, "DOSING", "HANDED_OVER", lateEvening.minus(Duration.ofDays(1)));
        String tomorrow = session(clinicianId, "INTEGRATION", "SCHEDULED", lateEvening.plus(Duration.ofHours(12)));
        String someoneElses = session(otherClinician, "DOSING", "MONITORING", lateEvening);

        List<String> beforeMidnight = today(clinicianId, Roles.CLINICIAN);
        assertThat(beforeMidnight).contains(monitored, endedEarly, completed, neverCheckedIn, lastWeekStillActive)
                .doesNotContain(handedOver, tomorrow, someoneElses);

        // 00:10 there: yesterday's finished or never-started sessions go, the active ones stay.
        SettableClock.advance(Duration.ofMinutes(20));
        assertThat(SettableClock.now().atZone(zone).toLocalDate()).isEqualTo(local.toLocalDate().plusDays(1));
        List<String> afterMidnight = today(clinicianId, Roles.CLINICIAN);
        assertThat(afterMidnight).as("monitored %s, ended early %s, completed %s, never checked in %s, last week %s, "
                        + "handed over %s, tomorrow %s", monitored, endedEarly, completed, neverCheckedIn, lastWeekStillActive,
                        handedOver, tomorrow).contains(monitored, endedEarly, lastWeekStillActive, tomorrow)
                .doesNotContain(completed, neverCheckedIn, handedOver, someoneElses);
        // An admin sees every clinician's active sessions (their own day is read in UTC: they have no clinician zone).
        assertThat(today("admin-" + UUID.randomUUID(), Roles.ADMIN)).contains(monitored, endedEarly, someoneElses)
                .doesNotContain(handedOver);
    }

    /**
     * Licensed in a state no other test books in: these clinicians' rows hold states (ENDED_EARLY, HANDED_OVER) that
     * scheduling's calendars do not read until the lifecycle has them.
     */
    private static String clinician(ZoneId zone) {
        String id = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body("""
                {"id": "%s", "displayName": "Dr Night", "licenceType": "MD", "licensedStates": ["WY"], "timezone": "%s",
                 "availability": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]}""".formatted(id, zone))
                .post("/clinicians").then().statusCode(201);
        return id;
    }

    /** A session row as the lifecycle leaves it; the day view reads only the session table. */
    private static String session(String clinicianId, String type, String state, Instant start) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRecord s = new SessionRecord();
            s.id = id;
            s.patientId = UUID.randomUUID();
            s.clinicianId = clinicianId;
            s.planId = UUID.randomUUID();
            s.type = type;
            s.state = state;
            s.startsAt = start;
            s.endsAt = start.plus(Duration.ofMinutes(150));
            s.persist();
        });
        return id.toString();
    }
}
