package care.ketamine.alerting.alert;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangedMeanwhileTest {

    @Test
    void shouldApplyThePersonsActionAgainWhenTheAlertChangedMeanwhile() {
        AtomicInteger attempts = new AtomicInteger();
        String result = ChangedMeanwhile.tryAgain(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("commit failed", new OptimisticLockException("row was updated"));
            }
            return "acknowledged";
        });
        assertThat(result).isEqualTo("acknowledged");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldGiveUpAfterAFewAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> ChangedMeanwhile.tryAgain(() -> {
            attempts.incrementAndGet();
            throw new OptimisticLockException("row was updated");
        })).isInstanceOf(OptimisticLockException.class);
        assertThat(attempts).hasValue(ChangedMeanwhile.ATTEMPTS);
    }

    @Test
    void shouldNotRepeatAnActionThatFailedForAnyOtherReason() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> ChangedMeanwhile.tryAgain(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("refused", new RollbackException("constraint"));
        })).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }
}
