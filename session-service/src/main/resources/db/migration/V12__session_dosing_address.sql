-- Where the patient is during a session and the local emergency number (a DosingAddress as JSON).
-- patient_plan.dosing_address: the plan's, as intake's approval carried it; null when the plan named none or the
-- event is from before plans carried it. session.dosing_address: one a clinician recorded at check-in for this
-- session only; null means the plan's. address_confirmed_by/_at: the clinician who confirmed the patient is at
-- the address, and when; no dose is authorized before (DosingSession).
ALTER TABLE patient_plan
    ADD COLUMN dosing_address jsonb;
ALTER TABLE session
    ADD COLUMN dosing_address       jsonb,
    ADD COLUMN address_confirmed_by text,
    ADD COLUMN address_confirmed_at timestamptz,
    ADD CONSTRAINT session_address_confirmed_whole CHECK (
        (address_confirmed_by IS NULL) = (address_confirmed_at IS NULL));
