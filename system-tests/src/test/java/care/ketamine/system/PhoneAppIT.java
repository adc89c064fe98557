package care.ketamine.system;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The patient's and the sitter's phones in headless Chromium at phone size (360x740): the console shows a pairing QR
 * code, the test reads it from the console's screenshot as a phone camera would and opens it on the phone; the
 * patient confirms the tablet, answers a check-in (one of them taken offline and sent when the network is back, once)
 * and calls for help, which the clinician sees on the console; the sitter pairs, scores MOAA/S step by step and steps
 * out. Screenshots go to system-tests/target/screenshots/ (app-*.png).
 */
class PhoneAppIT {

    private static final String PASSWORD = "demo-password";
    private static final String CLINICIAN = "dr.app-" + UUID.randomUUID().toString().substring(0, 6);
    private static final List<ServiceProcess> running = new ArrayList<>();
    private static ServiceProcess sessions;
    private static ServiceProcess vitals;

    @BeforeAll
    static void startTheServices() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        vitals = ServiceProcess.start("vitals-service", "vitals-service-app", infrastructure,
                // session-service's port is chosen when it starts: any loopback origin here.
                List.of("-Dquarkus.http.cors.origins=/http://127\\.0\\.0\\.1:[0-9]+/"));
        sessions = ServiceProcess.start("session-service", "session-service-app", infrastructure,
                List.of("-Dconsole.demo-users=" + CLINICIAN + ":clinician:Dr App", "-Dconsole.demo-password=" + PASSWORD,
                        "-Dsessions.vitals-url=" + vitals.url("")));
        ServiceProcess alerting = ServiceProcess.start("alerting-service", "alerting-service-app", infrastructure, List.of());
        running.addAll(List.of(sessions, vitals, alerting));
        running.forEach(ServiceProcess::awaitReady);
    }

    @AfterAll
    static void stopTheServices() throws InterruptedException {
        for (ServiceProcess service : running) {
            service.close();
        }
    }

    @Test
    void shouldTakeThePatientAndTheSitterThroughADoseOnTheirPhones() throws Exception {
        String session = authorizedDose();
        WebDriver console = HeadlessChromium.start(1280, 1000);
        ChromeDriver patient = phone();
        ChromeDriver sitter = phone();
        try {
            WebDriverWait wait = new WebDriverWait(console, Duration.ofSeconds(20));
            signIn(console);
            console.get(sessions.url("/console/sessions/" + session));

            // Pairing: the console shows a QR code; the phone's camera reads it and opens the app with the code.
            String patientUrl = showPairingCode(console, wait, "pair-patient-phone");
            screenshot(console, "app-console-pairing-code");
            assertThat(patientUrl).startsWith(sessions.url("/app/#pair="));
            WebDriverWait onPatient = new WebDriverWait(patient, Duration.ofSeconds(20));
            patient.get(patientUrl);
            onPatient.until(ExpectedConditions.visibilityOfElementLocated(By.id("tablet")));
            assertThat(patient.getCurrentUrl()).as("the code leaves the address bar").doesNotContain("pair=");
            assertThat(patient.findElement(By.id("session-state")).getText()).isEqualTo("Dose approved");
            assertThat(patient.findElement(By.id("calls")).getText()).contains("Emergency · 911").contains("Sam Rivera");
            screenshot(patient, "app-patient-dose-approved");
            assertThat(accessibilityProblems(patient)).isEmpty();

            // The tablet, confirmed on the phone: the session is DOSED.
            tap(patient, patient.findElement(By.id("tablet-taken")));
            // Asked once more: the dose time counts from this tap.
            onPatient.until(ExpectedConditions.alertIsPresent()).accept();
            onPatient.until(ExpectedConditions.textToBe(By.id("session-state"), "Tablet taken"));
            String clinician = DevTokens.sign(CLINICIAN, Roles.CLINICIAN, null, Duration.ofHours(1));
            given().auth().oauth2(clinician).get(sessions.url("/sessions/{id}"), session).then().statusCode(200)
                    .body("state", equalTo("DOSED"));
            given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{}")
                    .post(sessions.url("/sessions/{id}/monitoring"), session).then().statusCode(200);

            // A check-in answered on the phone reaches the console's timeline.
            answerCheckIn(patient, 2, 1, 0, 3, 2, true);
            onPatient.until(ExpectedConditions.textToBe(By.id("status"), "Sent. Thank you."));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "dissociation 3 of 12 (unreality 2, body 1, time 0) · nausea 3 · anxiety 2 of 10 · feels OK"));

            // Offline: the answer waits on the phone, shown as waiting, and goes once when the network is back.
            patient.executeCdpCommand("Network.enable", Map.of());
            patient.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            answerCheckIn(patient, 1, 1, 1, 1, 1, true);
            onPatient.until(ExpectedConditions.textToBePresentInElementLocated(By.id("outbox"), "1 answer is waiting"));
            screenshot(patient, "app-patient-offline");
            patient.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            onPatient.until(ExpectedConditions.invisibilityOfElementLocated(By.id("outbox")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "dissociation 3 of 12 (unreality 1, body 1, time 1) · nausea 1 · anxiety 1 of 10 · feels OK"));
            assertThat(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> session.equals(r.key())
                    && r.value().contains("\"unreality\":1"), Duration.ofSeconds(10))).hasSize(1);

            // Help at one tap: a CRITICAL alert the clinician sees on the console.
            tap(patient, patient.findElement(By.id("help")));
            onPatient.until(ExpectedConditions.textToBePresentInElementLocated(By.id("help-status"), "Your clinic has been alerted"));
            assertThat(patient.findElement(By.cssSelector("#help-status a[href='tel:911']")).getText()).isEqualTo("Call 911");
            screenshot(patient, "app-patient-help-called");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), "CRITICAL · The patient asks for help now"));

            // The sitter: paired the same way, MOAA/S step by step, stepping out.
            String sitterUrl = showPairingCode(console, wait, "pair-sitter-phone");
            WebDriverWait onSitter = new WebDriverWait(sitter, Duration.ofSeconds(20));
            sitter.get(sessions.url("/app/"));
            onSitter.until(ExpectedConditions.visibilityOfElementLocated(By.id("pair-code")));
            screenshot(sitter, "app-pairing");
            assertThat(accessibilityProblems(sitter)).isEmpty();
            sitter.get(sitterUrl);
            onSitter.until(ExpectedConditions.visibilityOfElementLocated(By.id("moaas-steps")));
            assertThat(sitter.findElement(By.id("calls")).getText()).contains("Jo Rivera");
            screenshot(sitter, "app-sitter");
            assertThat(accessibilityProblems(sitter)).isEmpty();
            clickAnswer(sitter, onSitter, "Not at all");
            clickAnswer(sitter, onSitter, "Yes");
            onSitter.until(ExpectedConditions.textToBePresentInElementLocated(By.id("moaas-result"), "level 3 of 5"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "MOAA/S 3"));
            tap(sitter, sitter.findElement(By.id("step-out")));
            onSitter.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-back")));
            assertThat(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> session.equals(r.key())
                    && r.value().contains("sitter.presence") && r.value().contains("\"present\":false"), Duration.ofSeconds(10)))
                    .hasSize(1);
            screenshot(sitter, "app-sitter-stepped-out");

            // Spanish, at a tap; and at twice the text size nothing needs scrolling sideways on the phone.
            patient.findElement(By.id("language")).click();
            assertThat(patient.findElement(By.id("help")).getText()).isEqualTo("Necesito ayuda");
            screenshot(patient, "app-patient-spanish");
            patient.executeScript("document.documentElement.style.fontSize = '225%'");
            assertThat((Boolean) patient.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling at 200 % text").isTrue();
            screenshot(patient, "app-patient-large-text");
        } finally {
            console.quit();
            patient.quit();
            sitter.quit();
        }
    }

    /**
     * Clicks the console's button for a phone and reads the QR code from a screenshot of it, as a phone's camera would,
     * until it holds the code shown beside it; the address it holds.
     */
    private static String showPairingCode(WebDriver console, WebDriverWait wait, String button) {
        // The pairing buttons appear once the page has loaded the session and who is signed in.
        WebElement pair = wait.until(ExpectedConditions.elementToBeClickable(By.id(button)));
        String before = console.findElement(By.id("pairing-code-text")).getText();
        pair.click();
        wait.until(d -> !d.findElement(By.id("pairing-code-text")).getText().equals(before)
                && d.findElement(By.id("pairing-code")).isDisplayed());
        String shown = console.findElement(By.id("pairing-code-text")).getText().replace("-", "");
        return wait.until(d -> {
            WebElement qr = d.findElement(By.id("pairing-qr"));
            ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", qr);
            String read = readQr(qr.getScreenshotAs(OutputType.BYTES));
            return read != null && read.endsWith("#pair=" + shown) ? read : null;
        });
    }

    /** What a QR reader finds in the picture; null when it finds none. */
    private static String readQr(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                            new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (com.google.zxing.ReaderException | java.io.IOException notYet) {
            return null;
        }
    }

    /** A phone's screen: 360 x 740 CSS pixels at twice the density, touch, as a mid-range Android phone has. */
    private static ChromeDriver phone() {
        ChromeDriver phone = HeadlessChromium.start(360, 740);
        phone.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 360, "height", 740,
                "deviceScaleFactor", 2, "mobile", true));
        phone.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        return phone;
    }

    /** axe-core's WCAG 2.1 A and AA rules on the page as it is now: the serious and critical violations, with where. */
    @SuppressWarnings("unchecked")
    private static List<String> accessibilityProblems(ChromeDriver phone) throws java.io.IOException {
        phone.executeScript(Files.readString(DevKeys.projectRoot()
                .resolve("system-tests/browser-checks/node_modules/axe-core/axe.min.js")));
        return (List<String>) phone.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe did not run: ' + e]));""");
    }

    private static void answerCheckIn(WebDriver phone, int unreality, int body, int time, int nausea, int anxiety, boolean ok) {
        Map<String, Object> answers = Map.of("unreality", unreality, "bodyDisconnection", body, "timeDistortion", time,
                "nausea", nausea, "anxiety", anxiety, "feelsOk", ok);
        answers.forEach((field, value) -> tap(phone, phone.findElement(By.cssSelector("input[name='" + field + "'][value='" + value + "']"))));
        tap(phone, phone.findElement(By.cssSelector("#check-in button[type='submit']")));
    }

    /** As a finger does: on what is in sight, mid-screen (the notices stay at the top of the screen). */
    private static void tap(WebDriver phone, WebElement target) {
        ((JavascriptExecutor) phone).executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        target.click();
    }

    private static void clickAnswer(WebDriver phone, WebDriverWait wait, String text) {
        tap(phone, wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//ol[@id='moaas-steps']/li[last()]//button[normalize-space()='" + text + "']"))));
    }

    private static void signIn(WebDriver browser) {
        browser.get(sessions.url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(CLINICIAN);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(sessions.url("/console")));
    }

    private static void screenshot(WebDriver browser, String name) throws java.io.IOException {
        Path target = DevKeys.projectRoot().resolve("system-tests/target/screenshots").resolve(name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A dosing session checked in, through the pre-dose gate and authorized, with a monitor that sent the gate's reading.
     * Up to a minute for each step: the reading reaches the gate through the broker, whose consumers have just started.
     */
    private static String authorizedDose() {
        String admin = DevTokens.forRole(Roles.ADMIN);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(CLINICIAN, "Dr App"))
                .post(sessions.url("/clinicians")).then().statusCode(201);
        String patientId = UUID.randomUUID().toString();
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                List.of(), null, new DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US", null, "911"), true,
                new TreatmentPlanApproved.Patient("Alex", "Rivera", java.time.LocalDate.of(1985, 3, 14)));
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        String scheduler = DevTokens.forRole(Roles.SCHEDULER);
        String clinician = DevTokens.sign(CLINICIAN, Roles.CLINICIAN, null, Duration.ofHours(1));
        String prep = await().atMost(Duration.ofSeconds(15)).until(() -> given().auth().oauth2(scheduler)
                .contentType(ContentType.JSON).body(booking(patientId, "PREPARATION", 1))
                .post(sessions.url("/sessions")).then().extract(), r -> r.statusCode() == 201).path("id");
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{}")
                .post(sessions.url("/sessions/{id}/complete"), prep).then().statusCode(200);
        String dosing = given().auth().oauth2(scheduler).contentType(ContentType.JSON).body(booking(patientId, "DOSING", 3))
                .post(sessions.url("/sessions")).then().statusCode(201).extract().path("id");
        String monitor = given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"role\": \"patient-device\", \"label\": \"monitor\"}")
                .post(sessions.url("/sessions/{id}/devices"), dosing).then().statusCode(201).extract().path("token");
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"addressConfirmed\": true}")
                .post(sessions.url("/sessions/{id}/check-in"), dosing).then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(monitor).contentType(ContentType.JSON).body("""
                        {"readingId": "gate", "systolic": 126, "diastolic": 80, "heartRate": 72, "spo2": 98, "measuredAt": "%s"}"""
                        .formatted(Instant.now().minusSeconds(1)))
                .post(vitals.url("/sessions/{id}/readings"), dosing).statusCode() == 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{}").post(sessions.url("/sessions/{id}/gate"), dosing).then().statusCode(200)
                .body("state", equalTo("PRE_DOSE_CHECK")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{}").post(sessions.url("/sessions/{id}/dose"), dosing).then().statusCode(200)
                .body("state", equalTo("DOSE_AUTHORIZED")));
        return dosing;
    }

    private static String booking(String patientId, String type, int hoursFromNow) {
        Instant start = Instant.now().plus(Duration.ofHours(hoursFromNow)).truncatedTo(ChronoUnit.HOURS);
        return "{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"%s\", \"start\": \"%s\"}"
                .formatted(patientId, CLINICIAN, type, start);
    }
}
