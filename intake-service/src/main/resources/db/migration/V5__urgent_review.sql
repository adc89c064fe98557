-- Urgent-review tasks: a screening showing suicide risk waits here for a clinician licensed in the
-- patient's state to take it and close it with an outcome. Alerting pages on-call if due_at passes untaken.
CREATE TABLE urgent_review (
    id           uuid        PRIMARY KEY,
    patient_id   uuid        NOT NULL REFERENCES patient (id),
    screening_id uuid        NOT NULL UNIQUE REFERENCES screening (id),
    urgency      text        NOT NULL CHECK (urgency IN ('ACUTE', 'PROMPT')),
    reasons      text[]      NOT NULL,
    opened_at    timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    taken_by     text,
    taken_at     timestamptz,
    closed_by    text,
    closed_at    timestamptz,
    outcome      text,
    CHECK ((taken_by IS NULL) = (taken_at IS NULL)),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (outcome IS NULL)),
    -- A task is closed only by someone who took it, or an admin after someone did.
    CHECK (closed_at IS NULL OR taken_at IS NOT NULL)
);

CREATE INDEX urgent_review_open ON urgent_review (due_at) WHERE closed_at IS NULL;
