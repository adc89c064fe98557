package care.ketamine.session.domain;

import java.time.Instant;

/** The sitter's latest check-in: MOAA/S as observed (5: responds readily to name) and whether they are there. */
public record SitterLook(int moaas, boolean present, Instant answeredAt) {
}
