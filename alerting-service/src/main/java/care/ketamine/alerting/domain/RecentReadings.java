package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What alerting keeps of one session's recent readings, per device stream, so that a rule can ask
 * whether a value lasted (an oximeter's motion artefact is a dip of a few seconds) and a stream can
 * tell a late reading from a new one. Bounded: per stream the readings of the last
 * {@link #KEPT} before its newest, the last {@link #KEPT_ARRIVALS} to arrive (a late backlog is
 * judged together) and always the last two by time (a cuff's retest), at most {@link #MAX_PER_STREAM};
 * a stream silent for {@link #STREAM_FORGOTTEN_AFTER} while another reports is forgotten. Also the
 * SpO2 values measured before the dose, the baseline of the SpO2 drop rule (the last
 * {@link #PRE_DOSE_SPO2_KEPT}).
 */
public final class RecentReadings {

    public static final Duration KEPT = Duration.ofMinutes(2);
    static final int KEPT_ARRIVALS = 120;
    static final int MAX_PER_STREAM = 300;
    static final int PRE_DOSE_SPO2_KEPT = 30;
    static final Duration STREAM_FORGOTTEN_AFTER = Duration.ofHours(1);

    /** One kept reading: its values and the order it arrived in. */
    public record Sample(long arrival, Instant measuredAt, Integer systolic, Integer diastolic, Integer heartRate,
                         Integer spo2, Integer respiratoryRate) {
    }

    /** One device stream: its kind, its newest reading's time, how many readings arrived, the kept ones. */
    public record Stream(String stream, String deviceKind, Instant newest, long arrivals, List<Sample> samples) {
        public Stream {
            samples = List.copyOf(samples);
        }
    }

    /** The stored form. */
    public record State(List<Stream> streams, List<Integer> preDoseSpo2) {
        public State {
            streams = streams == null ? List.of() : List.copyOf(streams);
            preDoseSpo2 = preDoseSpo2 == null ? List.of() : List.copyOf(preDoseSpo2);
        }
    }

    private final String sessionId;
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    private final List<Integer> preDoseSpo2 = new ArrayList<>();

    private RecentReadings(String sessionId) {
        this.sessionId = sessionId;
    }

    public static RecentReadings none(String sessionId) {
        return new RecentReadings(sessionId);
    }

    public static RecentReadings of(String sessionId, State state) {
        RecentReadings recent = new RecentReadings(sessionId);
        if (state != null) {
            state.streams().forEach(s -> recent.streams.put(s.stream(), s));
            recent.preDoseSpo2.addAll(state.preDoseSpo2());
        }
        return recent;
    }

    public State state() {
        return new State(List.copyOf(streams.values()), preDoseSpo2);
    }

    /** Older than the newest reading already judged on its stream: a backlog or a late retry. */
    public boolean isLate(VitalReading reading) {
        Stream s = streams.get(reading.stream());
        return s != null && s.newest() != null && reading.measuredAt().isBefore(s.newest());
    }

    /** The median of the SpO2 values measured before the dose; empty when none was. */
    public Optional<Integer> preDoseSpo2() {
        if (preDoseSpo2.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> sorted = preDoseSpo2.stream().sorted().toList();
        return Optional.of(sorted.get(sorted.size() / 2));
    }

    /** Keeps the reading and returns its stream as the rules see it, the reading in its place by time. */
    public StreamHistory add(VitalReading reading, SessionWatch session) {
        if (reading.spo2() != null && (session.dosedAt() == null || reading.measuredAt().isBefore(session.dosedAt()))) {
            preDoseSpo2.add(reading.spo2());
            while (preDoseSpo2.size() > PRE_DOSE_SPO2_KEPT) {
                preDoseSpo2.remove(0);
            }
        }
        Stream before = streams.get(reading.stream());
        long arrival = before == null ? 1 : before.arrivals() + 1;
        List<Sample> samples = new ArrayList<>(before == null ? List.of() : before.samples());
        samples.add(new Sample(arrival, reading.measuredAt(), reading.systolic(), reading.diastolic(), reading.heartRate(),
                reading.spo2(), reading.respiratoryRate()));
        Instant newest = before == null || before.newest() == null || reading.measuredAt().isAfter(before.newest())
                ? reading.measuredAt() : before.newest();
        Stream stream = new Stream(reading.stream(), reading.deviceKind(), newest, arrival, bounded(samples, newest, arrival));
        streams.put(reading.stream(), stream);
        streams.values().removeIf(s -> !s.stream().equals(reading.stream()) && s.newest() != null
                && s.newest().isBefore(reading.measuredAt().minus(STREAM_FORGOTTEN_AFTER)));
        return history(stream, reading);
    }

    /** The newest reading of every other stream measured within {@link #KEPT} of this one, as its history. */
    public List<StreamHistory> othersAround(VitalReading reading) {
        List<StreamHistory> others = new ArrayList<>();
        for (Stream s : streams.values()) {
            if (s.stream().equals(reading.stream()) || s.newest() == null
                    || Duration.between(s.newest(), reading.measuredAt()).abs().compareTo(KEPT) > 0) {
                continue;
            }
            Sample newest = s.samples().stream().max(Comparator.comparing(Sample::measuredAt)).orElse(null);
            if (newest != null) {
                others.add(history(s, toReading(s, newest)));
            }
        }
        return others;
    }

    private static List<Sample> bounded(List<Sample> samples, Instant newest, long arrivals) {
        samples.sort(Comparator.comparing(Sample::measuredAt).thenComparing(Sample::arrival));
        Instant keptFrom = newest.minus(KEPT);
        List<Sample> kept = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean lastTwo = i >= samples.size() - 2;
            if (lastTwo || !s.measuredAt().isBefore(keptFrom) || s.arrival() > arrivals - KEPT_ARRIVALS) {
                kept.add(s);
            }
        }
        while (kept.size() > MAX_PER_STREAM) {
            kept.remove(0);
        }
        return kept;
    }

    private StreamHistory history(Stream stream, VitalReading current) {
        List<VitalReading> ordered = stream.samples().stream().map(s -> toReading(stream, s)).toList();
        int index = -1;
        for (int i = ordered.size() - 1; i >= 0; i--) {
            if (ordered.get(i).equals(current)) {
                index = i;
                break;
            }
        }
        if (index < 0) { // pruned at once (MAX_PER_STREAM): judged on its own
            return new StreamHistory(List.of(current), 0, preDoseSpo2());
        }
        return new StreamHistory(ordered, index, preDoseSpo2());
    }

    private VitalReading toReading(Stream stream, Sample s) {
        return new VitalReading(sessionId, stream.stream(), stream.deviceKind(), s.systolic(), s.diastolic(), s.heartRate(),
                s.spo2(), s.respiratoryRate(), s.measuredAt());
    }
}
