package care.ketamine.benchmark.faults;

import care.ketamine.benchmark.faults.DeviceLoad.Delivery;
import care.ketamine.benchmark.faults.Pager.Page;

import java.time.Duration;
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
 */
record Reconciliation(List<Delivery> deliveries, Map<String, List<UUID>> published, Map<String, Integer> history,
                      Set<UUID> evaluated, Map<String, List<String>> crisisAlerts, List<Page> pages, int escalationSteps) {

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
        lines.add(new Line("crisis alerts missing a page of a step (of " + escalationSteps + ")", crises.stream()
                .filter(d -> crisisAlerts.containsKey(d.sessionId))
                .filter(d -> pagedSteps(crisisAlerts.get(d.sessionId).get(0)).size() < escalationSteps).count(), true));
        lines.add(new Line("pages sent", pages.size(), false));
        lines.add(new Line("pages delivered again under their notification id (the gateway keeps them once)",
                pages.size() - pages.stream().map(Page::notificationId).distinct().count(), false));
        lines.add(new Line("escalation steps paged more than once (same alert, step and person)", pages.stream()
                .collect(Collectors.groupingBy(p -> p.alertId() + "/" + p.step() + "/" + p.recipient(),
                        Collectors.mapping(Page::notificationId, Collectors.toSet())))
                .values().stream().filter(ids -> ids.size() > 1).count(), true));
        return lines;
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
