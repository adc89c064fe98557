package care.ketamine.vitals.live;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import care.ketamine.vitals.projection.ReadingHistory;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StreamTest {

    @Inject
    ReadingHistory history;

    @TestHTTPResource("/sessions")
    URL sessions;

    private final String clinician = DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1));

    private String streamOf(String session) {
        return sessions + "/" + session + "/observations/stream";
    }

    private static void post(String session, String readingId, int systolic) {
        asDevice(session).body(reading(readingId, systolic, 80)).post("/sessions/{id}/readings", session).then().statusCode(202);
    }

    @Test
    void shouldGiveALateSubscriberTheLatestValuesThenEverythingThatFollowsInOrder() throws Exception {
        String session = checkedIn();
        post(session, "r-1", 121);
        post(session, "r-2", 122);
        // Stored (readings and feed commit together) before the late subscriber comes.
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 2);

        try (SseSubscriber late = new SseSubscriber(streamOf(session), clinician, null)) {
            assertThat(late.status).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> late.events.size() == 1);
            assertThat(late.events.get(0).name()).isEqualTo("reading");
            assertThat(late.events.get(0).data()).contains("\"readingId\":\"r-2\"");

            post(session, "r-3", 123);
            post(session, "r-4", 124);
            await().atMost(Duration.ofSeconds(10)).until(() -> late.events.size() == 3);
            assertThat(late.events).extracting(e -> e.data().replaceAll(".*\"readingId\":\"(r-\\d)\".*", "$1"))
                    .containsExactly("r-2", "r-3", "r-4");
            List<Long> ids = late.ids().stream().map(Long::parseLong).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldResumeAfterLastEventIdWithoutGapsOrRepeats() throws Exception {
        String session = checkedIn();
        String lastSeen;
        try (SseSubscriber first = new SseSubscriber(streamOf(session), clinician, null)) {
            for (int i = 1; i <= 3; i++) {
                post(session, "r-" + i, 120 + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> first.events.size() == 3);
            lastSeen = first.ids().get(2);
        }
        // Disconnected: five readings arrive meanwhile.
        for (int i = 4; i <= 8; i++) {
            post(session, "r-" + i, 120 + i);
        }
        try (SseSubscriber resumed = new SseSubscriber(streamOf(session), clinician, lastSeen)) {
            post(session, "r-9", 129);
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events.size() == 6);
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            assertThat(resumed.events).extracting(e -> e.data().replaceAll(".*\"readingId\":\"(r-\\d)\".*", "$1"))
                    .containsExactly("r-4", "r-5", "r-6", "r-7", "r-8", "r-9");
            long resumedAfter = Long.parseLong(lastSeen);
            assertThat(resumed.ids().stream().map(Long::parseLong).toList())
                    .isSorted().allMatch(id -> id > resumedAfter).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldRefuseOtherCliniciansDevicesAndBadLastEventIds() throws Exception {
        String session = checkedIn();
        try (SseSubscriber other = new SseSubscriber(streamOf(session),
                DevTokens.sign("dr-2", Roles.CLINICIAN, null, Duration.ofHours(1)), null)) {
            assertThat(other.status).isEqualTo(403);
        }
        try (SseSubscriber device = new SseSubscriber(streamOf(session), DevTokens.forSession(Roles.PATIENT_DEVICE, session), null)) {
            assertThat(device.status).isEqualTo(403);
        }
        try (SseSubscriber badId = new SseSubscriber(streamOf(session), clinician, "yesterday")) {
            assertThat(badId.status).isEqualTo(400);
        }
        try (SseSubscriber unknown = new SseSubscriber(streamOf("no-such-session"), clinician, null)) {
            assertThat(unknown.status).isEqualTo(404);
        }
    }
}
