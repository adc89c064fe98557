package care.ketamine.alerting.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPlanTest {

    @Test
    void shouldReadTheClinicsPlanInOrderWithItsWaits() {
        DeliveryPlan plan = DeliveryPlan.parse(" push:0, SMS:60 ,voice:120");
        assertThat(plan.attempts()).containsExactly(
                new DeliveryPlan.Attempt("push", Duration.ZERO),
                new DeliveryPlan.Attempt("sms", Duration.ofSeconds(60)),
                new DeliveryPlan.Attempt("voice", Duration.ofSeconds(120)));
        assertThat(plan).hasToString("push:0,sms:60,voice:120");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "sse:0,pager:0         | unknown channel pager",
            "sse:0,sse:60          | channel sse is named twice",
            "sse:0,sms:-1          | channel sms waits -1 s",
            "sse:0,voice:1801      | channel voice waits 1801 s",
            "sms:60,voice:120      | at least one channel goes at once",
            "sse                   | expected channel:seconds",
            "sse:soon              | expected whole seconds after sse",
            "sse:0:1               | expected channel:seconds"})
    void shouldRefuseAPlanThatCouldLeaveAPageUnsent(String text, String why) {
        assertThatThrownBy(() -> DeliveryPlan.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
    }

    @Test
    void shouldRefuseAnEmptyPlan() {
        assertThatThrownBy(() -> new DeliveryPlan(List.of())).hasMessageContaining("at least one channel");
    }

    @Test
    void shouldKeepOnlyTheChannelsSetUpHereInThePlansOrder() {
        DeliveryPlan plan = DeliveryPlan.parse("sse:0,push:0,email:0,sms:60,voice:120");
        assertThat(plan.onlyOf(Set.of("voice", "sse", "sms"))).extracting(DeliveryPlan.Attempt::channel)
                .containsExactly("sse", "sms", "voice");
        assertThat(plan.onlyOf(Set.of("webhook"))).isEmpty();
    }

    @Test
    void shouldTakeTheLongestWaitAllowedButNoLonger() {
        assertThat(DeliveryPlan.parse("sse:0,voice:1800").attempts().get(1).after()).isEqualTo(DeliveryPlan.LONGEST_WAIT);
    }
}
