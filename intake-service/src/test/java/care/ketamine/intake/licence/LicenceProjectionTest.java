package care.ketamine.intake.licence;

import care.ketamine.contracts.Topics;
import care.ketamine.testsupport.ClinicianProbe;
import care.ketamine.testsupport.ParkedRecords;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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
        ParkedRecords.assertNothingParkedUnder(Topics.SESSIONS_CLINICIANS, clinician, Duration.ofSeconds(10));
    }

    @Test
    void shouldParkAnUnreadableRecordWithTheReasonAndGoOnWithTheNext() {
        String clinician = "dr-unreadable-" + UUID.randomUUID();
        String marker = ParkedRecords.sendUnreadable(Topics.SESSIONS_CLINICIANS, clinician);
        ClinicianProbe.updated(clinician, true, Instant.now());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> licence(clinician) != null);
        ParkedRecords.assertParkedUnreadable(Topics.SESSIONS_CLINICIANS, clinician, marker, "intake-licences",
                Duration.ofSeconds(15));
    }

    private static ClinicianLicence licence(String clinician) {
        return QuarkusTransaction.requiringNew().call(() -> ClinicianLicence.findById(clinician));
    }
}
