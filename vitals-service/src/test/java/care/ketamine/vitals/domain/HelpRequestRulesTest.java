package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A help request's id, time and note at their edges, on a fixed clock: a phone's wrong clock never refuses it. */
class HelpRequestRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:40:00Z");
    private final CheckInRules rules = new CheckInRules(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));

    @ParameterizedTest(name = "id length {0}, asked {1} s from now, note length {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            1    | -5     | 0    | -
            100  | 120    | 200  | -
            101  | 0      | 0    | helpId
            0    | 0      | 0    | helpId
            1    | 121    | 0    | -
            1    | 86400  | 0    | -
            1    | -86400 | 0    | -
            1    | null   | 0    | askedAt
            1    | 0      | 201  | note
            101  | null   | 201  | helpId askedAt note
            """)
    void shouldCheckIdTimeAndNote(int idLength, Integer secondsFromNow, int noteLength, String expected) {
        String found = rules.checkHelp("h".repeat(idLength), secondsFromNow == null ? null : NOW.plusSeconds(secondsFromNow),
                noteLength == 0 ? null : "n".repeat(noteLength)).stream().map(RuleBreach::field).collect(Collectors.joining(" "));
        assertThat(found.isEmpty() ? "-" : found).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a note of 200 characters of {0} bytes each fits: {1}")
    @CsvSource({"1, true", "2, true", "4, true"})
    void shouldCountCharactersAsAPersonDoes(int bytes, boolean fits) {
        String character = switch (bytes) {
            case 1 -> "a";
            case 2 -> "\u00e9";
            default -> "\uD83D\uDE91";
        };
        assertThat(rules.checkHelp("h-1", NOW, character.repeat(200)).isEmpty()).isEqualTo(fits);
        assertThat(rules.checkHelp("h-1", NOW, character.repeat(201))).extracting(RuleBreach::field).containsExactly("note");
    }
}
