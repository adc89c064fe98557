-- Clinicians: licence, the states they are licensed in, their weekly availability (in their
-- own time zone) and leave. Their id is the subject of their sign-in token.
CREATE TABLE clinician (
    id            text        PRIMARY KEY,
    display_name  text        NOT NULL,
    licence_type  text        NOT NULL,
    states        text[]      NOT NULL,
    timezone      text        NOT NULL,
    availability  jsonb       NOT NULL,
    active        boolean     NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL
);

CREATE TABLE clinician_leave (
    id           uuid        PRIMARY KEY,
    clinician_id text        NOT NULL REFERENCES clinician (id),
    starts_on    date        NOT NULL,
    ends_on      date        NOT NULL,
    reason       text        NOT NULL,
    CHECK (ends_on >= starts_on)
);

CREATE INDEX clinician_leave_by_clinician ON clinician_leave (clinician_id, starts_on);
