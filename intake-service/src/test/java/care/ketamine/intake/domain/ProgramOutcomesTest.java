package care.ketamine.intake.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProgramOutcomesTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static Course.Measure day(int day, int phq9, int gad7) {
        return new Course.Measure(T0.plus(day, ChronoUnit.DAYS), phq9, gad7);
    }

    private static Map<String, ProgramOutcomes.Figure> figures(List<Course> courses) {
        return new ProgramOutcomes().compute(courses).stream()
                .collect(Collectors.toMap(ProgramOutcomes.Figure::name, Function.identity()));
    }

    @Test
    void shouldComputeEachFigureFromTheCoursesWithItsN() {
        List<Course> courses = List.of(
                // responder and remitter: 20 -> 4 at week 10; improved by day 14
                new Course("a", T0, 20, 14, List.of(day(14, 12, 10), day(70, 4, 6))),
                // partial: 16 -> 10 at day 65 (within week 10 +/- 1); not improved by 5 within 4 weeks
                new Course("b", T0, 16, 10, List.of(day(20, 13, 9), day(65, 10, 8))),
                // no follow-up at all: counted nowhere
                new Course("c", T0, 18, 12, List.of()),
                // mild baseline PHQ-9 8: not in the remission cohort; follow-up at day 40 only
                new Course("d", T0, 8, 12, List.of(day(40, 3, 5))));

        Map<String, ProgramOutcomes.Figure> f = figures(courses);

        // week 10: a (80%) and b (37.5%) -> mean 58.75
        assertThat(f.get("phq9MeanReductionAtWeek10").n()).isEqualTo(2);
        assertThat(f.get("phq9MeanReductionAtWeek10").percent()).isEqualTo(58.8);
        // GAD-7 week 10: a 14 -> 6 (57.14%), b 10 -> 8 (20%) -> 38.57
        assertThat(f.get("gad7MeanReductionAtWeek10").percent()).isEqualTo(38.6);
        // within 4 weeks: a (day 14, -8) and b (day 20, -3): 1 of 2
        assertThat(f.get("improvedWithinFourWeeks").n()).isEqualTo(2);
        assertThat(f.get("improvedWithinFourWeeks").percent()).isEqualTo(50.0);
        // response on the latest follow-up: a (4 <= 10), b (10 > 8), d (3 <= 4): 2 of 3
        assertThat(f.get("phq9ResponseRate").n()).isEqualTo(3);
        assertThat(f.get("phq9ResponseRate").percent()).isEqualTo(66.7);
        // remission: baseline >= 10 with a follow-up: a (4 < 5) and b (10): 1 of 2
        assertThat(f.get("phq9RemissionRate").n()).isEqualTo(2);
        assertThat(f.get("phq9RemissionRate").percent()).isEqualTo(50.0);
        assertThat(f.get("phq9RemissionRate").cohort()).contains("baseline PHQ-9 of 10 or more");
    }

    @Test
    void shouldLeaveAFigureEmptyWhenItsCohortIsEmpty() {
        Map<String, ProgramOutcomes.Figure> f = figures(List.of(new Course("c", T0, 18, 12, List.of())));

        assertThat(f.values()).allSatisfy(figure -> {
            assertThat(figure.n()).isZero();
            assertThat(figure.percent()).isNull();
        });
    }

    @Test
    void shouldIgnoreMeasuresOutsideTheWeek10WindowAndBeforeBaseline() {
        Course late = new Course("e", T0, 20, 10, List.of(day(-3, 2, 2), day(78, 2, 2)));

        Map<String, ProgramOutcomes.Figure> f = figures(List.of(late));

        assertThat(late.followUps()).hasSize(1);
        assertThat(f.get("phq9MeanReductionAtWeek10").n()).isZero();
        assertThat(f.get("phq9ResponseRate").n()).isEqualTo(1);
    }
}
