package care.ketamine.system;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The clinician console end to end in headless Chromium (Debian's chromium and chromedriver, which
 * .ci/run installs): sign in, walk a session through check-in and the pre-dose gate, watch readings
 * posted to vitals arrive on the chart, see a crisis alert appear, acknowledge it, and find the
 * acknowledgement recorded by alerting-service; the dose refused in the page while the alert is open,
 * then authorized with its countdown, the tablet confirmed, the discharge proposal, the monitoring
 * record's PDF, an early end still monitored, the handover and the record's figures. Also: another clinician is refused the session, and
 * a signed-out browser is sent to sign in. Screenshots go to system-tests/target/screenshots/; the
 * README's copies in docs/screenshots/ are refreshed from there by hand when the screens change.
 */
class ConsoleIT {

    private static final String PASSWORD = "demo-password";
    private static final String CLINICIAN = "dr.console-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String OTHER = "dr.other-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String STATION = "dr.station-" + UUID.randomUUID().toString().substring(0, 6);
    private static final List<ServiceProcess> running = new ArrayList<>();
    /** The patient's birth date: 40 years old as of yesterday, in any zone. */
    private static final java.time.LocalDate BIRTH_DATE = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusYears(40).minusDays(2);
    /** The clinicians' zone: far from the browser's (UTC here), so a time shown in the wrong zone shows. */
    private static final java.time.ZoneId CLINICIANS_ZONE = java.time.ZoneId.of(ClinicianHours.zoneWhereItIsEarlyMorning(Instant.now()));
    private static ServiceProcess sessions;
    private static ServiceProcess vitals;
    private static ServiceProcess alerting;

    @BeforeAll
    static void startTheServices() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        List<String> console = List.of("-Dconsole.demo-users=" + CLINICIAN + ":clinician:Dr Console;" + OTHER
                + ":clinician:Dr Other;" + STATION + ":clinician:Dr Station;nurse.console:on-call:Nurse Console", "-Dconsole.demo-password=" + PASSWORD,
                // The station's safety-net re-read out of the way: a tile that changes does so by its notification.
                "-Dconsole.station-look=10m");
        sessions = ServiceProcess.start("session-service", "session-service-console", infrastructure, console);
        vitals = ServiceProcess.start("vitals-service", "vitals-service-console", infrastructure, List.of());
        alerting = ServiceProcess.start("alerting-service", "alerting-service-console", infrastructure, List.of());
        running.addAll(List.of(sessions, vitals, alerting));
        running.forEach(ServiceProcess::awaitReady);
    }

    @AfterAll
    static void stopTheServices() throws InterruptedException {
        for (ServiceProcess service : running) {
            service.close();
        }
    }

    private static WebDriver browser() {
        return HeadlessChromium.start(1280, 1000);
    }

    private static void signIn(WebDriver browser, String user) {
        browser.get(sessions.url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(sessions.url("/console")));
    }

    /** A time of day as a browser may write it, whatever the hour: 24-hour "00:17", or 12-hour "12:17 AM" and "9:05 PM". */
    private static String[] clockReadings(java.time.ZonedDateTime at, String before, String after) {
        String amPm = java.time.format.DateTimeFormatter.ofPattern("a", java.util.Locale.US).format(at);
        return java.util.stream.Stream.of("HH:mm", "hh:mm '" + amPm + "'", "h:mm '" + amPm + "'")
                .map(pattern -> before + java.time.format.DateTimeFormatter.ofPattern(pattern).format(at) + after)
                .toArray(String[]::new);
    }

    private static void screenshot(WebDriver browser, String name) throws java.io.IOException {
        Path target = DevKeys.projectRoot().resolve("system-tests/target/screenshots").resolve(name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A dosing session of the clinician (created if new), booked after a completed preparation, with a paired cuff; returns (session, device token). */
    private static String[] dosingSession(String owner) {
        return dosingSession(owner, 0);
    }

    /** As {@link #dosingSession(String)}, booked {@code laterBy} hours later (another session of the same clinician). */
    private static String[] dosingSession(String owner, int laterBy) {
        String admin = DevTokens.forRole(Roles.ADMIN);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(owner, owner, CLINICIANS_ZONE.getId()))
                .post(sessions.url("/clinicians")).then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        String patientId = UUID.randomUUID().toString();
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                List.of(), null, new care.ketamine.contracts.intake.DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US",
                "gate code 4512", "911"), true, new TreatmentPlanApproved.Patient("Alex", "Rivera", BIRTH_DATE));
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        String scheduler = DevTokens.forRole(Roles.SCHEDULER);
        String clinician = DevTokens.sign(owner, Roles.CLINICIAN, null, Duration.ofHours(1));
        String prep = await().atMost(Duration.ofSeconds(15)).until(() -> given().auth().oauth2(scheduler)
                .contentType(ContentType.JSON).body(booking(patientId, owner, "PREPARATION", 1 + laterBy))
                .post(sessions.url("/sessions")).then().extract(), r -> r.statusCode() == 201).path("id");
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{}")
                .post(sessions.url("/sessions/{id}/complete"), prep).then().statusCode(200);
        String dosing = given().auth().oauth2(scheduler).contentType(ContentType.JSON).body(booking(patientId, owner, "DOSING", 3 + laterBy))
                .post(sessions.url("/sessions")).then().statusCode(201).extract().path("id");
        String device = given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post(sessions.url("/sessions/{id}/devices"), dosing).then().statusCode(201).extract().path("token");
        return new String[]{dosing, device};
    }

    private static String booking(String patientId, String clinicianId, String type, int hoursFromNow) {
        Instant start = Instant.now().plus(Duration.ofHours(hoursFromNow)).truncatedTo(ChronoUnit.HOURS);
        return "{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"%s\", \"start\": \"%s\"}"
                .formatted(patientId, clinicianId, type, start);
    }

    /** A reading through the vitals API; until vitals has heard of the check-in (via Kafka) it answers 409, and the device retries. */
    private static void reading(String session, String device, int systolic, int diastolic) {
        String readingId = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(device)
                .contentType(ContentType.JSON).body("""
                        {"readingId": "%s", "systolic": %d, "diastolic": %d, "heartRate": 82, "spo2": 97, "measuredAt": "%s"}"""
                        .formatted(readingId, systolic, diastolic, Instant.now()))
                .post(vitals.url("/sessions/{id}/readings"), session).statusCode() == 202);
    }

    private static void step(WebDriver browser, WebDriverWait wait, String step) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-step='" + step + "']"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
    }

    @Test
    void shouldLetTheClinicianRunTheSessionWatchItLiveActOnAnAlertAndDoseSafely() throws Exception {
        String[] created = dosingSession(CLINICIAN);
        String session = created[0];
        String device = created[1];
        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
            signIn(browser, CLINICIAN);
            // Signed in, the clinician lands on the central station; today's list is a link away.
            wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-page", "station"));
            browser.findElement(By.linkText("Today")).click();
            wait.until(ExpectedConditions.urlToBe(sessions.url("/console/today")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions"), "DOSING"));
            assertThat(browser.findElement(By.id("sessions")).getText()).contains("PREPARATION").contains("COMPLETED")
                    .contains("SCHEDULED");
            assertThat(browser.findElement(By.xpath("//table[@id='sessions']//tr[td[text()='DOSING']]")).getText())
                    .as("the patient by name and age, not by id").contains("Alex Rivera, 40");
            screenshot(browser, "today");
            browser.findElement(By.xpath("//table[@id='sessions']//tr[td[text()='DOSING']]//a")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "SCHEDULED"));
            assertThat(browser.findElement(By.id("patient")).getText()).isEqualTo("Alex Rivera, 40");

            // Check in: the plan's sitter is prefilled; the clinician confirms the patient is online, at the plan's address.
            assertThat(browser.findElement(By.id("emergency-number")).getText()).isEqualTo("911");
            step(browser, wait, "check-in");
            browser.findElement(By.id("field-patientOnline")).click();
            browser.findElement(By.id("field-addressConfirmed")).click();
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "CHECKED_IN"));
            assertThat(browser.findElement(By.id("dosing-address")).getText())
                    .startsWith("12 Oak St, Oakland, CA 94607, US (gate code 4512) — confirmed by");

            // A reading through the vitals API, then the pre-dose gate passes on it.
            reading(session, device, 128, 82);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("latest"), "128/82 mm[Hg]"));
            step(browser, wait, "gate");
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "PRE_DOSE_CHECK"));
            assertThat(browser.findElements(By.cssSelector("#actions button")).stream().map(b -> b.getAttribute("data-step")))
                    .containsExactly("dose", "abort");
            // The passed gate counts down to its expiry (15 minutes).
            wait.until(ExpectedConditions.textMatches(By.id("countdown"), java.util.regex.Pattern.compile(
                    "Gate passes expire in 1[0-5]:\\d\\d")));

            // More readings arrive on the chart, live.
            reading(session, device, 134, 86);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("latest"), "134/86 mm[Hg]"));
            assertThat(browser.findElements(By.cssSelector("#bp-chart canvas"))).isNotEmpty();

            // A crisis: the alert appears, and the clinician acknowledges it with a comment.
            long posted = System.nanoTime();
            reading(session, device, 192, 124);
            WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article.alert.CRITICAL")));
            System.out.printf("console test: crisis reading posted to alert shown in %d ms%n",
                    Duration.ofNanos(System.nanoTime() - posted).toMillis());
            assertThat(alert.getText()).contains("Hypertensive crisis").contains("192/124");
            String alertId = alert.getAttribute("data-alert-id");
            screenshot(browser, "session");
            alert.findElement(By.cssSelector("input")).sendKeys("Calling the patient to retest");
            alert.findElement(By.cssSelector("button.ack")).click();
            // The alert panel is redrawn as the alert's versions arrive: look the article up again when it is.
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(ExpectedConditions.attributeToBe(By.cssSelector("article.alert[data-alert-id='" + alertId + "']"),
                            "data-status", "ACKNOWLEDGED"));
            given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).get(alerting.url("/alerts/{id}"), alertId).then()
                    .statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("ACKNOWLEDGED"))
                    .body("acknowledgedBy", org.hamcrest.Matchers.equalTo(CLINICIAN))
                    .body("acknowledgement", org.hamcrest.Matchers.equalTo("Calling the patient to retest"));

            // The dose is not offered while the crisis alert is open and the latest reading fails the gate: its button is
            // disabled and says why in words, the server's reason for refusing it.
            WebElement whyNot = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(
                    org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                        List<WebElement> shown = d.findElements(By.id("why-not-dose"));
                        return !shown.isEmpty() && shown.get(0).getText().contains("192/124")
                                && shown.get(0).getText().contains("(CRITICAL, ACKNOWLEDGED) is unresolved") ? shown.get(0) : null;
                    });
            assertThat(whyNot.isDisplayed()).isTrue();
            assertThat(whyNot.getText()).startsWith("cannot authorize the dose: ");
            assertThat(browser.findElement(By.cssSelector("button[data-step='dose']")).isEnabled()).isFalse();
            assertThat(browser.findElement(By.cssSelector("button[data-step='abort']")).isEnabled()).isTrue();
            assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("PRE_DOSE_CHECK");
            screenshot(browser, "dose-refused");

            // A normal reading comes in, the clinician resolves the alert, and the dose is authorized on the new picture.
            reading(session, device, 126, 80);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("latest"), "126/80 mm[Hg]"));
            // Both alerts the crisis raised (the crisis and the rise over the pre-dose reading) are resolved. The panel is
            // redrawn as the alerts' versions arrive (the comment typed survives): each is found again if it was.
            java.util.Set<String> resolved = new java.util.HashSet<>();
            // A panel redrawn or scrolled under the typing is tried again (stale or not yet interactable).
            new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
                    .until(d -> {
                        for (WebElement open : d.findElements(By.cssSelector("article.alert"))) {
                            String id = open.getAttribute("data-alert-id");
                            if (!resolved.contains(id)) {
                                WebElement comment = open.findElement(By.cssSelector("input"));
                                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", comment);
                                comment.clear();
                                comment.sendKeys("Retested at rest: 126/80");
                                open.findElement(By.cssSelector("button.resolve")).click();
                                resolved.add(id);
                            }
                        }
                        return d.findElements(By.cssSelector("article.alert")).isEmpty();
                    });
            assertThat(resolved).contains(alertId);
            // The page asks for the steps again as readings and alerts arrive: the dose is offered once nothing blocks it.
            try {
                new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                        .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-step='dose']")));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("The dose stayed blocked: " + browser.findElement(By.id("actions")).getText(), e);
            }
            step(browser, wait, "dose");
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "DOSE_AUTHORIZED"));
            wait.until(ExpectedConditions.textMatches(By.id("countdown"), java.util.regex.Pattern.compile(
                    "The dose authorization expires in 1[0-5]:\\d\\d")));
            assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
            WebElement tablet = browser.findElement(By.cssSelector("button[data-step='tablet-taken']"));
            assertThat(tablet.getText()).isEqualTo("Patient has taken the tablet");
            screenshot(browser, "dose-authorized");

            // The clinician confirms the tablet on the patient's behalf: the dose time counts from now.
            step(browser, wait, "tablet-taken");
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "DOSED"));
            assertThat(browser.findElement(By.id("countdown")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("tablet")).getText()).contains("confirmed by the clinician " + CLINICIAN);
            // One clock: the dose time in the clinician's zone (the browser's is UTC), whichever way the locale writes hours.
            Instant dosedAt = Instant.parse(given().auth().oauth2(DevTokens.sign(CLINICIAN, Roles.CLINICIAN, null, Duration.ofHours(1)))
                    .get(sessions.url("/sessions/{id}"), session).then().statusCode(200).extract().path("dosedAt"));
            java.time.ZonedDateTime dosedThere = dosedAt.atZone(CLINICIANS_ZONE);
            assertThat(browser.findElement(By.id("tablet")).getText()).containsAnyOf(clockReadings(dosedThere, "Tablet taken at ", ""));
            // Beside it, the patient's local time, from their plan's zone (PST or PDT).
            java.time.ZonedDateTime dosedAtHome = dosedAt.atZone(java.time.ZoneId.of("America/Los_Angeles"));
            assertThat(browser.findElement(By.id("dose-patient-time")).getText()).endsWith("the patient's time)")
                    .containsAnyOf(clockReadings(dosedAtHome, "", " P"));
            step(browser, wait, "monitoring");
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "MONITORING"));

            // The patient checks in unprompted from their phone: the timeline shows what they answered.
            given().auth().oauth2(device).contentType(ContentType.JSON).body("""
                    {"checkInId": "%s", "unreality": 2, "bodyDisconnection": 1, "timeDistortion": 0, "nausea": 3, "anxiety": 2,
                     "feelsOk": true, "answeredAt": "%s"}""".formatted(UUID.randomUUID(), Instant.now()))
                    .post(vitals.url("/sessions/{id}/check-ins/patient"), session).then().statusCode(202);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "patient check-in · answered: dissociation 3 of 12 (unreality 2, body 1, time 0) · nausea 3 · anxiety 2 of 10 · feels OK"));

            // Recovery is proposed from the data: each criterion with its figures; the floor is not met minutes after the dose.
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#criteria tr[data-criterion='floor']")));
            assertThat(browser.findElement(By.cssSelector("#criteria tr[data-criterion='floor']")).getAttribute("data-met"))
                    .isEqualTo("false");
            assertThat(browser.findElement(By.cssSelector("#criteria tr[data-criterion='alerts']")).getAttribute("data-met"))
                    .isEqualTo("true");
            WebElement record = browser.findElement(By.id("record-link"));
            assertThat(record.getText()).isEqualTo("Monitoring record (PDF)");
            Object pdf = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('record-link').href, {credentials: 'same-origin'})
                      .then(async r => done(r.status + ' ' + r.headers.get('Content-Type') + ' '
                        + new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))))
                      .catch(e => done('failed ' + e));""");
            assertThat(pdf).isEqualTo("200 application/pdf %PDF-");
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                    browser.findElement(By.id("discharge")));
            screenshot(browser, "discharge");
            // Recovery cannot be confirmed before the floor, which has no override: the step is offered disabled, saying why.
            assertThat(browser.findElement(By.cssSelector("button[data-step='recovery']")).isEnabled()).isFalse();
            assertThat(browser.findElement(By.id("why-not-recovery")).getText()).startsWith("cannot end monitoring before ")
                    .endsWith("(120 minutes after the dose)");
            assertThat(browser.findElements(By.id("override-floor"))).isEmpty();
            screenshot(browser, "recovery-blocked");
            // The charts once dosed: minutes since the dose below, the clinician's clock above.
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                    browser.findElement(By.cssSelector("section.charts")));
            screenshot(browser, "session-charts");

            // Aborted after the dose: ended early, still monitored.
            step(browser, wait, "abort");
            browser.findElement(By.id("field-reason")).sendKeys("Patient asked to stop");
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "ENDED_EARLY"));
            assertThat(browser.findElement(By.id("state-note")).getText()).contains("Ended early, still monitored");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("discharge-title"), "Discharge (ended early)"));

            // Handed over: who was called, when (now by default) and why are all required.
            step(browser, wait, "handover");
            browser.findElement(By.id("field-called")).sendKeys("911");
            browser.findElement(By.id("field-reason")).sendKeys("Chest pain reported by the sitter");
            browser.findElement(By.id("confirm-ok")).click();
            wait.until(ExpectedConditions.textToBe(By.id("state"), "HANDED_OVER"));
            WebElement figures = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("record-figures")));
            wait.until(ExpectedConditions.textToBePresentInElement(figures, "HANDED_OVER"));
            assertThat(figures.getText()).contains("126/80").contains("Hypertensive crisis");
            screenshot(browser, "record");
            given().auth().oauth2(DevTokens.sign(CLINICIAN, Roles.CLINICIAN, null, Duration.ofHours(1)))
                    .get(sessions.url("/sessions/{id}"), session).then().statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo("HANDED_OVER"))
                    .body("tabletConfirmedBy", org.hamcrest.Matchers.containsString(CLINICIAN));
        } finally {
            browser.quit();
        }
    }

    @Test
    void shouldRefuseAnotherCliniciansSessionAndSendASignedOutBrowserToSignIn() throws Exception {
        // Another clinician's session: OTHER signs in and is refused it.
        String session = dosingSession("dr.owner-" + UUID.randomUUID().toString().substring(0, 6))[0];
        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
            browser.get(sessions.url("/console"));
            wait.until(ExpectedConditions.urlToBe(sessions.url("/console/login")));
            screenshot(browser, "sign-in");
            browser.get(sessions.url("/console/sessions/" + session));
            wait.until(ExpectedConditions.urlToBe(sessions.url("/console/login")));

            signIn(browser, OTHER);
            browser.get(sessions.url("/console/sessions/" + session));
            WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")));
            assertThat(failure.getText()).contains("not one of your sessions");

            signIn(browser, "nurse.console");
            browser.get(sessions.url("/console/on-call"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#alerts p.note, #alerts article")));
            screenshot(browser, "on-call");
            // The service worker that shows pushed pages is registered for the console's scope. (Headless Chromium has no
            // push service: subscribing is not tried here.)
            Object worker = wait.until(d -> ((org.openqa.selenium.JavascriptExecutor) d).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    navigator.serviceWorker.getRegistration('/console/')
                      .then(r => done(r && r.active ? r.scope + ' ' + r.active.scriptURL : null))
                      .catch(e => done(null));"""));
            assertThat(worker).isEqualTo(sessions.url("/console/") + " " + sessions.url("/console/push-worker.js"));

            // "Get pages on this device": here (no Web Push key from alerting, notifications blocked, no push service in
            // headless Chromium) it can only say clearly why not; it never claims the device gets pages.
            WebElement getPages = browser.findElement(By.id("push-subscribe"));
            assertThat(getPages.getText()).isEqualTo("Get pages on this device");
            assertThat(browser.findElement(By.id("push-unsubscribe")).getText()).isEqualTo("Stop pages on this device");
            getPages.click();
            WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#push-status[data-state='refused']")));
            assertThat(status.getText()).matches("Pages to devices are not set up here|This browser cannot receive pages"
                    + "|Notifications are blocked for this site.*|Pages cannot come to this device: .+");
            screenshot(browser, "on-call-device-pages");

            browser.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.urlToBe(sessions.url("/console/login")));
            browser.get(sessions.url("/console"));
            wait.until(ExpectedConditions.urlToBe(sessions.url("/console/login")));
        } finally {
            browser.quit();
        }
    }

    /** The clinician's session checked in: the patient is online at the plan's address with the plan's sitter. */
    private static void checkIn(String owner, String session) {
        given().auth().oauth2(DevTokens.sign(owner, Roles.CLINICIAN, null, Duration.ofHours(1))).contentType(ContentType.JSON)
                .body("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"addressConfirmed\": true}")
                .post(sessions.url("/sessions/{id}/check-in"), session).then().statusCode(200);
    }

    @Test
    void shouldShowEveryLiveSessionOnTheStationSoundACriticalAlarmAndAcknowledgeItFromItsTile() throws Exception {
        String[] calm = dosingSession(STATION);
        String[] crisis = dosingSession(STATION, 5);
        checkIn(STATION, calm[0]);
        checkIn(STATION, crisis[0]);
        reading(calm[0], calm[1], 128, 82);
        reading(crisis[0], crisis[1], 192, 124);
        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            signIn(browser, STATION);
            browser.get(sessions.url("/console/station"));
            // Both live sessions, the one with the CRITICAL alarm first, flashing, by the patient's name.
            WebElement first = wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                List<WebElement> tiles = d.findElements(By.cssSelector("#tiles article.tile"));
                return tiles.size() == 2 && "CRITICAL".equals(tiles.get(0).getAttribute("data-urgency")) ? tiles.get(0) : null;
            });
            assertThat(first.getAttribute("data-session-id")).isEqualTo(crisis[0]);
            assertThat(first.getAttribute("class")).contains("flashing");
            assertThat(first.getText()).contains("Alex Rivera, 40").contains("192/124").contains("CHECKED_IN");
            assertThat(browser.findElement(By.id("alarm-banner")).getText()).startsWith("1 CRITICAL (1 not acknowledged)");
            WebElement calmTile = browser.findElement(By.cssSelector("#tiles article[data-session-id='" + calm[0] + "']"));
            assertThat(calmTile.getText()).contains("128/82");

            // No sound until a click arms it (the browser's autoplay rule); the page says so, then it sounds.
            assertThat(browser.findElement(By.id("sound-note")).isDisplayed()).isTrue();
            browser.findElement(By.id("alarm-banner")).click();
            wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-sound", "armed"));
            wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-sounding", "CRITICAL"));
            assertThat(browser.findElement(By.id("sound-note")).isDisplayed()).isFalse();
            screenshot(browser, "station");

            // Acknowledged from the tile, with a comment: the CRITICAL alarm stops sounding and flashing, and stays shown.
            String alertId = first.findElement(By.cssSelector("li.tile-alert.CRITICAL")).getAttribute("data-alert-id");
            first.findElement(By.cssSelector("li.tile-alert.CRITICAL input")).sendKeys("Calling the patient from the station");
            first.findElement(By.cssSelector("li.tile-alert.CRITICAL button.ack")).click();
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(ExpectedConditions.attributeToBe(
                    By.cssSelector("li.tile-alert[data-alert-id='" + alertId + "']"), "data-status", "ACKNOWLEDGED"));
            given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).get(alerting.url("/alerts/{id}"), alertId).then()
                    .statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("ACKNOWLEDGED"))
                    .body("acknowledgedBy", org.hamcrest.Matchers.equalTo(STATION))
                    .body("acknowledgement", org.hamcrest.Matchers.equalTo("Calling the patient from the station"));
            wait.until(d -> !"CRITICAL".equals(d.findElement(By.tagName("body")).getAttribute("data-sounding")));
            WebElement acknowledged = browser.findElement(By.cssSelector("#tiles article[data-session-id='" + crisis[0] + "']"));
            assertThat(acknowledged.getAttribute("class")).doesNotContain("flashing");
            assertThat(acknowledged.getText()).contains("acknowledged by " + STATION);
            screenshot(browser, "station-acknowledged");
            assertThat(browser.findElement(By.id("station-note")).getText()).endsWith("Live.");
            assertThat(browser.findElement(By.id("connection")).isDisplayed()).isFalse();

            // The live feed refused (every stream the person may hold is taken): the station says so, keeps up by asking
            // every 2 s, and is live again once a stream is free.
            browser.get("about:blank");
            await().atMost(Duration.ofSeconds(40)).until(() -> openStationStreams() == 0);
            List<EventStreamProbe> taken = takeEveryStream(STATION);
            try {
                browser.get(sessions.url("/console/station"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("connection")));
                wait.until(ExpectedConditions.textMatches(By.id("station-note"), java.util.regex.Pattern.compile("reconnecting")));
                reading(calm[0], calm[1], 134, 86);
                wait.until(d -> d.findElement(By.cssSelector("#tiles article[data-session-id='" + calm[0] + "']")).getText()
                        .contains("134/86"));
                screenshot(browser, "station-reconnecting");
            } finally {
                for (EventStreamProbe stream : taken) {
                    stream.close();
                }
            }
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.invisibilityOfElementLocated(By.id("connection")));
            assertThat(browser.findElement(By.id("station-note")).getText()).endsWith("Live.");
            reading(calm[0], calm[1], 136, 88);
            wait.until(d -> d.findElement(By.cssSelector("#tiles article[data-session-id='" + calm[0] + "']")).getText()
                    .contains("136/88"));
        } finally {
            browser.quit();
        }
    }

    /** The station streams open on session-service (its metrics). */
    private static double openStationStreams() {
        return given().get(sessions.managementUrl("/q/metrics")).then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("console_station_streams")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Station streams opened as the person until the service refuses one (429): every stream they may hold. */
    private static List<EventStreamProbe> takeEveryStream(String person) throws Exception {
        java.net.URI stream = java.net.URI.create(sessions.url("/console/api/station/stream"));
        java.util.Map<String, String> cookie = java.util.Map.of("Cookie", "console_token=" + DevTokens.forConsole(person, Roles.CLINICIAN));
        List<EventStreamProbe> taken = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                taken.add(EventStreamProbe.open(stream, cookie));
            } catch (AssertionError refused) {
                assertThat(refused.getMessage()).as("only too many streams may refuse one").endsWith("answered 429");
                assertThat(taken).as("streams admitted before the refusal").isNotEmpty();
                return taken;
            }
        }
        throw new AssertionError("session-service admitted 100 station streams of one person");
    }
}
