-- Whether alerting texts the sitter to check on the patient at a critical alert, as the plan's approval said:
-- false when the clinician turned it off. Plans projected before approvals carried it are on, the safe choice.
ALTER TABLE patient_plan
    ADD COLUMN text_sitter_on_critical_alerts boolean NOT NULL DEFAULT true;
