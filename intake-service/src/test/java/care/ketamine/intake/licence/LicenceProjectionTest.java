package care.ketamine.intake.licence;

import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.Topics;
import care.ketamine.testsupport.ClinicianProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The licence projection on the real broker and PostgreSQL: a clinician event is not lost to a database outage,
 * and a record that is not an event is parked with the reason while the consumer goes on.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class LicenceProjectionTest {

    private static final String DEAD_LETTERS = Topics.deadLetter(Topics.SESSIONS_CLINICIANS);

    @Test
    void shouldApplyAnEventTakenWhileTheDatabaseIsDownOnceItIsBackAndParkNothing() throws InterruptedException {
        String clinician = "dr-outage-" + UUID.randomUUID();
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        infrastructure.stopPostgres();
        try {
            ClinicianProbe.updated(clinician, true, Instant.now());
            // Longer than the pool's wait for a connection (5 s) plus every attempt a failure that is not the
            // database's gets: an event failed for the outage would be on the dead-letter topic by now.
            Thread.sleep(20_000);
        } finally {
            infrastructure.startPostgres();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> licence(clinician) != null);
        assertThat(licence(clinician).active).isTrue();
        String sentinel = "sentinel-" + UUID.randomUUID();
        TopicProbe.send(DEAD_LETTERS, sentinel, "{}");
        assertThat(TopicProbe.awaitRecords(DEAD_LETTERS, r -> clinician.equals(r.key()) || sentinel.equals(r.key()),
                Duration.ofSeconds(10))).as("nothing of the clinician parked").extracting(ConsumerRecord::key)
                .containsOnly(sentinel);
    }

    @Test
    void shouldParkAnUnreadableRecordWithTheReasonAndGoOnWithTheNext() {
        String clinician = "dr-unreadable-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, clinician, "{not an event " + marker);
        ClinicianProbe.updated(clinician, true, Instant.now());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> licence(clinician) != null);
        ConsumerRecord<String, String> parked = TopicProbe.awaitRecords(DEAD_LETTERS,
                r -> r.value() != null && r.value().contains(marker), Duration.ofSeconds(15)).get(0);
        assertThat(parked.key()).isEqualTo(clinician);
        assertThat(parked.value()).as("the record unchanged").isEqualTo("{not an event " + marker);
        assertThat(header(parked, "dead-letter-reason")).startsWith("record is not valid JSON").doesNotContain(marker);
        assertThat(header(parked, "dead-letter-exception-class-name")).isEqualTo(MalformedEventException.class.getName());
        assertThat(header(parked, "dead-letter-topic")).isEqualTo(Topics.SESSIONS_CLINICIANS);
        assertThat(header(parked, "dead-letter-partition")).isNotBlank();
        assertThat(header(parked, "dead-letter-offset")).isNotBlank();
        assertThat(header(parked, "dead-letter-consumer")).isEqualTo("intake-licences");
    }

    private static ClinicianLicence licence(String clinician) {
        return QuarkusTransaction.requiringNew().call(() -> ClinicianLicence.findById(clinician));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
