package care.ketamine.intake.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The program figures the seed quotes, computed from courses (clinical reference, "Instruments"
 * and "Outcome figures"): each with its n and its cohort definition, never hard-coded.
 */
public final class ProgramOutcomes {

    static final Duration WEEK_10 = Duration.ofDays(70);
    static final Duration ONE_WEEK = Duration.ofDays(7);
    static final Duration FOUR_WEEKS = Duration.ofDays(28);
    /** The minimal clinically important difference on PHQ-9, in points. */
    static final int PHQ9_MCID = 5;

    /** A figure: a percentage (null when its cohort is empty), its n, and whom it counts. */
    public record Figure(String name, Double percent, int n, String cohort) {
    }

    public List<Figure> compute(List<Course> courses) {
        List<Figure> figures = new ArrayList<>();
        figures.add(meanReductionAtWeek10("phq9MeanReductionAtWeek10", "PHQ-9", courses, Course::baselinePhq9, Course.Measure::phq9));
        figures.add(meanReductionAtWeek10("gad7MeanReductionAtWeek10", "GAD-7", courses, Course::baselineGad7, Course.Measure::gad7));
        figures.add(improvedWithinFourWeeks(courses));
        figures.add(response("phq9ResponseRate", "PHQ-9", courses, Course::baselinePhq9, Course.Measure::phq9));
        figures.add(response("gad7ResponseRate", "GAD-7", courses, Course::baselineGad7, Course.Measure::gad7));
        figures.add(remission(courses));
        return figures;
    }

    private static Figure meanReductionAtWeek10(String name, String scale, List<Course> courses,
                                                ToIntFunction<Course> baseline, ToIntFunction<Course.Measure> score) {
        List<Double> reductions = new ArrayList<>();
        for (Course c : courses) {
            if (baseline.applyAsInt(c) == 0) {
                continue;
            }
            closestTo(c, WEEK_10, ONE_WEEK).ifPresent(m -> reductions.add(
                    100.0 * (baseline.applyAsInt(c) - score.applyAsInt(m)) / baseline.applyAsInt(c)));
        }
        Double mean = reductions.isEmpty() ? null : reductions.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Figure(name, round(mean), reductions.size(),
                "patients with a baseline " + scale + " above 0 and a measure 9 to 11 weeks after baseline "
                        + "(the one closest to week 10); mean of (baseline - week 10) / baseline");
    }

    private static Figure improvedWithinFourWeeks(List<Course> courses) {
        int n = 0;
        int improved = 0;
        for (Course c : courses) {
            List<Course.Measure> early = c.followUps().stream()
                    .filter(m -> !m.measuredAt().isAfter(c.baselineAt().plus(FOUR_WEEKS))).toList();
            if (early.isEmpty()) {
                continue;
            }
            n++;
            if (early.stream().anyMatch(m -> c.baselinePhq9() - m.phq9() >= PHQ9_MCID)) {
                improved++;
            }
        }
        return new Figure("improvedWithinFourWeeks", percent(improved, n), n,
                "patients with a measure within 4 weeks of baseline; improved: PHQ-9 at least " + PHQ9_MCID
                        + " points (the minimal clinically important difference) below baseline at any such measure");
    }

    private static Figure response(String name, String scale, List<Course> courses, ToIntFunction<Course> baseline,
                                   ToIntFunction<Course.Measure> score) {
        int n = 0;
        int responders = 0;
        for (Course c : courses) {
            if (baseline.applyAsInt(c) == 0 || c.followUps().isEmpty()) {
                continue;
            }
            n++;
            Course.Measure latest = c.followUps().get(c.followUps().size() - 1);
            if (2 * score.applyAsInt(latest) <= baseline.applyAsInt(c)) {
                responders++;
            }
        }
        return new Figure(name, percent(responders, n), n,
                "patients with a baseline " + scale + " above 0 and a follow-up; response: the latest follow-up is "
                        + "at least 50% below baseline");
    }

    private static Figure remission(List<Course> courses) {
        int n = 0;
        int remitted = 0;
        for (Course c : courses) {
            if (c.baselinePhq9() < 10 || c.followUps().isEmpty()) {
                continue;
            }
            n++;
            if (c.followUps().get(c.followUps().size() - 1).phq9() < 5) {
                remitted++;
            }
        }
        return new Figure("phq9RemissionRate", percent(remitted, n), n,
                "patients with a baseline PHQ-9 of 10 or more and a follow-up; remission: the latest PHQ-9 is below 5");
    }

    private static Optional<Course.Measure> closestTo(Course c, Duration target, Duration tolerance) {
        return c.followUps().stream()
                .filter(m -> Duration.between(c.baselineAt().plus(target), m.measuredAt()).abs().compareTo(tolerance) <= 0)
                .min(Comparator.comparing(m -> Duration.between(c.baselineAt().plus(target), m.measuredAt()).abs()));
    }

    private static Double percent(int count, int n) {
        return n == 0 ? null : round(100.0 * count / n);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }
}
