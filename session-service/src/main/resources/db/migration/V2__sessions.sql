-- Patients' active plans: a projection of intake.patients (intake owns plans).
CREATE TABLE patient_plan (
    patient_id         uuid        PRIMARY KEY,
    plan_id            uuid        NOT NULL,
    us_state           char(2)     NOT NULL,
    timezone           text        NOT NULL,
    dosing_sessions    smallint    NOT NULL,
    min_days_between   smallint    NOT NULL,
    dose_mg            smallint    NOT NULL,
    thresholds         jsonb       NOT NULL,
    baseline_systolic  smallint    NOT NULL,
    baseline_diastolic smallint    NOT NULL,
    sitter             jsonb       NOT NULL,
    emergency_contact  jsonb       NOT NULL,
    active             boolean     NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);

CREATE TABLE session (
    id                 uuid        PRIMARY KEY,
    patient_id         uuid        NOT NULL,
    clinician_id       text        NOT NULL REFERENCES clinician (id),
    plan_id            uuid        NOT NULL,
    type               text        NOT NULL CHECK (type IN ('PREPARATION', 'DOSING', 'INTEGRATION')),
    state              text        NOT NULL,
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    held_at            timestamptz,
    dosed_at           timestamptz,
    pre_dose_systolic  smallint,
    pre_dose_diastolic smallint,
    pre_dose_heart_rate smallint,
    version            bigint      NOT NULL
);

CREATE INDEX session_by_patient ON session (patient_id, starts_at);
CREATE INDEX session_by_clinician ON session (clinician_id, starts_at);

-- Who moved a session, from where to where, when and why.
CREATE TABLE session_transition (
    id         bigserial   PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES session (id),
    from_state text,
    to_state   text        NOT NULL,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL,
    reason     text        NOT NULL
);

CREATE INDEX session_transition_by_session ON session_transition (session_id, id);

-- The latest reading of each session, for the pre-dose gate: a projection of vitals.observations.
CREATE TABLE latest_reading (
    session_id  uuid        PRIMARY KEY,
    systolic    smallint    NOT NULL,
    diastolic   smallint    NOT NULL,
    heart_rate  smallint,
    measured_at timestamptz NOT NULL
);

-- Devices paired to a session; a revoked device's token is refused by session-service's checks.
CREATE TABLE paired_device (
    id          uuid        PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES session (id),
    role        text        NOT NULL CHECK (role IN ('patient-device', 'sitter')),
    label       text        NOT NULL,
    paired_by   text        NOT NULL,
    paired_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE INDEX paired_device_by_session ON paired_device (session_id);
