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

    /** How far in the future a reading's (corrected) time may be before it is refused. */
    Duration maxFutureSkew();

    /**
     * A device clock off by more than this (server receive time - the request's deviceTime) has its readings'
     * times corrected by the offset; within it they are taken as sent (see DeviceClock).
     */
    @io.smallrye.config.WithDefault("2M")
    Duration clockOffsetBound();
}
