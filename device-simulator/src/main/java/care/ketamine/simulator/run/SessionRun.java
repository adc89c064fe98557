package care.ketamine.simulator.run;

import care.ketamine.simulator.devices.Cuff;
import care.ketamine.simulator.devices.DeviceClock;
import care.ketamine.simulator.devices.Oximeter;
import care.ketamine.simulator.physiology.DeviceBehaviour;
import care.ketamine.simulator.physiology.SimulatedPatient;
import care.ketamine.simulator.physiology.VitalSigns;
import care.ketamine.simulator.stack.ClinicApi;
import care.ketamine.simulator.stack.ClinicApi.Answer;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated dosing session from check-in to completion, played by its people and devices: the
 * clinician (steps, acknowledging alerts), the patient's cuff (every 5 or 15 clinical minutes, and on a
 * retest request) and pulse oximeter (1 Hz samples in batches), each of which may fall silent or keep a
 * backlog, the patient's phone (check-ins) and the sitter's phone. Every call goes through the public
 * APIs with the tokens they would hold. Clinical time runs {@code compression} times faster than
 * the wall clock, as it does on the stack (clinic.time-compression).
 *
 * <p>The devices measure and send on a thread of their own, as real devices do: a person's call that the
 * stack answers slowly (an acknowledge waiting on the alert it changes) never holds a device's upload back,
 * so a device falls silent only when its scenario says so.
 */
final class SessionRun {

    private static final int BATCH_LIMIT = 500;
    /** How often (wall clock) the sitter and the patient look in unprompted while discharge waits for them. */
    private static final Duration LOOK_IN_EVERY = Duration.ofSeconds(2);

    private final int index;
    private final Enrolment.EnrolledSession session;
    private final SimulatedPatient patient;
    private final ClinicApi api;
    private final Clock clock;
    private final SimulationSettings settings;
    private final Progress progress;

    private final DeviceUplink cuffUplink;
    private final DeviceUplink oximeterUplink;
    private final Cuff cuff = new Cuff();
    private final Oximeter oximeter;
    private final DeviceClock deviceClock;
    private final Set<String> answeredPrompts = new HashSet<>();
    private final Map<String, Instant> alertFirstSeen = new HashMap<>();
    private final Map<String, String> alerts = new LinkedHashMap<>();
    private final Map<String, String> summaries = new LinkedHashMap<>();
    private final Map<String, Set<String>> alertIds = new LinkedHashMap<>();
    // Shared by the people's thread and the devices' thread.
    private final java.util.concurrent.atomic.AtomicBoolean retestAsked = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile VitalSigns latest;
    private volatile Instant dosedAt;
    private volatile String state = "SCHEDULED";
    // The devices' own, once they run.
    private int readingNumber;
    private Instant lastOximeterSample;
    private Instant startedAt;
    private Instant lastPromptLook = Instant.EPOCH;
    /** When the patient tapped "I need help" (null: not yet), and whether vitals has it. */
    private Instant helpAskedAt;
    private boolean helpThrough;
    /** What the sitter's app last said: in the home, until they step out. */
    private boolean sitterSaidPresent = true;
    private Instant lastAlertLook = Instant.EPOCH;
    private Instant lastLookIn = Instant.EPOCH;

    SessionRun(int index, Enrolment.EnrolledSession session, SimulatedPatient patient, ClinicApi api, Clock clock,
               SimulationSettings settings, Progress progress) {
        this.index = index;
        this.session = session;
        this.patient = patient;
        this.api = api;
        this.clock = clock;
        this.settings = settings;
        this.progress = progress;
        this.oximeter = new Oximeter(patient, patient.anomalies(), index);
        this.deviceClock = new DeviceClock(patient.anomalies());
        this.cuffUplink = new DeviceUplink(false);
        this.oximeterUplink = new DeviceUplink(true);
    }

    SessionOutcome run() {
        step("check-in", Map.of("patientOnline", true, "sitterName", Enrolment.SITTER, "addressConfirmed", true));
        startedAt = clock.instant();
        admitted();
        Thread devices = new Thread(this::devicesUntilEnded, "session-" + index + "-devices");
        devices.setDaemon(true);
        devices.start();
        Instant preDoseUntil = clock.instant().plus(real(Duration.ofMinutes(3)));
        while (!ended()) {
            Instant now = clock.instant();
            switch (state) {
                case "CHECKED_IN", "HELD" -> {
                    if (!now.isBefore(preDoseUntil)) {
                        gate(now);
                    }
                }
                case "PRE_DOSE_CHECK" -> authorizeDose();
                case "DOSE_AUTHORIZED" -> {
                    // The patient takes the tablet; the clinician confirms it on their behalf. The dose time is now.
                    step("tablet-taken", Map.of());
                    dosedAt = now;
                    step("monitoring", Map.of());
                }
                case "MONITORING" -> {
                    answerPrompts(now);
                    sitterPresence(now);
                    askForHelp(now);
                    if (sinceDose(now).compareTo(settings.monitoringFloor()) >= 0 && latest != null
                            && patient.nearBaseline(latest) && !cuffUplink.holding && !oximeterUplink.holding) {
                        tryRecovery(now);
                    }
                }
                case "RECOVERED" -> step("complete", Map.of());
                default -> {
                }
            }
            if (Duration.between(lastAlertLook, now).compareTo(Duration.ofSeconds(2)) >= 0) {
                lastAlertLook = now;
                lookAtAlerts(now, List.of("open"), true);
            }
            Enrolment.pause(settings.realReadingInterval());
        }
        awaitEnd(devices);
        // The clinician resolved what was still open before discharge; the last look finds every alert it raised.
        lookAtAlerts(clock.instant(), List.of("open", "acknowledged", "resolved"), false);
        Map<String, Integer> counts = new LinkedHashMap<>();
        alertIds.forEach((rule, ids) -> counts.put(rule, ids.size()));
        return new SessionOutcome(index, session.sessionId(), patient.anomalies(), state, Map.copyOf(alerts), Map.copyOf(counts),
                Duration.between(startedAt, clock.instant()).multipliedBy(settings.compression()), null, Map.copyOf(summaries));
    }

    /** The cuff and the oximeter, each tick until the session has ended. */
    private void devicesUntilEnded() {
        while (!ended()) {
            measure(clock.instant());
            Enrolment.pause(settings.realReadingInterval());
        }
    }

    /** The devices' last upload (at most one request's timeout) is done before the outcome is read. */
    private void awaitEnd(Thread devices) {
        try {
            devices.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean ended() {
        return care.ketamine.contracts.sessions.SessionStates.ended(state);
    }

    /** vitals-service learns of the check-in through Kafka; until then a reading gets 409. */
    private void admitted() {
        Instant deadline = clock.instant().plus(Duration.ofSeconds(30));
        while (clock.instant().isBefore(deadline)) {
            Instant now = clock.instant();
            Answer answer = api.post(vitals("/readings"), session.cuffToken(), withDeviceTime(cuffReading(now, null)));
            if (answer.ok()) {
                progress.readingsAccepted.incrementAndGet();
                cuff.measured(Duration.ZERO);
                lastOximeterSample = now;
                return;
            }
            Enrolment.pause(Duration.ofMillis(250));
        }
        throw new ClinicApi.StackRefused("vitals-service never took a reading for session " + session.sessionId());
    }

    private void gate(Instant now) {
        Answer answer = api.post(sessions("/gate"), session.clinicianToken(), Map.of());
        if (answer.ok()) {
            state(answer.text("state"));
        } else if (answer.status() != 409) { // 409: a held session rechecked too early; try on the next tick
            throw new ClinicApi.StackRefused("the pre-dose gate was refused: " + answer.problem());
        }
    }

    /**
     * The dose is checked again at that moment; a refusal (a reading or alert since the gate, or a
     * gate that expired) leaves the session where the service says it is, to be tried on a later tick.
     */
    private void authorizeDose() {
        Answer answer = api.post(sessions("/dose"), session.clinicianToken(), Map.of());
        if (answer.ok()) {
            state(answer.text("state"));
        } else if (answer.status() == 409) {
            if (answer.raw() != null && answer.raw().contains("alert ")) {
                resolveOpenAlerts("reviewed before the dose, the patient is stable");
            }
            state(api.require("session " + index, api.get(sessions(""), session.clinicianToken())).text("state"));
        } else {
            throw new ClinicApi.StackRefused("the dose was refused: " + answer.problem());
        }
    }

    /**
     * Discharge follows the service's proposal: the sitter and the patient look in when their latest
     * check-in is missing or old, the clinician resolves the alerts it has reviewed, and recovery is
     * asked only when every criterion is met (the readings of the last 15 minutes may need time).
     */
    private void tryRecovery(Instant now) {
        Answer proposal = api.get(sessions("/discharge"), session.clinicianToken());
        if (!proposal.ok()) {
            return;
        }
        Set<String> unmet = new HashSet<>();
        proposal.body().path("criteria").forEach(c -> {
            if (!c.path("met").asBoolean()) {
                unmet.add(c.path("criterion").asText());
            }
        });
        if (unmet.isEmpty()) {
            Answer answer = api.post(sessions("/recovery"), session.clinicianToken(), Map.of());
            if (answer.ok()) {
                state(answer.text("state"));
            } // 409: a reading or an alert arrived since the proposal; look again on the next tick
            return;
        }
        if (Duration.between(lastLookIn, now).compareTo(LOOK_IN_EVERY) < 0) {
            return;
        }
        lastLookIn = now;
        Duration sinceDose = sinceDose(now);
        if (unmet.contains("sitter")) {
            answer(api.post(vitals("/check-ins/sitter"), session.sitterToken(), Map.of("checkInId", "sim-sitter-look-" + now.toEpochMilli(),
                    "moaas", patient.sitterObservedMoaas(sinceDose), "sitterPresent", true, "answeredAt", now.toString())));
        }
        if (unmet.contains("patient")) {
            SimulatedPatient.PatientAnswers a = patient.patientCheckIn(sinceDose);
            answer(api.post(vitals("/check-ins/patient"), session.cuffToken(), Map.of("checkInId", "sim-patient-look-" + now.toEpochMilli(),
                    "unreality", a.unreality(), "bodyDisconnection", a.bodyDisconnection(),
                    "timeDistortion", a.timeDistortion(), "nausea", a.nausea(), "anxiety", a.anxiety(),
                    "feelsOk", a.feelsOk(), "answeredAt", now.toString())));
        }
        if (unmet.contains("alerts")) {
            resolveOpenAlerts("reviewed before discharge, the patient is back near baseline");
        }
    }

    /** The clinician resolves, with a comment, every alert of the session still open or acknowledged. */
    private void resolveOpenAlerts(String comment) {
        for (String status : List.of("open", "acknowledged")) {
            Answer listed = api.get(api.stack().alerting() + "/alerts?sessionId=" + session.sessionId() + "&status=" + status,
                    session.clinicianToken());
            if (!listed.ok()) {
                continue;
            }
            for (JsonNode alert : listed.body()) {
                String id = alert.path("id").asText();
                alerts.merge(alert.path("rule").asText(), alert.path("severity").asText(),
                        (before, after) -> "CRITICAL".equals(before) ? before : after);
                alertIds.computeIfAbsent(alert.path("rule").asText(), r -> new HashSet<>()).add(id);
                api.post(api.stack().alerting() + "/alerts/" + id + "/resolve", session.clinicianToken(),
                        Map.of("comment", "Simulated clinician: " + comment));
            }
        }
    }

    private void step(String name, Map<String, Object> body) {
        Answer answer = api.require("the " + name + " step of session " + index, api.post(sessions("/" + name),
                session.clinicianToken(), body));
        state(answer.text("state"));
    }

    private void state(String newState) {
        state = newState;
        progress.state(index, newState);
    }

    /**
     * What the devices measured since the last tick: the cuff when it is due (or asked to retest), the
     * oximeter a sample each clinical second (fewer when time is highly compressed) since its last one;
     * each device then sends, loses or keeps it.
     */
    private void measure(Instant now) {
        Duration sinceDose = dosedAt == null ? null : sinceDose(now);
        Duration sinceStart = Duration.between(startedAt, now).multipliedBy(settings.compression());
        if (retestAsked.getAndSet(false) || cuff.due(sinceStart, sinceDose)) {
            cuff.measured(sinceStart);
            cuffUplink.offer(List.of(cuffReading(now, sinceDose)), patient.device(false, sinceDose));
        }
        Duration sampleEvery = settings.oximeterSampleEvery().dividedBy(settings.compression());
        List<Map<String, Object>> samples = new ArrayList<>();
        for (Instant at = lastOximeterSample.plus(sampleEvery); !at.isAfter(now); at = at.plus(sampleEvery)) {
            samples.add(oximeterSample(at, dosedAt == null ? null : sinceDose(at)));
            lastOximeterSample = at;
        }
        if (!samples.isEmpty()) {
            oximeterUplink.offer(samples, patient.device(true, sinceDose));
        }
    }

    /** One device's link to vitals: it sends what it measured, or loses it, or keeps it to send later. */
    private final class DeviceUplink {

        private final boolean isOximeter;
        private final List<Map<String, Object>> kept = new ArrayList<>();
        /** Whether readings are kept to send later, for the people's thread (only the devices' thread touches kept). */
        private volatile boolean holding;

        DeviceUplink(boolean isOximeter) {
            this.isOximeter = isOximeter;
        }

        void offer(List<Map<String, Object>> readings, DeviceBehaviour behaviour) {
            try {
                send(readings, behaviour);
            } finally {
                holding = !kept.isEmpty();
            }
        }

        private void send(List<Map<String, Object>> readings, DeviceBehaviour behaviour) {
            if (behaviour == DeviceBehaviour.SILENT) {
                return;
            }
            kept.addAll(readings);
            if (behaviour == DeviceBehaviour.KEEP) {
                return;
            }
            String token = isOximeter ? session.oximeterToken() : session.cuffToken();
            if (!isOximeter && kept.size() == 1) {
                if (accepted(upload(() -> api.post(vitals("/readings"), token, withDeviceTime(kept.get(0)))), 1)) {
                    kept.clear();
                }
                return;
            }
            // Oldest first, in batches; a backlog after a network loss goes up the same way.
            while (!kept.isEmpty()) {
                List<Map<String, Object>> batch = new ArrayList<>(kept.subList(0, Math.min(BATCH_LIMIT, kept.size())));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("readings", batch);
                body.put("deviceTime", deviceTime());
                if (!accepted(upload(() -> api.post(vitals("/readings/batch"), token, body)), batch.size())) {
                    return;
                }
                kept.subList(0, batch.size()).clear();
            }
        }
    }

    private Map<String, Object> withDeviceTime(Map<String, Object> reading) {
        Map<String, Object> sent = new LinkedHashMap<>(reading);
        sent.put("deviceTime", deviceTime());
        return sent;
    }

    /** The device's clock now, sent with every request so that vitals can correct a clock that is off. */
    private String deviceTime() {
        Instant now = clock.instant();
        return deviceClock.at(now, dosedAt == null ? null : sinceDose(now)).toString();
    }

    /** 2xx: taken. 503: kept and sent again later (the same reading ids, so a replay is harmless). Other: refused. */
    /** A device's upload, timed: the slowest one of the run is in the progress line. */
    private Answer upload(java.util.function.Supplier<Answer> post) {
        long started = System.nanoTime();
        Answer answer = post.get();
        progress.uploaded(Duration.ofNanos(System.nanoTime() - started));
        return answer;
    }

    private boolean accepted(Answer answer, int readings) {
        if (answer.ok()) {
            progress.readingsAccepted.addAndGet(readings);
            return true;
        }
        if (answer.status() == 503 || answer.status() == 0) {
            progress.readingsRetried.addAndGet(readings);
            return false;
        }
        progress.readingsRefused.addAndGet(readings);
        System.err.println("simulator: session " + index + ": readings refused: " + answer.problem());
        return true;
    }

    private Map<String, Object> cuffReading(Instant now, Duration sinceDose) {
        VitalSigns v = patient.measure(sinceDose);
        latest = v;
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("readingId", "sim-cuff-" + (++readingNumber));
        reading.put("systolic", v.systolic());
        reading.put("diastolic", v.diastolic());
        reading.put("heartRate", v.heartRate());
        reading.put("measuredAt", deviceClock.at(now, sinceDose).toString());
        return reading;
    }

    private Map<String, Object> oximeterSample(Instant at, Duration sinceDose) {
        Oximeter.Sample sample = oximeter.sample(sinceDose);
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("readingId", "sim-ox-" + (++readingNumber));
        reading.put("spo2", sample.spo2());
        reading.put("heartRate", sample.pulseRate());
        reading.put("respiratoryRate", sample.respiratoryRate());
        reading.put("perfusionIndex", sample.perfusionIndex());
        reading.put("measuredAt", deviceClock.at(at, sinceDose).toString());
        return reading;
    }

    /** Prompts issued and not answered yet: the patient (unless they miss it on purpose) and the sitter answer. */
    private void answerPrompts(Instant now) {
        if (Duration.between(lastPromptLook, now).compareTo(Duration.ofSeconds(1)) < 0) {
            return;
        }
        lastPromptLook = now;
        // Each phone sees its own prompts: the patient's with the device token, the sitter's with theirs.
        List<JsonNode> prompts = new ArrayList<>();
        for (String token : List.of(session.cuffToken(), session.sitterToken())) {
            Answer listed = api.get(vitals("/prompts"), token);
            if (listed.ok()) {
                listed.body().forEach(prompts::add);
            }
        }
        for (JsonNode p : prompts) {
            String promptId = p.path("promptId").asText();
            if (p.path("issuedAt").isNull() || p.path("issuedAt").isMissingNode() || p.path("answered").asBoolean()
                    || p.path("cancelled").asBoolean() || answeredPrompts.contains(promptId)) {
                continue;
            }
            answeredPrompts.add(promptId);
            if (isRetest(p)) {
                retestAsked.set(true);
                continue;
            }
            Duration dueSinceDose = sinceDose(Instant.parse(p.path("dueAt").asText()));
            if ("sitter".equals(p.path("respondent").asText())) {
                answer(api.post(vitals("/check-ins/sitter"), session.sitterToken(), Map.of("checkInId", "sim-" + promptId,
                        "promptId", promptId, "moaas", patient.sitterObservedMoaas(dueSinceDose),
                        "sitterPresent", patient.sitterPresent(sinceDose(now)), "answeredAt", now.toString())));
            } else if (patient.patientAnswers(dueSinceDose)) {
                SimulatedPatient.PatientAnswers a = patient.patientCheckIn(sinceDose(now));
                answer(api.post(vitals("/check-ins/patient"), session.cuffToken(), Map.of("checkInId", "sim-" + promptId,
                        "promptId", promptId, "unreality", a.unreality(), "bodyDisconnection", a.bodyDisconnection(),
                        "timeDistortion", a.timeDistortion(), "nausea", a.nausea(), "anxiety", a.anxiety(),
                        "feelsOk", a.feelsOk(), "answeredAt", now.toString())));
            } else {
                progress.missedOnPurpose.incrementAndGet();
            }
        }
    }

    /** The sitter's app says when they step out and when they are back, as the sitter taps it. */
    private void sitterPresence(Instant now) {
        boolean present = patient.sitterPresent(sinceDose(now));
        if (present == sitterSaidPresent) {
            return;
        }
        sitterSaidPresent = present;
        Answer said = api.post(vitals("/sitter-presence"), session.sitterToken(), Map.of("presenceId",
                "sim-presence-" + index + "-" + now.toEpochMilli(), "present", present, "at", now.toString()));
        if (!said.ok()) {
            System.err.println("simulator: session " + index + ": the sitter's presence was refused: " + said.problem());
        }
    }

    /**
     * The patient's "I need help", as their app sends it: the same request (id and time asked) again on every tick
     * until vitals has it; a replay of one already stored is through as well.
     */
    private void askForHelp(Instant now) {
        if (helpThrough || !patient.hasAskedForHelp(sinceDose(now))) {
            return;
        }
        if (helpAskedAt == null) {
            helpAskedAt = now;
        }
        Answer asked = api.post(vitals("/help"), session.cuffToken(), Map.of("helpId", "sim-help-" + index,
                "askedAt", helpAskedAt.toString()));
        if (asked.ok()) {
            helpThrough = true;
        } else {
            System.err.println("simulator: session " + index + ": the call for help was not taken, sent again on the next "
                    + "tick: " + asked.problem());
        }
    }

    private void answer(Answer answer) {
        if (answer.ok()) {
            progress.checkIns.incrementAndGet();
        } else {
            System.err.println("simulator: session " + index + ": a check-in was refused: " + answer.problem());
        }
    }

    /** The clinician looks at the session's alerts and acknowledges each open one after a while. */
    private void lookAtAlerts(Instant now, List<String> statuses, boolean acknowledge) {
        for (String status : statuses) {
            Answer listed = api.get(api.stack().alerting() + "/alerts?sessionId=" + session.sessionId() + "&status=" + status,
                    session.clinicianToken());
            if (!listed.ok()) {
                continue;
            }
            for (JsonNode alert : listed.body()) {
                String id = alert.path("id").asText();
                String rule = alert.path("rule").asText();
                alerts.merge(rule, alert.path("severity").asText(), (before, after) -> "CRITICAL".equals(before) ? before : after);
                summaries.put(rule, alert.path("summary").asText());
                alertIds.computeIfAbsent(rule, r -> new HashSet<>()).add(id);
                progress.raised(id, rule);
                alertFirstSeen.putIfAbsent(id, now);
                if (acknowledge && settings.acknowledgeAfter() != null && !progress.wasAcknowledged(id)
                        && !now.isBefore(alertFirstSeen.get(id).plus(settings.acknowledgeAfter()))) {
                    Answer ack = api.post(api.stack().alerting() + "/alerts/" + id + "/acknowledge", session.clinicianToken(),
                            Map.of("comment", "Simulated clinician: called the patient and the sitter"));
                    if (ack.ok() || ack.status() == 409) { // 409: someone (on-call, the console) took it first
                        progress.acknowledged(id, rule);
                    }
                }
            }
        }
    }

    /** The cuff's retest request after a crisis reading (vitals asks the cuff through its prompts). */
    private static boolean isRetest(JsonNode prompt) {
        return "cuff".equals(prompt.path("respondent").asText()) || "retest".equals(prompt.path("kind").asText());
    }

    private Duration sinceDose(Instant now) {
        return Duration.between(dosedAt, now).multipliedBy(settings.compression());
    }

    private Duration real(Duration clinical) {
        return clinical.dividedBy(settings.compression());
    }

    private String sessions(String path) {
        return api.stack().sessions() + "/sessions/" + session.sessionId() + path;
    }

    private String vitals(String path) {
        return api.stack().vitals() + "/sessions/" + session.sessionId() + path;
    }
}
