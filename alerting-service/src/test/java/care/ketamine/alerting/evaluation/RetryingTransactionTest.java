package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.MalformedEventException;
import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the real database: each attempt gets a transaction PostgreSQL has not aborted. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RetryingTransactionTest {

    @Inject
    EntityManager entityManager;

    @Test
    void shouldTryAgainInANewTransactionAfterAStatementFailed() {
        UUID eventId = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();

        RetryingTransaction.run(3, Duration.ofMillis(10), () -> {
            insertProcessed(eventId);
            if (attempts.incrementAndGet() == 1) {
                entityManager.createNativeQuery("SELECT 1 / 0").getSingleResult(); // aborts this transaction
            }
        });

        assertThat(attempts).hasValue(2);
        assertThat(processedCount(eventId)).as("the first attempt's insert was rolled back, the second's kept").isEqualTo(1);
    }

    @Test
    void shouldGiveUpWithTheLastFailureAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> RetryingTransaction.run(3, Duration.ofMillis(10), () -> {
            attempts.incrementAndGet();
            entityManager.createNativeQuery("SELECT 1 / 0").getSingleResult();
        })).hasMessageContaining("division by zero");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldNotTryAnUnreadableEventAgain() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> RetryingTransaction.run(5, Duration.ofSeconds(1), () -> {
            attempts.incrementAndGet();
            throw new MalformedEventException("not an event");
        })).isInstanceOf(MalformedEventException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldTellADatabaseThatDoesNotAnswerFromWorkThatIsWrong() {
        assertThat(RetryingTransaction.databaseUnavailable(new RuntimeException("wrapped",
                new java.sql.SQLException("Connection to 127.0.0.1:5432 refused", "08001")))).isTrue();
        assertThat(RetryingTransaction.databaseUnavailable(new java.sql.SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(RetryingTransaction.databaseUnavailable(new org.hibernate.exception.JDBCConnectionException(
                "Unable to acquire JDBC Connection", new java.sql.SQLException("Acquisition timeout")))).isTrue();
        assertThat(RetryingTransaction.databaseUnavailable(new java.sql.SQLException("division by zero", "22012"))).isFalse();
        assertThat(RetryingTransaction.databaseUnavailable(new IllegalStateException("no"))).isFalse();

        // And against the real database: a statement that is wrong is not an outage.
        RuntimeException wrong = org.assertj.core.api.Assertions.catchRuntimeException(() -> RetryingTransaction.run(1,
                Duration.ofMillis(10), () -> entityManager.createNativeQuery("SELECT 1 / 0").getSingleResult()));
        assertThat(RetryingTransaction.databaseUnavailable(wrong)).isFalse();
    }

    @Test
    void shouldCountAFailureThatOnlyLooksLikeAnOutageWhileTheDatabaseAnswers() {
        AtomicInteger attempts = new AtomicInteger();

        // The statement ends its own connection (57P01, as an outage would): waited on, it would be waited on forever.
        RuntimeException thrown = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> org.assertj.core.api.Assertions.catchRuntimeException(() -> RetryingTransaction.run(2,
                        Duration.ofMillis(10), () -> {
                            attempts.incrementAndGet();
                            entityManager.createNativeQuery("SELECT pg_terminate_backend(pg_backend_pid())").getSingleResult();
                        })));

        assertThat(thrown).isInstanceOf(RetryingTransaction.FailedWhileTheDatabaseAnswered.class);
        assertThat(RetryingTransaction.databaseUnavailable(thrown)).as("it does look like an outage").isTrue();
        assertThat(RetryingTransaction.notTheRecordsFault(thrown)).as("but it is the record's: it may be parked").isFalse();
        assertThat(attempts).as("counted as any failure, then thrown").hasValue(2);
        assertThat(RetryingTransaction.notTheRecordsFault(new java.sql.SQLException("refused", "08001")))
                .as("a real outage is not").isTrue();
    }

    private void insertProcessed(UUID eventId) {
        entityManager.createNativeQuery("INSERT INTO processed_event (event_id, processed_at) VALUES (?1, ?2)")
                .setParameter(1, eventId).setParameter(2, Instant.now()).executeUpdate();
    }

    private long processedCount(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
    }
}
