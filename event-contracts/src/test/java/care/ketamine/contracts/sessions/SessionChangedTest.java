package care.ketamine.contracts.sessions;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.intake.PatientQuietWindow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A session change carries the plan's quiet window when it has one; changes already on the topic still read. */
class SessionChangedTest {

    private static final String WITHOUT_WINDOW = """
            {"eventId": "2b7e0c55-3a4f-4a52-8f7e-8d0b6f0f1a01", "type": "session.changed", "schemaVersion": 1,
             "occurredAt": "2026-11-26T15:40:00Z", "aggregateId": "s-1",
             "payload": {"sessionId": "s-1", "patientId": "p-1", "clinicianId": "dr-1", "type": "DOSING",
               "change": "DOSED", "fromState": "DOSE_AUTHORIZED", "state": "DOSED", "actor": "dr-1", "reason": null,
               "at": "2026-11-26T15:40:00Z", "scheduledStart": "2026-11-26T15:00:00Z",
               "scheduledEnd": "2026-11-26T17:30:00Z", "dosedAt": "2026-11-26T15:40:00Z",
               "thresholds": {"gateMaxSystolic": 160, "gateMaxDiastolic": 90, "gateMaxHeartRate": 100,
                 "warnSystolic": 160, "warnDiastolic": 100, "riseSystolic": 40, "riseDiastolic": 25,
                 "heartRateHigh": 120, "heartRateLow": 50, "spo2Warning": 92, "spo2Critical": 90},
               "baselineSystolic": 124, "baselineDiastolic": 80, "preDoseSystolic": 126, "preDoseDiastolic": 82,
               "checkInEveryMinutes": 15, "checkInForMinutes": 120, "sitter": null, "emergencyContact": null,
               "deviceId": null, "device": null}}""";

    @Test
    void shouldReadAChangeWrittenBeforeSessionsCarriedAQuietWindowAsNone() {
        SessionChanged old = EventJson.read(WITHOUT_WINDOW, SessionChanged.TYPE).payload();

        assertThat(old.patientQuietWindow()).as("vitals then uses its own setting").isNull();
        assertThat(old.dosedAt()).isEqualTo(Instant.parse("2026-11-26T15:40:00Z"));
        assertThat(old.checkInEveryMinutes()).isEqualTo(15);
    }

    @Test
    void shouldCarryThePlansQuietWindowThroughJson() {
        SessionChanged old = EventJson.read(WITHOUT_WINDOW, SessionChanged.TYPE).payload();
        SessionChanged withWindow = new SessionChanged(old.sessionId(), old.patientId(), old.clinicianId(), old.type(),
                old.change(), old.fromState(), old.state(), old.actor(), old.reason(), old.at(), old.scheduledStart(),
                old.scheduledEnd(), old.dosedAt(), old.thresholds(), old.baselineSystolic(), old.baselineDiastolic(),
                old.preDoseSystolic(), old.preDoseDiastolic(), old.checkInEveryMinutes(), old.checkInForMinutes(),
                null, null, null, null, new PatientQuietWindow(30, 45));

        String json = EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, "s-1", withWindow, Clock.systemUTC()));

        assertThat(EventJson.read(json, SessionChanged.TYPE).payload()).isEqualTo(withWindow);
        assertThat(SessionChanged.TYPE.schemaVersion()).as("an optional last field keeps the version").isEqualTo(1);
    }

    @Test
    void shouldReadAChangeWithoutADosingAddressAsNoneAndCarryTheConfirmedAddressWhenPresent() {
        SessionChanged old = EventJson.read(WITHOUT_WINDOW, SessionChanged.TYPE).payload();
        assertThat(old.dosingAddress()).isNull();

        SessionAddress confirmed = new SessionAddress(new DosingAddress("12 Oak St", "Oakland", "CA", "94607", "US", null,
                "911"), "dr-1", Instant.parse("2026-11-26T15:05:00Z"));
        SessionChanged withAddress = new SessionChanged(old.sessionId(), old.patientId(), old.clinicianId(), old.type(),
                old.change(), old.fromState(), old.state(), old.actor(), old.reason(), old.at(), old.scheduledStart(),
                old.scheduledEnd(), old.dosedAt(), old.thresholds(), old.baselineSystolic(), old.baselineDiastolic(),
                old.preDoseSystolic(), old.preDoseDiastolic(), old.checkInEveryMinutes(), old.checkInForMinutes(),
                null, null, null, null, null, confirmed);

        String json = EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, "s-1", withAddress, Clock.systemUTC()));

        assertThat(EventJson.read(json, SessionChanged.TYPE).payload().dosingAddress()).isEqualTo(confirmed);
        assertThat(json).as("derived, not carried").doesNotContain("\"confirmed\"");
    }

    @Test
    void shouldReadAChangeWithoutTheSittersTextsAsNoWordAndCarryThePlansOffWhenPresent() {
        SessionChanged old = EventJson.read(WITHOUT_WINDOW, SessionChanged.TYPE).payload();
        assertThat(old.textSitterOnCriticalAlerts()).as("no word: on").isNull();

        SessionChanged off = new SessionChanged(old.sessionId(), old.patientId(), old.clinicianId(), old.type(),
                old.change(), old.fromState(), old.state(), old.actor(), old.reason(), old.at(), old.scheduledStart(),
                old.scheduledEnd(), old.dosedAt(), old.thresholds(), old.baselineSystolic(), old.baselineDiastolic(),
                old.preDoseSystolic(), old.preDoseDiastolic(), old.checkInEveryMinutes(), old.checkInForMinutes(),
                null, null, null, null, null, null, false);

        String json = EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, "s-1", off, Clock.systemUTC()));

        assertThat(json).contains("\"textSitterOnCriticalAlerts\":false").contains("\"schemaVersion\":1");
        assertThat(EventJson.read(json, SessionChanged.TYPE).payload()).isEqualTo(off);
    }
}
