package care.ketamine.intake.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The self-report instruments (clinical reference, "Instruments"): PHQ-9, 9 items scored 0-3,
 * total 0-27; GAD-7, 7 items scored 0-3, total 0-21. Totals are always computed here from the
 * answers; a client never sends one.
 */
public enum Questionnaire {

    PHQ9("phq9", 9, List.of(new Band(0, "MINIMAL"), new Band(5, "MILD"), new Band(10, "MODERATE"),
            new Band(15, "MODERATELY_SEVERE"), new Band(20, "SEVERE"))),
    GAD7("gad7", 7, List.of(new Band(0, "MINIMAL"), new Band(5, "MILD"), new Band(10, "MODERATE"),
            new Band(15, "SEVERE")));

    /** The lowest total of a severity band. */
    private record Band(int from, String name) {
    }

    private final String field;
    private final int items;
    private final List<Band> bands;

    Questionnaire(String field, int items, List<Band> bands) {
        this.field = field;
        this.items = items;
        this.bands = bands;
    }

    public int items() {
        return items;
    }

    /** What is wrong with a set of answers; empty when they can be scored. */
    public List<String> problems(List<Integer> answers) {
        List<String> problems = new ArrayList<>();
        if (answers == null) {
            problems.add(field + " is required");
            return problems;
        }
        if (answers.size() != items) {
            problems.add(field + " must have exactly " + items + " answers, not " + answers.size());
        }
        for (int i = 0; i < answers.size(); i++) {
            Integer answer = answers.get(i);
            if (answer == null || answer < 0 || answer > 3) {
                problems.add(field + " item " + (i + 1) + " must be 0, 1, 2 or 3");
            }
        }
        return problems;
    }

    /** Total and band of answers that have no {@link #problems}. */
    public Score score(List<Integer> answers) {
        if (!problems(answers).isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems(answers)));
        }
        int total = answers.stream().mapToInt(Integer::intValue).sum();
        return new Score(this, total, band(total));
    }

    /** The severity band of a total. */
    public String band(int total) {
        String band = bands.get(0).name();
        for (Band b : bands) {
            if (total >= b.from()) {
                band = b.name();
            }
        }
        return band;
    }

    /** A scored questionnaire. */
    public record Score(Questionnaire questionnaire, int total, String band) {
    }
}
