package care.ketamine.alerting.domain;

import java.time.Instant;

/**
 * Where the sitter is, as their app last said: in the home (within voice range) or stepped out, and since when.
 * Changes may arrive out of order (an app retrying late); the one that happened last counts (CheckInEvaluation's
 * upsert keeps it).
 */
public record SitterPresence(boolean present, Instant at) {
}
