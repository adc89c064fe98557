-- Each device of a session is a stream of its own for the device-silence rule: its kind and declared
-- cadence from pairing (sessions.lifecycle DEVICE_PAIRED), and the server's receive time of its newest
-- reading (never the device's clock). A revoked device's stream has ended. The sweep joins these to the
-- sessions under monitoring by the primary key's leading column.
CREATE TABLE device_stream (
    session_id       text        NOT NULL,
    device_id        text        NOT NULL,
    kind             text        NOT NULL,
    role             text,
    cadence_seconds  integer     CHECK (cadence_seconds > 0),
    paired_at        timestamptz,
    last_received_at timestamptz,
    revoked_at       timestamptz,
    PRIMARY KEY (session_id, device_id)
);
