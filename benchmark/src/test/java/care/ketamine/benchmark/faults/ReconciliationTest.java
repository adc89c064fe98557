package care.ketamine.benchmark.faults;

import care.ketamine.benchmark.faults.DeviceLoad.Delivery;
import care.ketamine.benchmark.faults.Pager.Page;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The judge of a fault run: each kind of loss or duplicate, counted by reading id, fails it. */
class ReconciliationTest {

    private final UUID e1 = UUID.randomUUID();
    private final UUID e2 = UUID.randomUUID();
    private final UUID e3 = UUID.randomUUID();
    private final Instant now = Instant.parse("2026-11-29T10:00:00Z");

    private Delivery taken(String session, String reading, boolean crisis) {
        Delivery d = new Delivery(session, reading, crisis, 120, 80);
        d.firstSent = now;
        d.accepted = now;
        d.acceptedWith = 202;
        return d;
    }

    private Reconciliation clean() {
        return new Reconciliation(List.of(taken("s-1", "r-1", false), taken("s-1", "r-2", false), taken("crisis-1", "c-1", true)),
                Map.of("r-1", List.of(e1), "r-2", List.of(e2), "c-1", List.of(e3)),
                Map.of("r-1", 1, "r-2", 1, "c-1", 1), Set.of(e1, e2, e3), Map.of("crisis-1", List.of("a-1")),
                List.of(page("a-1", 0, "dr"), page("a-1", 1, "nurse"), page("a-1", 2, "doctor")), 3);
    }

    private Page page(String alert, int step, String recipient) {
        return page(alert, "crisis-1", "bp-crisis", step, recipient, now.plusSeconds(1 + step));
    }

    private Page page(String alert, String session, String rule, int step, String recipient, Instant at) {
        return new Page(alert + "-" + step + "-" + recipient + "-" + UUID.randomUUID(), alert, session, step, recipient, rule, at);
    }

    private static long count(Reconciliation r, String check) {
        return r.lines().stream().filter(l -> l.check().startsWith(check)).findFirst().orElseThrow().count();
    }

    @Test
    void shouldPassWhenEveryTakenReadingIsPublishedStoredAndEvaluatedOnceAndEveryStepPagedOnce() {
        Reconciliation r = clean();
        assertThat(r.passed()).isTrue();
        assertThat(count(r, "answered 202")).isEqualTo(3);
        assertThat(r.detection(r.deliveries().get(2))).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(1));
    }

    @Test
    void shouldFailOnAReadingMissingFromTheBrokerTheHistoryOrAlerting() {
        Reconciliation c = clean();
        Map<String, List<UUID>> published = new HashMap<>(c.published());
        published.remove("r-1");
        assertThat(new Reconciliation(c.deliveries(), published, c.history(), c.evaluated(), c.crisisAlerts(), c.pages(), 3)
                .passed()).isFalse();
        Map<String, Integer> history = new HashMap<>(c.history());
        history.remove("r-2");
        Reconciliation noHistory = new Reconciliation(c.deliveries(), c.published(), history, c.evaluated(), c.crisisAlerts(), c.pages(), 3);
        assertThat(count(noHistory, "taken, missing from vitals' history")).isEqualTo(1);
        Reconciliation notEvaluated = new Reconciliation(c.deliveries(), c.published(), c.history(), Set.of(e1, e3),
                c.crisisAlerts(), c.pages(), 3);
        assertThat(count(notEvaluated, "taken, not evaluated")).isEqualTo(1);
        assertThat(notEvaluated.passed()).isFalse();
    }

    @Test
    void shouldPassAResendThatReachedTheBrokerTwiceUnderItsOneEventId() {
        Reconciliation c = clean();
        Map<String, List<UUID>> published = new HashMap<>(c.published());
        published.put("r-1", List.of(e1, e1));
        Reconciliation r = new Reconciliation(c.deliveries(), published, c.history(), c.evaluated(), c.crisisAlerts(), c.pages(), 3);
        assertThat(count(r, "taken, on vitals.observations twice")).isEqualTo(1);
        assertThat(count(r, "taken, evaluated under more than one event id")).isZero();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void shouldFailOnAReadingPublishedUnderTwoEventIdsAndSoEvaluatedTwice() {
        Reconciliation c = clean();
        UUID again = UUID.randomUUID();
        Map<String, List<UUID>> published = new HashMap<>(c.published());
        published.put("r-1", List.of(e1, again));
        Reconciliation r = new Reconciliation(c.deliveries(), published, c.history(), Set.of(e1, e2, e3, again),
                c.crisisAlerts(), c.pages(), 3);
        assertThat(count(r, "taken, published under more than one event id")).isEqualTo(1);
        assertThat(count(r, "taken, evaluated under more than one event id")).isEqualTo(1);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void shouldFailOnACrisisWithoutItsAlertOrAStepPagedTwiceOrNotAtAll() {
        Reconciliation c = clean();
        assertThat(new Reconciliation(c.deliveries(), c.published(), c.history(), c.evaluated(), Map.of(), c.pages(), 3)
                .passed()).as("no alert").isFalse();
        assertThat(new Reconciliation(c.deliveries(), c.published(), c.history(), c.evaluated(),
                Map.of("crisis-1", List.of("a-1", "a-2")), c.pages(), 3).passed()).as("two alerts for one crisis").isFalse();
        assertThat(new Reconciliation(c.deliveries(), c.published(), c.history(), c.evaluated(), c.crisisAlerts(),
                c.pages().subList(0, 2), 3).passed()).as("step 2 never paged").isFalse();
        List<Page> twice = new java.util.ArrayList<>(c.pages());
        twice.add(page("a-1", 1, "nurse"));
        assertThat(new Reconciliation(c.deliveries(), c.published(), c.history(), c.evaluated(), c.crisisAlerts(), twice, 3)
                .passed()).as("step 1 paged twice to the same nurse").isFalse();
    }

    @Test
    void shouldPassAPageDeliveredAgainUnderItsOneNotificationId() {
        Reconciliation c = clean();
        List<Page> again = new java.util.ArrayList<>(c.pages());
        again.add(c.pages().get(1));
        Reconciliation r = new Reconciliation(c.deliveries(), c.published(), c.history(), c.evaluated(), c.crisisAlerts(), again, 3);
        assertThat(count(r, "pages delivered again under their notification id")).isEqualTo(1);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void shouldFailOnAReadingNeverTakenOrRefusedForGoodButNotOnOneHeldAndTakenLater() {
        Reconciliation c = clean();
        Delivery held = taken("s-1", "r-3", false);
        held.firstRefused = now.minusSeconds(4);
        Map<String, List<UUID>> published = new HashMap<>(c.published());
        UUID e4 = UUID.randomUUID();
        published.put("r-3", List.of(e4));
        Map<String, Integer> history = new HashMap<>(c.history());
        history.put("r-3", 1);
        List<Delivery> withHeld = new java.util.ArrayList<>(c.deliveries());
        withHeld.add(held);
        Reconciliation heldThenTaken = new Reconciliation(withHeld, published, history, Set.of(e1, e2, e3, e4),
                c.crisisAlerts(), c.pages(), 3);
        assertThat(heldThenTaken.passed()).isTrue();
        assertThat(held.waited().toSeconds()).isEqualTo(4);

        Delivery never = new Delivery("s-1", "r-9", false, 120, 80);
        never.firstRefused = now;
        List<Delivery> withNever = new java.util.ArrayList<>(c.deliveries());
        withNever.add(never);
        assertThat(new Reconciliation(withNever, c.published(), c.history(), c.evaluated(), c.crisisAlerts(), c.pages(), 3)
                .passed()).isFalse();
        Delivery refused = new Delivery("s-1", "r-8", false, 120, 80);
        refused.rejected = "409 inactive session";
        List<Delivery> withRefused = new java.util.ArrayList<>(c.deliveries());
        withRefused.add(refused);
        Reconciliation withRefusal = new Reconciliation(withRefused, c.published(), c.history(), c.evaluated(), c.crisisAlerts(),
                c.pages(), 3);
        assertThat(withRefusal.passed()).isFalse();
        assertThat(withRefusal.refusals()).containsExactly(Map.entry("409 inactive session", 1L));
    }

    /** The run's policy: the clinician at once, tier 1 after 20 s, tier 2 after 40 s. */
    private static final List<Duration> STEPS = List.of(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(40));

    private Reconciliation timed(List<Page> pages, List<Reconciliation.Window> steppedClocks) {
        Reconciliation c = clean();
        return new Reconciliation(c.deliveries(), c.published(), c.history(), c.evaluated(), c.crisisAlerts(), pages,
                STEPS, steppedClocks);
    }

    private List<Page> onTime() {
        return List.of(page("a-1", "crisis-1", "bp-crisis", 0, "dr", now.plusSeconds(1)),
                page("a-1", "crisis-1", "bp-crisis", 1, "nurse", now.plusSeconds(20)),
                page("a-1", "crisis-1", "bp-crisis", 2, "doctor", now.plusSeconds(41)));
    }

    @Test
    void shouldFailOnAnEscalationStepPagedBeforeItsTimeAndReportOnePagedLate() {
        assertThat(timed(onTime(), List.of()).passed()).isTrue();

        // What a replica whose clock ran two minutes ahead does: every step at once.
        List<Page> atOnce = List.of(page("a-1", "crisis-1", "bp-crisis", 0, "dr", now.plusSeconds(1)),
                page("a-1", "crisis-1", "bp-crisis", 1, "nurse", now.plusSeconds(2)),
                page("a-1", "crisis-1", "bp-crisis", 2, "doctor", now.plusSeconds(2)));
        Reconciliation early = timed(atOnce, List.of());
        assertThat(count(early, "escalation steps paged before their time")).isEqualTo(2);
        assertThat(early.passed()).isFalse();

        // And one whose clock ran behind: late. Reported, not a failure: a fault may hold a step back.
        List<Page> behind = List.of(page("a-1", "crisis-1", "bp-crisis", 0, "dr", now.plusSeconds(1)),
                page("a-1", "crisis-1", "bp-crisis", 1, "nurse", now.plusSeconds(140)),
                page("a-1", "crisis-1", "bp-crisis", 2, "doctor", now.plusSeconds(160)));
        Reconciliation late = timed(behind, List.of());
        assertThat(count(late, "escalation steps paged more than 30 s after their time")).isEqualTo(2);
        assertThat(late.passed()).isTrue();
    }

    @Test
    void shouldFailOnAnAlarmForASessionSendingNormallyRaisedWhileAHostClockWasStepped() {
        Reconciliation.Window stepped = new Reconciliation.Window(now.plusSeconds(60), now.plusSeconds(90));
        List<Page> pages = new java.util.ArrayList<>(onTime());
        pages.add(page("a-2", "crisis-2", "bp-crisis", 0, "dr", now.plusSeconds(70)));
        pages.add(page("a-3", "s-1", "device-silent", 0, "dr", now.plusSeconds(95)));
        pages.add(page("a-5", "crisis-1", "device-silent", 0, "dr", now.plusSeconds(65)));
        assertThat(timed(pages, List.of(stepped)).passed())
                .as("a crisis in it, a silence after it, a crisis session's device (it sends nothing else) silent in it").isTrue();

        pages.add(page("a-4", "s-1", "device-silent", 0, "dr", now.plusSeconds(75)));
        pages.add(page("a-4", "s-1", "device-silent", 1, "nurse", now.plusSeconds(80)));
        Reconciliation r = timed(pages, List.of(stepped));
        assertThat(count(r, "alarms for sessions sending normally, raised while a host clock was stepped")).isEqualTo(1);
        assertThat(r.passed()).isFalse();
    }
}
