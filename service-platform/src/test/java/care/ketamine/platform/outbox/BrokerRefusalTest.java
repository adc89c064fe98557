package care.ketamine.platform.outbox;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerRefusalTest {

    @Test
    void shouldParkOnlyWhatTheBrokerRefusesForGood() {
        assertThat(BrokerRefusal.isForGood(new RecordTooLargeException("too large"))).isTrue();
        assertThat(BrokerRefusal.isForGood(new CompletionException(new SerializationException("bad")))).isTrue();
        assertThat(BrokerRefusal.isForGood(new InvalidTopicException("bad name"))).isTrue();
    }

    @Test
    void shouldWaitOutAnOutageAndAnythingNotKnownToBeTheEventsFault() {
        // A broker that is down, slow or short of replicas is not the event's fault: nothing is parked for it.
        assertThat(BrokerRefusal.isForGood(new TimeoutException("Topic intake.patients not present in metadata after 5000 ms")))
                .isFalse();
        assertThat(BrokerRefusal.isForGood(new NetworkException("disconnected"))).isFalse();
        assertThat(BrokerRefusal.isForGood(new NotEnoughReplicasException("1 of 2"))).isFalse();
        // Would park every event until an operator fixes the ACLs: waited out instead.
        assertThat(BrokerRefusal.isForGood(new TopicAuthorizationException("denied"))).isFalse();
        assertThat(BrokerRefusal.isForGood(new io.smallrye.mutiny.TimeoutException())).isFalse();
        assertThat(BrokerRefusal.isForGood(new IllegalStateException("never seen before"))).isFalse();
    }

    @Test
    void shouldDescribeTheRefusalNotTheWrapper() {
        assertThat(BrokerRefusal.describe(new CompletionException(new RecordTooLargeException("The message is 2000000 bytes"))))
                .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException: The message is 2000000 bytes");
    }
}
