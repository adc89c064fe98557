package care.ketamine.simulator.run;

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
 * One simulated dosing session from check-in to completion, played by its three people: the
 * clinician (steps, acknowledging alerts), the patient's cuff (a reading every interval, or none,
 * or a backlog) and phone (check-ins), and the sitter's phone. Every call goes through the public
 * APIs with the tokens they would hold. Clinical time runs {@code compression} times faster than
 * the wall clock, as it does on the stack (clinic.time-compression).
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

    private final List<Map<String, Object>> kept = new ArrayList<>();
    private final Set<String> answeredPrompts = new HashSet<>();
    private final Map<String, Instant> alertFirstSeen = new HashMap<>();
    private final Map<String, String> alerts = new LinkedHashMap<>();
    private int readingNumber;
    private VitalSigns latest;
    private Instant dosedAt;
    private Instant lastPromptLook = Instant.EPOCH;
    private Instant lastAlertLook = Instant.EPOCH;
    private Instant lastLookIn = Instant.EPOCH;
    private String state = "SCHEDULED";

    SessionRun(int index, Enrolment.EnrolledSession session, SimulatedPatient patient, ClinicApi api, Clock clock,
               SimulationSettings settings, Progress progress) {
        this.index = index;
        this.session = session;
        this.patient = patient;
        this.api = api;
        this.clock = clock;
        this.settings = settings;
        this.progress = progress;
    }

    SessionOutcome run() {
        step("check-in", Map.of("patientOnline", true, "sitterName", Enrolment.SITTER));
        admitted();
        Instant preDoseUntil = clock.instant().plus(real(Duration.ofMinutes(3)));
        while (!ended()) {
            Instant now = clock.instant();
            takeReading(now);
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
                    if (sinceDose(now).compareTo(settings.monitoringFloor()) >= 0 && latest != null
                            && patient.nearBaseline(latest) && kept.isEmpty()) {
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
        // The clinician resolved what was still open before discharge; the last look finds every alert it raised.
        lookAtAlerts(clock.instant(), List.of("open", "acknowledged", "resolved"), false);
        return new SessionOutcome(index, session.sessionId(), patient.anomalies(), state, Map.copyOf(alerts), null);
    }

    private boolean ended() {
        return care.ketamine.contracts.sessions.SessionStates.ended(state);
    }

    /** vitals-service learns of the check-in through Kafka; until then a reading gets 409. */
    private void admitted() {
        Instant deadline = clock.instant().plus(Duration.ofSeconds(30));
        while (clock.instant().isBefore(deadline)) {
            Answer answer = postReading(reading(clock.instant(), null));
            if (answer.ok()) {
                progress.readingsAccepted.incrementAndGet();
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
            answer(api.post(vitals("/check-ins/patient"), session.deviceToken(), Map.of("checkInId", "sim-patient-look-" + now.toEpochMilli(),
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

    private void takeReading(Instant now) {
        Duration sinceDose = dosedAt == null ? null : sinceDose(now);
        Map<String, Object> reading = reading(now, sinceDose);
        DeviceBehaviour behaviour = patient.device(sinceDose);
        if (behaviour == DeviceBehaviour.SILENT) {
            return;
        }
        kept.add(reading);
        if (behaviour == DeviceBehaviour.KEEP) {
            return;
        }
        if (kept.size() == 1) {
            Answer answer = postReading(reading);
            if (accepted(answer, 1)) {
                kept.clear();
            }
            return;
        }
        // The device is back online: its backlog goes up in batches, oldest first.
        List<Map<String, Object>> batch = new ArrayList<>(kept.subList(0, Math.min(BATCH_LIMIT, kept.size())));
        Answer answer = api.post(vitals("/readings/batch"), session.deviceToken(), Map.of("readings", batch));
        if (accepted(answer, batch.size())) {
            kept.subList(0, batch.size()).clear();
        }
    }

    /** 2xx: taken. 503: kept and sent again later (the same reading ids, so a replay is harmless). Other: refused. */
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

    private Answer postReading(Map<String, Object> reading) {
        return api.post(vitals("/readings"), session.deviceToken(), reading);
    }

    private Map<String, Object> reading(Instant now, Duration sinceDose) {
        VitalSigns v = patient.measure(sinceDose);
        latest = v;
        return Map.of("readingId", "sim-" + (++readingNumber), "systolic", v.systolic(), "diastolic", v.diastolic(),
                "heartRate", v.heartRate(), "spo2", v.spo2(), "measuredAt", now.toString());
    }

    /** Prompts issued and not answered yet: the patient (unless they miss it on purpose) and the sitter answer. */
    private void answerPrompts(Instant now) {
        if (Duration.between(lastPromptLook, now).compareTo(Duration.ofSeconds(1)) < 0) {
            return;
        }
        lastPromptLook = now;
        // Each phone sees its own prompts: the patient's with the device token, the sitter's with theirs.
        List<JsonNode> prompts = new ArrayList<>();
        for (String token : List.of(session.deviceToken(), session.sitterToken())) {
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
            Duration dueSinceDose = sinceDose(Instant.parse(p.path("dueAt").asText()));
            answeredPrompts.add(promptId);
            if ("sitter".equals(p.path("respondent").asText())) {
                answer(api.post(vitals("/check-ins/sitter"), session.sitterToken(), Map.of("checkInId", "sim-" + promptId,
                        "promptId", promptId, "moaas", patient.sitterObservedMoaas(dueSinceDose), "sitterPresent", true,
                        "answeredAt", now.toString())));
            } else if (patient.patientAnswers(dueSinceDose)) {
                SimulatedPatient.PatientAnswers a = patient.patientCheckIn(sinceDose(now));
                answer(api.post(vitals("/check-ins/patient"), session.deviceToken(), Map.of("checkInId", "sim-" + promptId,
                        "promptId", promptId, "unreality", a.unreality(), "bodyDisconnection", a.bodyDisconnection(),
                        "timeDistortion", a.timeDistortion(), "nausea", a.nausea(), "anxiety", a.anxiety(),
                        "feelsOk", a.feelsOk(), "answeredAt", now.toString())));
            } else {
                progress.missedOnPurpose.incrementAndGet();
            }
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
