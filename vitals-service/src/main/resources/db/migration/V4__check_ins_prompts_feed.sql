-- The patient behind a session: the subject of its FHIR export.
ALTER TABLE session_activity ADD COLUMN patient_id text;

-- What each device already sent and the broker acknowledged, so a replay is answered with the
-- original result without going to the broker again, and the same id with other values is refused.
-- submission_key: 'reading:<readingId>' or 'check-in:<checkInId>'.
CREATE TABLE accepted_submission (
    session_id     text        NOT NULL,
    submission_key text        NOT NULL,
    fingerprint    text        NOT NULL,
    event_id       uuid        NOT NULL,
    accepted_at    timestamptz NOT NULL,
    PRIMARY KEY (session_id, submission_key)
);

-- Check-in prompts on the session's cadence from the dose; issued_at is set once the broker has it.
CREATE TABLE check_in_prompt (
    prompt_id   text        PRIMARY KEY,
    session_id  text        NOT NULL,
    respondent  text        NOT NULL CHECK (respondent IN ('patient', 'sitter')),
    sequence    int         NOT NULL,
    due_at      timestamptz NOT NULL,
    issued_at   timestamptz,
    answered_by text,
    cancelled   boolean     NOT NULL DEFAULT false
);

CREATE INDEX check_in_prompt_due ON check_in_prompt (due_at) WHERE issued_at IS NULL AND NOT cancelled;
CREATE INDEX check_in_prompt_by_session ON check_in_prompt (session_id, due_at);

-- Check-ins as projected from vitals.observations.
CREATE TABLE check_in (
    event_id           uuid        PRIMARY KEY,
    check_in_id        text        NOT NULL,
    prompt_id          text,
    session_id         text        NOT NULL,
    device_id          text        NOT NULL,
    respondent         text        NOT NULL CHECK (respondent IN ('patient', 'sitter')),
    unreality          smallint,
    body_disconnection smallint,
    time_distortion    smallint,
    nausea             smallint,
    anxiety            smallint,
    feels_ok           boolean,
    moaas              smallint,
    sitter_present     boolean,
    answered_at        timestamptz NOT NULL,
    received_at        timestamptz NOT NULL
);

CREATE INDEX check_in_by_session_and_time ON check_in (session_id, answered_at);

-- Every observation event of a session in topic order: what the live stream replays. All of a
-- session's events are on one partition, so its offsets order them and serve as SSE event ids.
CREATE TABLE observation_feed (
    session_id   text   NOT NULL,
    kafka_offset bigint NOT NULL,
    event_id     uuid   NOT NULL UNIQUE,
    type         text   NOT NULL,
    event        text   NOT NULL,
    PRIMARY KEY (session_id, kafka_offset)
);
