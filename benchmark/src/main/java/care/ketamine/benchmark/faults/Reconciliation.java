package care.ketamine.benchmark.faults;

import care.ketamine.benchmark.faults.DeviceLoad.Delivery;
import care.ketamine.benchmark.faults.Pager.Page;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the run's devices were told against what the system did, counted by reading id (not totals):
 * every reading answered 202 or 200 is on vitals.observations, in vitals' history once and evaluated by
 * alerting once; every crisis reading raised its alert and paged each escalation step once. Pure: the
 * run reads the broker, the databases and the pager, and this judges.
 *
 * @param published     event ids on vitals.observations, by reading id (one per record: a resend that reached the
 *                      broker twice is there twice, under the same id)
 * @param history       rows in vitals' reading history, by reading id
 * @param evaluated     event ids alerting recorded as evaluated (processed_event)
 * @param crisisAlerts  the run's bp-crisis alerts (their ids), by session id: one each is right
 * @param stepsAfter    when each escalation step of a critical alert is due, after the alert opened
 * @param steppedClocks while a service's host clock was stepped: no session sending normally may alarm then
 */
record Reconciliation(List<Delivery> deliveries, Map<String, List<UUID>> published, Map<String, Integer> history,
                      Set<UUID> evaluated, Map<String, List<String>> crisisAlerts, List<Page> pages,
                      List<Duration> stepsAfter, List<Window> steppedClocks) {

    /** A stretch of the run, on the run's own clock. */
    record Window(Instant from, Instant to) {
        boolean holds(Instant at) {
            return !at.isBefore(from) && !at.isAfter(to);
        }
    }

    /** Tolerance for a step paged "early": the reading's 202 and the page are both on the run's clock. */
    private static final Duration EARLY = Duration.ofSeconds(1);
    /** A step paged this much after its time is reported (a fault may hold it back; it is not a loss). */
    static final Duration LATE = Duration.ofSeconds(30);

    /** A run whose escalation steps are all due at once and whose clocks were never stepped. */
    Reconciliation(List<Delivery> deliveries, Map<String, List<UUID>> published, Map<String, Integer> history,
                   Set<UUID> evaluated, Map<String, List<String>> crisisAlerts, List<Page> pages, int escalationSteps) {
        this(deliveries, published, history, evaluated, crisisAlerts, pages,
                java.util.Collections.nCopies(escalationSteps, Duration.ZERO), List.of());
    }

    /** One line of the table: what was checked, how many, and whether a non-zero count is a loss or duplicate. */
    record Line(String check, long count, boolean mustBeZero) {
        boolean failed() {
            return mustBeZero && count > 0;
        }
    }

    List<Line> lines() {
        List<Delivery> accepted = deliveries.stream().filter(d -> d.accepted != null).toList();
        List<Delivery> crises = accepted.stream().filter(d -> d.crisis).toList();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("readings sent", deliveries.size(), false));
        lines.add(new Line("answered 202 (or 200, a replay)", accepted.size(), false));
        lines.add(new Line("of them answered 200, a replay of a reading already taken", accepted.stream()
                .filter(d -> d.acceptedWith == 200).count(), false));
        lines.add(new Line("held by the device at least once (503 or unreachable), then sent again",
                deliveries.stream().filter(d -> d.firstRefused != null).count(), false));
        lines.add(new Line("never taken (still refused when the run's retries ended)", deliveries.stream()
                .filter(d -> d.accepted == null && d.rejected == null).count(), true));
        lines.add(new Line("refused for another reason (not 202, 200, 502, 503 or 504)", deliveries.stream().filter(d -> d.rejected != null).count(), true));
        lines.add(new Line("taken, missing from vitals.observations", accepted.stream()
                .filter(d -> published.getOrDefault(d.readingId, List.of()).isEmpty()).count(), true));
        lines.add(new Line("taken, on vitals.observations twice under its one event id (a resend; kept once downstream)",
                accepted.stream().filter(d -> published.getOrDefault(d.readingId, List.of()).size() > 1).count(), false));
        lines.add(new Line("taken, published under more than one event id", accepted.stream()
                .filter(d -> eventIds(d).size() > 1).count(), true));
        lines.add(new Line("taken, missing from vitals' history", accepted.stream()
                .filter(d -> history.getOrDefault(d.readingId, 0) == 0).count(), true));
        lines.add(new Line("in vitals' history more than once (its unique key forbids it; counted all the same)",
                history.values().stream().filter(n -> n > 1).count(), true));
        lines.add(new Line("never taken, yet stored", deliveries.stream()
                .filter(d -> d.accepted == null && history.getOrDefault(d.readingId, 0) > 0).count(), true));
        lines.add(new Line("taken, not evaluated by alerting", accepted.stream()
                .filter(d -> evaluations(d) == 0).count(), true));
        lines.add(new Line("taken, evaluated under more than one event id", accepted.stream()
                .filter(d -> evaluations(d) > 1).count(), true));
        lines.add(new Line("crisis readings taken", crises.size(), false));
        lines.add(new Line("crisis readings without their alert", crises.stream()
                .filter(d -> !crisisAlerts.containsKey(d.sessionId)).count(), true));
        lines.add(new Line("crisis readings that raised more than one alert", crises.stream()
                .filter(d -> crisisAlerts.getOrDefault(d.sessionId, List.of()).size() > 1).count(), true));
        lines.add(new Line("crisis alerts missing a page of a step (of " + stepsAfter.size() + ")", crises.stream()
                .filter(d -> crisisAlerts.containsKey(d.sessionId))
                .filter(d -> pagedSteps(crisisAlerts.get(d.sessionId).get(0)).size() < stepsAfter.size()).count(), true));
        lines.add(new Line("escalation steps paged before their time (counted from the crisis reading's first sending)",
                crisisPages(crises).filter(p -> p.page().at().isBefore(p.due().minus(EARLY))).count(), true));
        lines.add(new Line("escalation steps paged more than " + LATE.toSeconds() + " s after their time (held back by a fault)",
                crisisPages(crises).filter(p -> p.page().at().isAfter(p.due().plus(LATE))).count(), false));
        // A crisis session's device sends only its crisis reading: its silence alarms are right, at any time.
        Set<String> sendingNormally = deliveries.stream().filter(d -> !d.crisis).map(d -> d.sessionId).collect(Collectors.toSet());
        lines.add(new Line("alarms for sessions sending normally, raised while a host clock was stepped", pages.stream()
                .filter(p -> p.step() == 0 && sendingNormally.contains(p.sessionId())
                        && steppedClocks.stream().anyMatch(w -> w.holds(p.at())))
                .map(Page::alertId).distinct().count(), true));
        lines.add(new Line("pages sent", pages.size(), false));
        lines.add(new Line("pages delivered again under their notification id (the gateway keeps them once)",
                pages.size() - pages.stream().map(Page::notificationId).distinct().count(), false));
        lines.add(new Line("escalation steps paged more than once (same alert, step and person)", pages.stream()
                .collect(Collectors.groupingBy(p -> p.alertId() + "/" + p.step() + "/" + p.recipient(),
                        Collectors.mapping(Page::notificationId, Collectors.toSet())))
                .values().stream().filter(ids -> ids.size() > 1).count(), true));
        return lines;
    }

    /**
     * A page of a crisis alert's step, and when that step was due at the earliest: counted from when the device first
     * sent the reading (an attempt whose answer was lost may have been taken, and raised the alert, before the 202).
     */
    private record StepPage(Page page, Instant due) {
    }

    private java.util.stream.Stream<StepPage> crisisPages(List<Delivery> crises) {
        return crises.stream().filter(d -> crisisAlerts.containsKey(d.sessionId)).flatMap(d -> pages.stream()
                .filter(p -> p.alertId().equals(crisisAlerts.get(d.sessionId).get(0)) && p.step() < stepsAfter.size())
                .map(p -> new StepPage(p, d.firstSent.plus(stepsAfter.get(p.step())))));
    }

    boolean passed() {
        return lines().stream().noneMatch(Line::failed);
    }

    /** From the crisis reading's 202 to its alert's first page (step 0); empty if it never paged. */
    Optional<Duration> detection(Delivery crisis) {
        List<String> alerts = crisisAlerts.get(crisis.sessionId);
        if (alerts == null || crisis.accepted == null) {
            return Optional.empty();
        }
        String alert = alerts.get(0);
        return pages.stream().filter(p -> p.alertId().equals(alert) && p.step() == 0).map(Page::at)
                .min(Comparator.naturalOrder()).map(at -> Duration.between(crisis.accepted, at));
    }

    static Optional<Duration> longest(Collection<Duration> durations) {
        return durations.stream().max(Comparator.naturalOrder());
    }

    private long evaluations(Delivery d) {
        return eventIds(d).stream().filter(evaluated::contains).count();
    }

    private Set<UUID> eventIds(Delivery d) {
        return Set.copyOf(published.getOrDefault(d.readingId, List.of()));
    }

    /** Why readings were refused for good, most frequent first: "409 ...", with how many. */
    Map<String, Long> refusals() {
        Map<String, Long> counted = deliveries.stream().filter(d -> d.rejected != null)
                .collect(Collectors.groupingBy(d -> d.rejected.length() > 160 ? d.rejected.substring(0, 160) : d.rejected,
                        Collectors.counting()));
        Map<String, Long> sorted = new java.util.LinkedHashMap<>();
        counted.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private Set<Integer> pagedSteps(String alertId) {
        return pages.stream().filter(p -> p.alertId().equals(alertId)).map(Page::step).collect(Collectors.toSet());
    }
}
