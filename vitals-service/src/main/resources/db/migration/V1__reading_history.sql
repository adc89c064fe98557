-- The history of readings: a projection of vitals.observations, never written from HTTP.
CREATE TABLE reading (
    event_id      uuid        PRIMARY KEY,
    reading_id    text        NOT NULL,
    session_id    text        NOT NULL,
    device_id     text        NOT NULL,
    systolic      smallint    NOT NULL,
    diastolic     smallint    NOT NULL,
    heart_rate    smallint,
    spo2          smallint,
    measured_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    CONSTRAINT reading_once_per_device_reading UNIQUE (session_id, reading_id)
);

CREATE INDEX reading_by_session_and_time ON reading (session_id, measured_at);
