package care.ketamine.session.domain;

import java.time.Instant;

/** The latest reading the pre-dose gate looks at; heart rate may be missing. */
public record GateReading(int systolic, int diastolic, Integer heartRate, Instant measuredAt) {
}
