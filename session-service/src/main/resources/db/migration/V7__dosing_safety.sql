-- Dosing safety interlocks (issue 15): when the gate passed and the dose was authorized (both expire),
-- who confirmed the tablet taken, and why a dosed session was aborted (kept when it is discharged).
ALTER TABLE session
    ADD COLUMN gate_passed_at      timestamptz,
    ADD COLUMN dose_authorized_at  timestamptz,
    ADD COLUMN tablet_confirmed_by text,
    ADD COLUMN ended_early_reason  text;

-- The expiry sweep looks only at sessions waiting for a dose or a tablet.
CREATE INDEX session_awaiting_dose ON session (state) WHERE state IN ('PRE_DOSE_CHECK', 'DOSE_AUTHORIZED');

-- The dose is refused below the SpO2 floor when the reading measured it.
ALTER TABLE latest_reading ADD COLUMN spo2 smallint;

-- A patient handed over to emergency services: who was called, when, why, and who recorded it.
CREATE TABLE session_handover (
    session_id  uuid        PRIMARY KEY REFERENCES session (id),
    called      text        NOT NULL,
    called_at   timestamptz NOT NULL,
    reason      text        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL
);

-- A discharge criterion the clinician overrode, with the figures it was not met on and the written reason.
CREATE TABLE discharge_override (
    id         bigserial   PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES session (id),
    to_state   text        NOT NULL,
    criterion  text        NOT NULL,
    figures    text        NOT NULL,
    reason     text        NOT NULL,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX discharge_override_by_session ON discharge_override (session_id);
