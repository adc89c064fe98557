package care.ketamine.intake.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuestionnaireTest {

    /** Answers of the given length adding up to the total, filled from the first item. */
    static List<Integer> answers(int items, int total) {
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            int answer = Math.min(3, Math.max(0, total - 3 * i));
            answers.add(answer);
        }
        return answers;
    }

    @ParameterizedTest(name = "PHQ-9 total {0} is {1}")
    @CsvSource({"0, MINIMAL", "4, MINIMAL", "5, MILD", "9, MILD", "10, MODERATE", "14, MODERATE",
            "15, MODERATELY_SEVERE", "19, MODERATELY_SEVERE", "20, SEVERE", "27, SEVERE"})
    void shouldBandPhq9AsTheClinicalReferenceDoes(int total, String band) {
        Questionnaire.Score score = Questionnaire.PHQ9.score(answers(9, total));

        assertThat(score.total()).isEqualTo(total);
        assertThat(score.band()).isEqualTo(band);
    }

    @ParameterizedTest(name = "GAD-7 total {0} is {1}")
    @CsvSource({"0, MINIMAL", "4, MINIMAL", "5, MILD", "9, MILD", "10, MODERATE", "14, MODERATE", "15, SEVERE", "21, SEVERE"})
    void shouldBandGad7AtCutPoints5And10And15(int total, String band) {
        Questionnaire.Score score = Questionnaire.GAD7.score(answers(7, total));

        assertThat(score.total()).isEqualTo(total);
        assertThat(score.band()).isEqualTo(band);
    }

    @Test
    void shouldNameEveryProblemWithTheAnswers() {
        assertThat(Questionnaire.PHQ9.problems(null)).containsExactly("phq9 is required");
        assertThat(Questionnaire.PHQ9.problems(List.of(1, 1, 1))).containsExactly("phq9 must have exactly 9 answers, not 3");
        assertThat(Questionnaire.GAD7.problems(Arrays.asList(0, 4, null, -1, 0, 0, 0)))
                .containsExactly("gad7 item 2 must be 0, 1, 2 or 3", "gad7 item 3 must be 0, 1, 2 or 3",
                        "gad7 item 4 must be 0, 1, 2 or 3");
        assertThatThrownBy(() -> Questionnaire.GAD7.score(List.of(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
