package care.ketamine.intake.domain;

import java.util.List;

/**
 * Small-cell suppression for program figures: a figure counted over fewer than {@link #MIN_N}
 * patients is not released, neither its value nor its n, so that no one can be singled out of a
 * small cohort. What is withheld says why.
 */
public final class SmallCells {

    public static final int MIN_N = 11;
    public static final String REASON = "suppressed: fewer than " + MIN_N + " patients (small-cell suppression)";

    /** A figure as released: percent and n are null, and suppressed says why, when n is below the minimum. */
    public record Released(String name, Double percent, Integer n, String cohort, String suppressed) {
    }

    private SmallCells() {
    }

    public static List<Released> release(List<ProgramOutcomes.Figure> figures) {
        return figures.stream().map(f -> shown(f.n())
                ? new Released(f.name(), f.percent(), f.n(), f.cohort(), null)
                : new Released(f.name(), null, null, f.cohort(), REASON)).toList();
    }

    /** A count as released: null below the minimum. */
    public static Integer count(int n) {
        return shown(n) ? n : null;
    }

    public static boolean shown(int n) {
        return n >= MIN_N;
    }
}
