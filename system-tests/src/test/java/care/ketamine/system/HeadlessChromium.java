package care.ketamine.system;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Debian's Chromium, headless, driven by its chromedriver: the browser of every browser test. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** A fresh browser (its own profile) with a window of this size; quit() it when done. */
    static ChromeDriver start(int width, int height) {
        // Selenium Manager would try to download a driver: the Debian package's is used.
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile());
        // Notifications blocked: asking for them answers at once instead of waiting on a prompt nobody sees.
        options.setExperimentalOption("prefs", Map.of("profile.default_content_setting_values.notifications", 2));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String profile() {
        try {
            return Files.createTempDirectory("chromium-profile").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
