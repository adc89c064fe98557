package care.ketamine.platform.time;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * The patient protocol's durations (the monitoring floor, how fresh a gate reading must be, the
 * check-in cadence, when a prompt counts as missed) divided by {@code clinic.time-compression}.
 * It is 1 everywhere but a demonstration or a test of whole sessions, where the device simulator
 * runs a 2-hour session in minutes. Staff response times (escalation, re-opening) are never
 * compressed: the people answering are real. Set the same factor on every service of a stack.
 */
@ApplicationScoped
public class ClinicalTime {

    public static final int MAX_COMPRESSION = 600;
    private static final Logger LOG = Logger.getLogger(ClinicalTime.class);

    private static final Instant TIMELINE_ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    private final int compression;

    public ClinicalTime(@ConfigProperty(name = "clinic.time-compression", defaultValue = "1") int compression,
                        MeterRegistry registry) {
        if (compression < 1 || compression > MAX_COMPRESSION) {
            throw new IllegalArgumentException("clinic.time-compression must be between 1 and " + MAX_COMPRESSION
                    + " (1: real time), not " + compression);
        }
        this.compression = compression;
        Gauge.builder("clinic_time_compression", () -> compression)
                .description("Clinical protocol durations are divided by this; 1 in any real deployment")
                .register(registry);
    }

    void warnWhenCompressed(@Observes StartupEvent started) {
        if (compressed()) {
            LOG.warnf("CLINICAL TIME IS COMPRESSED %dx: the monitoring floor, check-in cadence and missed-check-in limits are "
                    + "divided by %d. For demonstrations and tests only, never with real patients.", compression, compression);
        }
    }

    /** A protocol duration as it runs on this stack: {@code clinical / compression}. */
    public Duration scaled(Duration clinical) {
        return compressed() ? clinical.dividedBy(compression) : clinical;
    }

    /**
     * An instant on the clinical timeline, where the protocol's durations hold unscaled: a rule that
     * wants 15 s of SpO2 data judges readings 250 ms apart at 60x as 15 s apart. The identity at 1x.
     * Anchored at a fixed instant, so that clinical instants kept in a database stay comparable
     * across restarts with the same compression.
     */
    public Instant clinical(Instant real) {
        return real == null || !compressed() ? real
                : TIMELINE_ANCHOR.plus(Duration.between(TIMELINE_ANCHOR, real).multipliedBy(compression));
    }

    /** The wall-clock instant of a clinical one; the inverse of {@link #clinical(Instant)}. */
    public Instant real(Instant clinical) {
        return clinical == null || !compressed() ? clinical
                : TIMELINE_ANCHOR.plus(Duration.between(TIMELINE_ANCHOR, clinical).dividedBy(compression));
    }

    public int compression() {
        return compression;
    }

    public boolean compressed() {
        return compression > 1;
    }
}
