package care.ketamine.vitals.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When check-in prompts are due: every {@code every} from the dose, for {@code window}; the
 * first one {@code every} after the dose (the default cadence: every 15 minutes for the first
 * 2 hours, 8 prompts). The sitter is prompted at every slot; the patient at every slot but those
 * in the patient's quiet window, from {@code patientQuietFrom} (inclusive) to {@code patientQuietUntil}
 * (exclusive) after the dose: by default 20 to 60 minutes, the peak of dissociation (CADSS peaks at
 * 40 minutes; clinical reference, "What clinic practice monitors"), when a patient cannot be expected
 * to answer. The sitter's prompts carry that window. With the default cadence the patient is not
 * asked at 30 and 45 minutes.
 */
public record PromptSchedule(Duration every, Duration window, Duration patientQuietFrom, Duration patientQuietUntil) {

    public PromptSchedule {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("the cadence must be positive");
        }
    }

    /** A schedule that prompts the patient at every slot. */
    public PromptSchedule(Duration every, Duration window) {
        this(every, window, Duration.ZERO, Duration.ZERO);
    }

    /** The due times after a dose at {@code dosedAt}, in order; slot n is {@code dosedAt + n * every}. */
    public List<Instant> dueTimes(Instant dosedAt) {
        List<Instant> due = new ArrayList<>();
        for (Instant at = dosedAt.plus(every); !at.isAfter(dosedAt.plus(window)); at = at.plus(every)) {
            due.add(at);
        }
        return due;
    }

    /** Whether the patient is left alone at this due time (the sitter is still prompted). */
    public boolean patientQuiet(Instant dosedAt, Instant due) {
        Duration sinceDose = Duration.between(dosedAt, due);
        return sinceDose.compareTo(patientQuietFrom) >= 0 && sinceDose.compareTo(patientQuietUntil) < 0;
    }
}
