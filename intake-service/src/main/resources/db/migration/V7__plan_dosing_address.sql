-- Where the patient will be during the plan's sessions, with the local emergency number (a DosingAddress as
-- JSON). Null when the plan names none: session-service then has it recorded at check-in. The rules are
-- AddressRules'; this only keeps it an object.
ALTER TABLE treatment_plan
    ADD COLUMN dosing_address jsonb,
    ADD CONSTRAINT treatment_plan_dosing_address_object CHECK (
        dosing_address IS NULL OR jsonb_typeof(dosing_address) = 'object');
