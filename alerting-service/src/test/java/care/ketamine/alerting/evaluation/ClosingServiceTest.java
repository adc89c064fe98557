package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service whose start failed closes its persistence unit while its consumers still run: what fails then is
 * not the record's fault, so it is thrown at once and never parked. Its own profile, so that closing the
 * persistence unit ends only this test's application.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(ClosingServiceTest.Closing.class)
class ClosingServiceTest {

    public static class Closing implements QuarkusTestProfile {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    EntityManagerFactory persistence;

    @Test
    void shouldNotCallAFailureTheRecordsFaultOnceThePersistenceUnitIsClosed() {
        IllegalStateException looksTheSame = new IllegalStateException("EntityManagerFactory is closed");
        assertThat(RetryingTransaction.serviceClosing()).isFalse();
        assertThat(RetryingTransaction.notTheRecordsFault(looksTheSame)).as("while the service runs, it is parked").isFalse();

        persistence.close();

        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> RetryingTransaction.run(() -> {
            attempts.incrementAndGet();
            entityManager.find(Alert.class, UUID.randomUUID());
        })).isInstanceOf(RuntimeException.class).satisfies(failure ->
                assertThat(RetryingTransaction.notTheRecordsFault(failure)).as("closing: left for the next start").isTrue());
        assertThat(attempts).as("not tried again while the service closes").hasValue(1);
        assertThat(RetryingTransaction.serviceClosing()).isTrue();
    }
}
