-- Clinician licences, a projection of sessions.clinicians (session-service owns clinicians).
CREATE TABLE clinician_licence (
    clinician_id   text        PRIMARY KEY,
    display_name   text        NOT NULL,
    licence_type   text        NOT NULL,
    states         text[]      NOT NULL,
    active         boolean     NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Events already applied by this service's consumers.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);

CREATE TABLE evaluation (
    id           uuid        PRIMARY KEY,
    patient_id   uuid        NOT NULL REFERENCES patient (id),
    screening_id uuid        NOT NULL REFERENCES screening (id),
    clinician_id text        NOT NULL,
    decision     text        NOT NULL CHECK (decision IN ('APPROVE', 'DECLINE')),
    note         text        NOT NULL,
    decided_at   timestamptz NOT NULL
);

CREATE TABLE treatment_plan (
    id                      uuid        PRIMARY KEY,
    patient_id              uuid        NOT NULL REFERENCES patient (id),
    evaluation_id           uuid        REFERENCES evaluation (id),
    supersedes_plan_id      uuid        REFERENCES treatment_plan (id),
    status                  text        NOT NULL CHECK (status IN ('ACTIVE', 'SUPERSEDED')),
    dosing_sessions         smallint    NOT NULL,
    min_days_between_doses  smallint    NOT NULL,
    dose_mg                 smallint    NOT NULL,
    thresholds              jsonb       NOT NULL,
    approved_by             text        NOT NULL,
    approved_at             timestamptz NOT NULL,
    superseded_at           timestamptz
);

-- One active plan per patient; older ones stay as history.
CREATE UNIQUE INDEX treatment_plan_one_active ON treatment_plan (patient_id) WHERE status = 'ACTIVE';
