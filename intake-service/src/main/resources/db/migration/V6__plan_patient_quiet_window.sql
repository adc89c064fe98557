-- The patient's quiet window after the dose, in minutes (from inclusive, until exclusive), as the approving
-- clinician set it (default 20 to 60). Null on plans approved before plans carried it: the monitoring
-- service's own setting applied to them. The bounds are the domain's (PlanTerms); this only keeps the pair whole.
ALTER TABLE treatment_plan
    ADD COLUMN patient_quiet_from_minutes  smallint,
    ADD COLUMN patient_quiet_until_minutes smallint,
    ADD CONSTRAINT treatment_plan_patient_quiet_window CHECK (
        (patient_quiet_from_minutes IS NULL AND patient_quiet_until_minutes IS NULL)
        OR (patient_quiet_from_minutes >= 0 AND patient_quiet_until_minutes > patient_quiet_from_minutes));
