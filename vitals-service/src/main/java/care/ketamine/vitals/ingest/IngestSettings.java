package care.ketamine.vitals.ingest;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** How the ingest endpoints treat devices. */
@ConfigMapping(prefix = "vitals.ingest")
public interface IngestSettings {

    /** How long a device waits for the broker's acknowledgement before it is told to retry. */
    Duration brokerAckTimeout();

    /** The Retry-After a device gets when the broker did not acknowledge in time. */
    int retryAfterSeconds();

    /**
     * Readings and check-ins (each item of a batch counts) waiting for screening or the broker's ack at most; a
     * request beyond it is answered 503 at once. A request arriving when nothing waits is always taken.
     */
    int maxWaiting();

    /** How far in the future a device clock may be before its reading is refused. */
    Duration maxFutureSkew();
}
