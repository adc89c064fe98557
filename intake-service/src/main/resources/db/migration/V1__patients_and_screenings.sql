CREATE TABLE patient (
    id                     uuid        PRIMARY KEY,
    given_name             text        NOT NULL,
    family_name            text        NOT NULL,
    date_of_birth          date        NOT NULL,
    phone                  text        NOT NULL,
    email                  text        NOT NULL,
    us_state               char(2)     NOT NULL,
    timezone               text        NOT NULL,
    insurance_payer        text,
    insurance_member_id    text,
    emergency_name         text        NOT NULL,
    emergency_phone        text        NOT NULL,
    emergency_relationship text        NOT NULL,
    sitter_name            text        NOT NULL,
    sitter_phone           text        NOT NULL,
    sitter_relationship    text        NOT NULL,
    identity_key           text        NOT NULL,
    registered_at          timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    version                bigint      NOT NULL
);

-- The same person (name, date of birth, phone) is registered once.
CREATE UNIQUE INDEX patient_identity ON patient (identity_key);

CREATE TABLE screening (
    id                        uuid        PRIMARY KEY,
    patient_id                uuid        NOT NULL REFERENCES patient (id),
    screened_at               timestamptz NOT NULL,
    screened_by               text        NOT NULL,
    phq9_answers              integer[]   NOT NULL,
    gad7_answers              integer[]   NOT NULL,
    phq9_total                smallint    NOT NULL,
    phq9_band                 text        NOT NULL,
    gad7_total                smallint    NOT NULL,
    gad7_band                 text        NOT NULL,
    self_harm_follow_up       boolean     NOT NULL,
    major_depressive_disorder boolean     NOT NULL,
    failed_trials             smallint    NOT NULL,
    acute_suicidal_ideation   boolean     NOT NULL,
    recent_attempt_or_intent  boolean     NOT NULL,
    contraindications         text[]      NOT NULL,
    medications               text[]      NOT NULL,
    baseline_systolic         smallint    NOT NULL,
    baseline_diastolic        smallint    NOT NULL,
    baseline_heart_rate       smallint    NOT NULL,
    eligibility               text        NOT NULL CHECK (eligibility IN ('ELIGIBLE', 'NEEDS_REVIEW', 'INELIGIBLE')),
    urgent_review             boolean     NOT NULL,
    reasons                   jsonb       NOT NULL
);

CREATE INDEX screening_by_patient ON screening (patient_id, screened_at DESC);

-- Who read which patient's record, and when.
CREATE TABLE audit_entry (
    id         bigserial   PRIMARY KEY,
    actor      text        NOT NULL,
    actor_role text        NOT NULL,
    action     text        NOT NULL,
    patient_id uuid        NOT NULL,
    at         timestamptz NOT NULL
);

CREATE INDEX audit_by_patient ON audit_entry (patient_id, at);
