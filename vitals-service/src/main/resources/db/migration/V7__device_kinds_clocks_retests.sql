-- Each paired device's kind, as sessions.lifecycle announced it on DEVICE_PAIRED: it decides which reading
-- shape the device must send. A device without a row is a combined monitor (paired before kinds existed).
CREATE TABLE paired_device (
    device_id       text        PRIMARY KEY,
    session_id      text        NOT NULL,
    role            text,
    kind            text        NOT NULL,
    cadence_seconds int,
    manufacturer    text,
    model           text,
    firmware        text,
    paired_at       timestamptz NOT NULL
);

-- Each device's clock offset as last measured (server receive time - the device time the request carried).
CREATE TABLE device_clock (
    device_id   text        PRIMARY KEY,
    session_id  text        NOT NULL,
    offset_ms   bigint      NOT NULL,
    device_time timestamptz NOT NULL,
    received_at timestamptz NOT NULL
);

-- Readings of every device kind: an oximeter's have no blood pressure.
ALTER TABLE reading
    ALTER COLUMN systolic DROP NOT NULL,
    ALTER COLUMN diastolic DROP NOT NULL,
    ADD COLUMN device_kind        text        NOT NULL DEFAULT 'monitor',
    ADD COLUMN respiratory_rate   smallint,
    ADD COLUMN perfusion_index    double precision,
    ADD COLUMN measurement_flags  text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN body_position      text,
    ADD COLUMN measurement_site   text,
    ADD COLUMN device_measured_at timestamptz;

-- A cuff's retest after a blood-pressure crisis is a prompt too (respondent 'cuff', kind 'retest').
ALTER TABLE check_in_prompt DROP CONSTRAINT check_in_prompt_respondent_check;
ALTER TABLE check_in_prompt ADD CONSTRAINT check_in_prompt_respondent_check
    CHECK (respondent IN ('patient', 'sitter', 'cuff'));
ALTER TABLE check_in_prompt ADD COLUMN kind text NOT NULL DEFAULT 'check-in' CHECK (kind IN ('check-in', 'retest'));
ALTER TABLE check_in_prompt ADD COLUMN reason text;
CREATE INDEX check_in_prompt_retests ON check_in_prompt (session_id, due_at) WHERE kind = 'retest';
