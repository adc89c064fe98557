package care.ketamine.platform.time;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The host's wall clock, which {@link ServiceTime} starts from and compares with. A fault run steps it
 * through {@code service.clock.host-step-file}: the seconds written there are added to it, the way an NTP
 * step would move it. Unset everywhere else.
 */
public final class HostClock {

    private static final double MAX_STEP_SECONDS = 366 * 24 * 3600;

    private final Optional<Path> stepFile;

    public HostClock(Optional<Path> stepFile) {
        this.stepFile = stepFile;
    }

    public Instant instant() {
        return Clock.systemUTC().instant().plus(step());
    }

    /** What the step file says now; nothing when it is absent, empty or not a number. */
    Duration step() {
        if (stepFile.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            String seconds = Files.readString(stepFile.get()).trim();
            double step = seconds.isEmpty() ? 0 : Double.parseDouble(seconds);
            // A step past a year is a typo, not a fault to inject (and "Infinity" would not fit an Instant).
            return Math.abs(step) <= MAX_STEP_SECONDS ? Duration.ofMillis(Math.round(step * 1000)) : Duration.ZERO;
        } catch (IOException | NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    public boolean stepped() {
        return stepFile.isPresent();
    }
}
