package care.ketamine.alerting.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who is on call, by tier: rotations hand off every {@code lengthDays} at a local time in their
 * timezone (so a handoff stays at 08:00 across daylight-saving changes), and an override puts
 * someone else on call for a window.
 */
public final class OnCallRoster {

    /** A rotation: its members take turns, starting with the first on {@code startsOn} at {@code handoff}. */
    public record Rotation(String id, int tier, List<String> members, int lengthDays, LocalTime handoff, ZoneId zone,
                           LocalDate startsOn) {
        public Rotation {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("a rotation needs at least one member");
            }
            if (lengthDays < 1) {
                throw new IllegalArgumentException("a turn lasts at least one day");
            }
        }

        /** Who is on call at the instant, and until when; empty before the rotation starts. */
        Optional<Shift> at(Instant instant) {
            ZonedDateTime start = ZonedDateTime.of(startsOn, handoff, zone);
            ZonedDateTime now = instant.atZone(zone);
            if (now.isBefore(start)) {
                return Optional.empty();
            }
            long turn = ChronoUnit.DAYS.between(start, now) / lengthDays;
            ZonedDateTime turnEnds = ZonedDateTime.of(startsOn.plusDays((turn + 1) * lengthDays), handoff, zone);
            return Optional.of(new Shift(tier, members.get((int) (turn % members.size())), "rotation " + id,
                    turnEnds.toInstant()));
        }
    }

    public record ScheduleOverride(String id, int tier, String staffId, Instant from, Instant to, String reason) {
        public ScheduleOverride {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("an override ends after it starts");
            }
        }
    }

    /** Someone on call: for which tier, who, why (a rotation or an override) and until when. */
    public record Shift(int tier, String staffId, String source, Instant until) {
    }

    private final List<Rotation> rotations;
    private final List<ScheduleOverride> overrides;

    public OnCallRoster(List<Rotation> rotations, List<ScheduleOverride> overrides) {
        this.rotations = List.copyOf(rotations);
        this.overrides = List.copyOf(overrides);
    }

    /** Who is on call for the tier at the instant: the latest-starting override covering it, else the rotation. */
    public Optional<Shift> onCall(int tier, Instant instant) {
        Optional<Shift> overridden = overrides.stream()
                .filter(o -> o.tier() == tier && !instant.isBefore(o.from()) && instant.isBefore(o.to()))
                .max(Comparator.comparing(ScheduleOverride::from))
                .map(o -> new Shift(tier, o.staffId(), "override " + o.id(), o.to()));
        if (overridden.isPresent()) {
            return overridden;
        }
        return rotations.stream().filter(r -> r.tier() == tier)
                .map(r -> r.at(instant)).flatMap(Optional::stream).findFirst();
    }
}
