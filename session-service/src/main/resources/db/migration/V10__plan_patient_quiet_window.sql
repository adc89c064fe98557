-- The patient's quiet window after the dose, in minutes (from inclusive, until exclusive), as intake's plan
-- approval carried it; session.changed passes it on to vitals. Null: the plan arrived on an event from before
-- plans carried it, and vitals uses its own setting.
ALTER TABLE patient_plan
    ADD COLUMN patient_quiet_from_minutes  smallint,
    ADD COLUMN patient_quiet_until_minutes smallint,
    ADD CONSTRAINT patient_plan_patient_quiet_window CHECK (
        (patient_quiet_from_minutes IS NULL) = (patient_quiet_until_minutes IS NULL));
