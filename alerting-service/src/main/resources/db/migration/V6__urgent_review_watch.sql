-- Intake's urgent-review tasks as alerting follows them from intake.patients: a task whose deadline
-- passes with nobody having taken it raises urgent-review-overdue once (alerted_at).
CREATE TABLE urgent_review_watch (
    task_id     text        PRIMARY KEY,
    patient_id  text        NOT NULL,
    urgency     text        NOT NULL,
    due_at      timestamptz NOT NULL,
    taken_by    text,
    taken_at    timestamptz,
    closed_at   timestamptz,
    alerted_at  timestamptz,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX urgent_review_watch_untaken ON urgent_review_watch (due_at)
    WHERE taken_at IS NULL AND closed_at IS NULL AND alerted_at IS NULL;
