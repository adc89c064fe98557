-- The classes of medication of concern the patient's latest screening recorded, in words, as intake's plan
-- approval carried them (for the monitoring record). Empty: none recorded. Null: the plan arrived on an
-- event from before intake carried them, so they are not known here.
ALTER TABLE patient_plan ADD COLUMN medications_of_concern text[];
