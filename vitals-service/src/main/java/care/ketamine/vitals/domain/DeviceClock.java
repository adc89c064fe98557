package care.ketamine.vitals.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Corrects a device's clock the way the HL7 Personal Health Device IG's "coincident time stamp" does: the device
 * sends its current time with the request, the server reads its own clock at receipt, and the difference
 * (server receive time - device time) is the device clock's offset. An offset within {@code bound} is taken for
 * transmission delay and ordinary drift and nothing is changed; past it, the device's times are shifted by the
 * offset so the reading sits on the server's timeline. The device's own value is kept as deviceMeasuredAt.
 *
 * <p>The offset includes the time the request spent in transit, so it is never exact: the bound (2 minutes by
 * default, {@code vitals.ingest.clock-offset-bound}) is well above a slow phone upload and well below the cuff's
 * 5-minute cadence, so a corrected reading never lands in the wrong cuff interval.
 */
public record DeviceClock(Duration bound) {

    /** One coincident reading of the two clocks. */
    public record Sample(Instant deviceTime, Instant receivedAt) {

        /** Server receive time minus device time: positive for a slow device clock, negative for a fast one. */
        public Duration offset() {
            return Duration.between(deviceTime, receivedAt);
        }
    }

    /** The measurement time on the server's clock; unchanged without a sample or within the bound. */
    public Instant corrected(Instant deviceMeasuredAt, Sample sample) {
        if (deviceMeasuredAt == null || sample == null || !corrects(sample)) {
            return deviceMeasuredAt;
        }
        return deviceMeasuredAt.plus(sample.offset());
    }

    /** Whether the sample's offset is past the bound, so the device's times are corrected. */
    public boolean corrects(Sample sample) {
        return sample.offset().abs().compareTo(bound) > 0;
    }
}
