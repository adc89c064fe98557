package care.ketamine.alerting.notification;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPlansTest {

    @Test
    void shouldRefuseToRunWithTheLiveScreensAloneWhereThatIsRequired() {
        assertThatThrownBy(() -> DeliveryPlans.requireOffScreen(Set.of("sse"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("away from the console");
        assertThatThrownBy(() -> DeliveryPlans.requireOffScreen(Set.of())).isInstanceOf(IllegalStateException.class);
        for (String channel : Set.of("push", "email", "sms", "voice", "pagerduty", "webhook")) {
            assertThatCode(() -> DeliveryPlans.requireOffScreen(Set.of("sse", channel))).as(channel).doesNotThrowAnyException();
        }
    }
}
