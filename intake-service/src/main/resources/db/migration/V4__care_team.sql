-- Who is on a patient's care team. Sessions are session-service's: intake keeps a projection of
-- sessions.lifecycle (which clinician is scheduled with which patient), never asks over HTTP.
CREATE TABLE scheduled_session (
    session_id   text        PRIMARY KEY,
    patient_id   uuid        NOT NULL,
    clinician_id text        NOT NULL,
    state        text        NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX scheduled_session_by_patient ON scheduled_session (patient_id, clinician_id);

-- Clinicians who took on a patient's evaluation (an active prescriber licensed in the patient's state).
CREATE TABLE evaluating_clinician (
    patient_id   uuid        NOT NULL REFERENCES patient (id),
    clinician_id text        NOT NULL,
    since        timestamptz NOT NULL,
    PRIMARY KEY (patient_id, clinician_id)
);

-- A read across the program (outcome figures) names no patient.
ALTER TABLE audit_entry ALTER COLUMN patient_id DROP NOT NULL;

-- Clinicians who already evaluated a patient keep their place on the care team.
INSERT INTO evaluating_clinician (patient_id, clinician_id, since)
SELECT patient_id, clinician_id, min(decided_at) FROM evaluation GROUP BY patient_id, clinician_id;
