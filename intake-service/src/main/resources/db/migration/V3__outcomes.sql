-- PHQ-9 and GAD-7 follow-up measures; the baseline is the patient's first screening.
CREATE TABLE outcome_measure (
    id           uuid        PRIMARY KEY,
    patient_id   uuid        NOT NULL REFERENCES patient (id),
    measured_at  timestamptz NOT NULL,
    phq9_answers integer[]   NOT NULL,
    gad7_answers integer[]   NOT NULL,
    phq9_total   smallint    NOT NULL,
    gad7_total   smallint    NOT NULL,
    recorded_by  text        NOT NULL,
    recorded_at  timestamptz NOT NULL
);

CREATE INDEX outcome_by_patient ON outcome_measure (patient_id, measured_at);

-- Discharge from the program: the record stays; treatment ends.
ALTER TABLE patient ADD COLUMN discharged_at timestamptz;
ALTER TABLE patient ADD COLUMN discharged_by text;
ALTER TABLE patient ADD COLUMN discharge_reason text;
