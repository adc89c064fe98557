package care.ketamine.vitals.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When check-in prompts are due: every {@code every} from the dose, for {@code window}; the
 * first one {@code every} after the dose (the default cadence: every 15 minutes for the first
 * 2 hours, 8 prompts). Patient and sitter are each prompted at every slot.
 */
public record PromptSchedule(Duration every, Duration window) {

    public PromptSchedule {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("the cadence must be positive");
        }
    }

    /** The due times after a dose at {@code dosedAt}, in order; slot n is {@code dosedAt + n * every}. */
    public List<Instant> dueTimes(Instant dosedAt) {
        List<Instant> due = new ArrayList<>();
        for (Instant at = dosedAt.plus(every); !at.isAfter(dosedAt.plus(window)); at = at.plus(every)) {
            due.add(at);
        }
        return due;
    }
}
