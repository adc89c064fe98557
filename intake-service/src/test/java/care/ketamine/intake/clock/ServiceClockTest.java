package care.ketamine.intake.clock;

import care.ketamine.platform.time.DatabaseTime;
import care.ketamine.platform.time.ServiceTime;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.MetricLine;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The clock every rule of the service reads keeps PostgreSQL's time: a step of the host's clock (through the
 * fault runs' step file) moves only the metric that reports it, and a service clock knocked off is set back
 * at the next comparison.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ServiceClockTest {

    private static final Path STEP = Path.of("target/host-clock-step");

    @Inject
    Clock clock;
    @Inject
    ServiceTime serviceTime;
    @Inject
    DatabaseTime databaseTime;

    @AfterEach
    void hostClockRight() throws Exception {
        Files.deleteIfExists(STEP);
        databaseTime.check();
    }

    @Test
    void shouldHandTheRulesTheServiceTime() {
        assertThat(clock).isSameAs(serviceTime);
    }

    @Test
    void shouldNotFollowAStepOfTheHostClockAndShouldSayHowFarOffTheHostIs() throws Exception {
        Files.writeString(STEP, "120");

        assertThat(databaseTime.check()).as("compared with the database").isTrue();

        // PostgreSQL runs on this host, whose real clock the step file does not move.
        assertThat(Duration.between(Instant.now(), clock.instant()).toMillis()).isCloseTo(0L, within(1000L));
        assertThat(metric("service_host_clock_offset_seconds")).isCloseTo(120.0, within(1.0));

        Files.writeString(STEP, "-120");
        databaseTime.check();
        assertThat(Duration.between(Instant.now(), clock.instant()).toMillis()).isCloseTo(0L, within(1000L));
        assertThat(metric("service_host_clock_offset_seconds")).isCloseTo(-120.0, within(1.0));
    }

    @Test
    void shouldSetAServiceClockThatIsOffBackToTheDatabasesTime() {
        double corrections = metric("service_clock_corrections_total");
        serviceTime.keepWith(Instant.now().plus(Duration.ofHours(1)), Duration.ZERO, Duration.ZERO);
        assertThat(Duration.between(Instant.now(), clock.instant())).isGreaterThan(Duration.ofMinutes(59));

        assertThat(databaseTime.check()).isTrue();

        assertThat(Duration.between(Instant.now(), clock.instant()).toMillis()).isCloseTo(0L, within(1000L));
        assertThat(metric("service_clock_offset_seconds")).as("how far ahead it was").isCloseTo(3600.0, within(2.0));
        assertThat(metric("service_clock_corrections_total")).isEqualTo(corrections + 1);
    }

    private static double metric(String name) {
        String metrics = ManagementInterface.request().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(MetricLine::value).sum();
    }
}
