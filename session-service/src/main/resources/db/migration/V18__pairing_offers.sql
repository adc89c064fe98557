-- The patient's phone running the app pairs as a patient-device of its own kind: check-ins and help, no readings.
ALTER TABLE paired_device DROP CONSTRAINT paired_device_kind;
ALTER TABLE paired_device ADD CONSTRAINT paired_device_kind CHECK (
    (role = 'patient-device' AND kind IN ('bp-cuff', 'pulse-oximeter', 'monitor', 'patient-phone'))
    OR (role = 'sitter' AND kind = 'sitter-phone'));

-- A phone is paired by a short code the console shows (and its QR code): it works once, for 10 minutes, and
-- only the newest code of a session's role works. Only the code's digest is kept: the table never holds a
-- code someone could still type.
CREATE TABLE pairing_offer (
    id           uuid        PRIMARY KEY,
    session_id   uuid        NOT NULL REFERENCES session (id),
    role         text        NOT NULL CHECK (role IN ('patient-device', 'sitter')),
    kind         text        NOT NULL CHECK (kind IN ('patient-phone', 'sitter-phone')),
    label        text        NOT NULL,
    code_digest  text        NOT NULL UNIQUE,
    offered_by   text        NOT NULL,
    offered_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    withdrawn_at timestamptz,
    redeemed_at  timestamptz,
    device_id    uuid        REFERENCES paired_device (id),
    CHECK (redeemed_at IS NULL OR device_id IS NOT NULL)
);

CREATE INDEX pairing_offer_by_session ON pairing_offer (session_id, role);

-- Every attempt to redeem a code, from where and how it ended: wrong codes from one address are limited like
-- console sign-ins, and an operator can see someone guessing.
CREATE TABLE pairing_attempt (
    at      timestamptz NOT NULL,
    address text        NOT NULL,
    outcome text        NOT NULL CHECK (outcome IN ('PAIRED', 'WRONG_CODE', 'LOCKED_OUT', 'SESSION_ENDED'))
);

CREATE INDEX pairing_attempt_by_address ON pairing_attempt (address, at);
