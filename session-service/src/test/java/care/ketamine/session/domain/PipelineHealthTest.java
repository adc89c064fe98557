package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static care.ketamine.session.domain.PipelineHealth.ALERTING;
import static care.ketamine.session.domain.PipelineHealth.VITALS;
import static org.assertj.core.api.Assertions.assertThat;

/** The banner's rules as a table: who is quiet, who is behind, and since when. */
class PipelineHealthTest {

    private static final Instant START = Instant.parse("2026-11-28T14:00:00Z");

    private static PipelineHealth.Heard heard(String service, String instance, int atSecond, Double lag, Integer behindSince) {
        return new PipelineHealth.Heard(service, instance, START.plusSeconds(atSecond), lag,
                behindSince == null ? null : START.plusSeconds(behindSince));
    }

    private static List<String> problems(List<PipelineHealth.Heard> heard, int nowSecond) {
        return PipelineHealth.warnings(heard, START, START.plusSeconds(nowSecond)).stream()
                .map(w -> w.service() + " " + w.problem() + " since " + Instant.parse("2026-11-28T14:00:00Z")
                        .until(w.since(), java.time.temporal.ChronoUnit.SECONDS)).toList();
    }

    @Test
    void shouldWarnOfAServiceQuietFor30SecondsOrMoreAndOfAlertingOver10SecondsBehind() {
        // heard, now (s after the console started) -> warnings
        assertThat(problems(List.of(), 29)).as("just started").isEmpty();
        assertThat(problems(List.of(), 30)).containsExactly("vitals-service SILENT since 0", "alerting-service SILENT since 0");
        assertThat(problems(List.of(heard(VITALS, "a", 40, null, null), heard(ALERTING, "a", 41, 0.2, null)), 69)).isEmpty();
        assertThat(problems(List.of(heard(VITALS, "a", 40, null, null), heard(ALERTING, "a", 41, 0.2, null)), 70))
                .containsExactly("vitals-service SILENT since 40");
        assertThat(problems(List.of(heard(VITALS, "a", 40, null, null), heard(VITALS, "b", 65, null, null),
                heard(ALERTING, "a", 66, 0.2, null)), 70)).as("one replica still heard").isEmpty();
        assertThat(problems(List.of(heard(VITALS, "a", 66, null, null), heard(ALERTING, "a", 66, 10.0, null)), 70))
                .as("10 s is the limit, not over it").isEmpty();
        assertThat(problems(List.of(heard(VITALS, "a", 66, null, null), heard(ALERTING, "a", 66, 10.5, 50),
                heard(ALERTING, "b", 66, 25.0, 60)), 70)).as("the worst replica").containsExactly("alerting-service BEHIND since 60");
        assertThat(problems(List.of(heard(VITALS, "a", 66, null, null), heard(ALERTING, "a", 30, 25.0, 20),
                heard(ALERTING, "b", 66, 0.3, null)), 70)).as("a replica gone quiet long ago says nothing of now").isEmpty();
        assertThat(problems(List.of(heard(VITALS, "a", 66, null, null), heard(ALERTING, "a", 30, 25.0, 20)), 70))
                .as("quiet is worse than behind").containsExactly("alerting-service SILENT since 30");
    }

    @Test
    void shouldSayWhichServiceWhatItMeansAndSinceWhen() {
        List<PipelineHealth.Warning> warnings = PipelineHealth.warnings(List.of(heard(VITALS, "a", 0, null, null),
                heard(ALERTING, "a", 2, null, null)), START, START.plusSeconds(40));
        assertThat(warnings).extracting(PipelineHealth.Warning::message).containsExactly(
                "Vitals has not been heard from since 2026-11-28T14:00:00Z — readings from patients' devices may not be "
                        + "arriving; call the on-call engineer",
                "Alerting has not been heard from since 2026-11-28T14:00:02Z — alarms may not reach you; call the on-call engineer");
        assertThat(PipelineHealth.warnings(List.of(), START, START.plusSeconds(30)).get(1).message())
                .startsWith("Alerting has not been heard from since the console started at 2026-11-28T14:00:00Z");
    }
}
