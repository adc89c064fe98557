package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationSessionTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");

    @Test
    void shouldCompleteOnlyFromScheduledAndEndOnlyWithAReason() {
        ConversationSession s = new ConversationSession(SessionState.SCHEDULED);
        assertThatThrownBy(() -> s.end(SessionState.CANCELLED, " ", "dr", NOW)).hasMessageContaining("reason");
        assertThat(s.complete("dr", NOW).to()).isEqualTo(SessionState.COMPLETED);
        assertThatThrownBy(() -> s.complete("dr", NOW)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> s.end(SessionState.ABORTED, "late", "dr", NOW)).isInstanceOf(IllegalTransition.class);

        ConversationSession other = new ConversationSession(SessionState.SCHEDULED);
        assertThat(other.end(SessionState.CANCELLED, "patient ill", "dr", NOW).reason()).isEqualTo("patient ill");
    }
}
