-- Whether each clinician practises, as session-service publishes it on sessions.clinicians: the tokens of
-- a clinician who does not are refused (service-platform's DeactivatedAccounts reads this table).
CREATE TABLE clinician_activity (
    clinician_id text        PRIMARY KEY,
    active       boolean     NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX clinician_activity_inactive ON clinician_activity (clinician_id) WHERE NOT active;
