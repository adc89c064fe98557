package care.ketamine.system;

import care.ketamine.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's red banner in headless Chromium: none while vitals and alerting send their heartbeats; alerting
 * stopped, the banner on the screen within 30 s of its last heartbeat (plus a poll), naming alerting and the time.
 */
class PipelineBannerIT {

    private static final String PASSWORD = "demo-password";
    private static final String CLINICIAN = "dr.banner-" + UUID.randomUUID().toString().substring(0, 6);
    private static final List<ServiceProcess> running = new ArrayList<>();
    private static ServiceProcess sessions;
    private static ServiceProcess alerting;

    @BeforeAll
    static void startTheServices() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        sessions = ServiceProcess.start("session-service", "session-service-banner", infrastructure,
                List.of("-Dconsole.demo-users=" + CLINICIAN + ":clinician:Dr Banner", "-Dconsole.demo-password=" + PASSWORD));
        ServiceProcess vitals = ServiceProcess.start("vitals-service", "vitals-service-banner", infrastructure, List.of());
        alerting = ServiceProcess.start("alerting-service", "alerting-service-banner", infrastructure, List.of());
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
    void shouldShowTheRedBannerOnTheConsoleWhenAlertingStops() throws Exception {
        WebDriver browser = HeadlessChromium.start(1280, 1000);
        try {
            browser.get(sessions.url("/console/login"));
            browser.findElement(By.id("username")).sendKeys(CLINICIAN);
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.findElement(By.id("sign-in")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(sessions.url("/console")));

            // Heard from both, well past the first 30 s of session-service's watch: a poll (every 5 s) names neither. (The
            // banner may still show alerting's open system alerts: pages of other system tests that nobody answered.)
            Thread.sleep(6_000);
            assertThat(browser.findElements(By.cssSelector("#pipeline-banner [data-service='alerting-service'], "
                    + "#pipeline-banner [data-service='vitals-service']"))).isEmpty();

            alerting.close();
            WebElement banner = new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#pipeline-banner [data-service='alerting-service']")));
            assertThat(banner.getText()).matches("Alerting has not been heard from since \\d{1,2}:\\d{2}:\\d{2}.*"
                    + "alarms may not reach you; call the on-call engineer");
            assertThat(browser.findElements(By.cssSelector("#pipeline-banner [data-service='vitals-service']"))).isEmpty();

            browser.get(sessions.url("/console/on-call"));
            assertThat(new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions
                    .visibilityOfElementLocated(By.id("pipeline-banner"))).getText()).startsWith("Alerting has not been heard from");
        } finally {
            browser.quit();
        }
    }
}
