package care.ketamine.system;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.TestInfrastructure;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole flow across processes: a device posts a crisis reading to vitals-service, it
 * crosses the real broker, and alerting-service raises a bp-crisis alert, listed and streamed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadingToAlertSystemIT {

    private static final List<String> SERVICES = List.of("intake-service", "session-service", "vitals-service", "alerting-service");

    private static TestInfrastructure infrastructure;
    private static final List<ServiceProcess> running = new ArrayList<>();

    @BeforeAll
    static void startTheSystem() {
        infrastructure = TestInfrastructure.shared();
        Instant started = Instant.now();
        for (String name : SERVICES) {
            running.add(ServiceProcess.start(name, infrastructure));
        }
        for (ServiceProcess service : running) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .failFast(service.name + " exited; see " + service.log, () -> !service.isAlive())
                    .until(() -> readinessStatus(service) == 200);
        }
        System.out.printf("system test: four services ready in %d ms%n", Duration.between(started, Instant.now()).toMillis());
    }

    @AfterAll
    static void stopTheSystem() throws InterruptedException {
        for (ServiceProcess service : running) {
            service.close();
        }
    }

    private static ServiceProcess service(String name) {
        return running.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    private static int readinessStatus(ServiceProcess service) {
        try {
            return given().when().get(service.url("/q/health/ready")).statusCode();
        } catch (Exception notListeningYet) { // RestAssured rethrows ConnectException unchecked
            return -1;
        }
    }

    @Test
    @Order(1)
    void shouldTurnACrisisReadingIntoOneOpenBpCrisisAlertListedAndStreamed() throws Exception {
        String sessionId = "system-" + UUID.randomUUID();
        ServiceProcess vitals = service("vitals-service");
        ServiceProcess alerting = service("alerting-service");
        String onCall = DevTokens.forRole(Roles.ON_CALL);

        try (EventStreamProbe stream = EventStreamProbe.open(URI.create(alerting.url("/alerts/stream")), onCall)) {
            long posted = System.nanoTime();
            postCrisisReading(vitals, sessionId);

            String event = stream.awaitData(sessionId, Duration.ofSeconds(10));
            System.out.printf("system test: reading posted to alert streamed in %d ms (first reading after start)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted));
            assertThat(event).contains("\"rule\":\"bp-crisis\"").contains("\"severity\":\"CRITICAL\"")
                    .contains("\"status\":\"OPEN\"").contains("192/124 mm[Hg]");

            String secondSession = "system-" + UUID.randomUUID();
            posted = System.nanoTime();
            postCrisisReading(vitals, secondSession);
            stream.awaitData(secondSession, Duration.ofSeconds(10));
            System.out.printf("system test: reading posted to alert streamed in %d ms (second session)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted));
        }

        given().auth().oauth2(onCall).queryParam("status", "open").queryParam("sessionId", sessionId)
                .when().get(alerting.url("/alerts"))
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].rule", equalTo("bp-crisis"))
                .body("[0].occurrences", equalTo(1));
    }

    private static void postCrisisReading(ServiceProcess vitals, String sessionId) {
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId)).contentType(ContentType.JSON)
                .body("""
                        {"readingId": "r-1", "systolic": 192, "diastolic": 124, "heartRate": 88, "spo2": 97, "measuredAt": "%s"}"""
                        .formatted(Instant.now().minusSeconds(1)))
                .when().post(vitals.url("/sessions/{id}/readings"), sessionId)
                .then().statusCode(202).body("sessionId", equalTo(sessionId));
    }

    @Test
    @Order(2)
    void shouldReportNotReadyWhileTheBrokerOrTheDatabaseIsDownAndRecover() {
        infrastructure.stopKafka();
        try {
            awaitReadiness(503);
        } finally {
            infrastructure.startKafka();
        }
        awaitReadiness(200);

        infrastructure.stopPostgres();
        try {
            awaitReadiness(503);
        } finally {
            infrastructure.startPostgres();
        }
        awaitReadiness(200);
    }

    private static void awaitReadiness(int status) {
        for (ServiceProcess service : running) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(readinessStatus(service))
                            .as("%s readiness; log %s", service.name, service.log).isEqualTo(status));
        }
    }

    @Test
    @Order(3)
    void shouldHaveLoggedNoPatientReadingValues() throws IOException {
        for (ServiceProcess service : running) {
            assertThat(Files.readString(service.log)).as(service.name + " log").doesNotContain("192/124");
        }
    }
}
