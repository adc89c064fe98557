-- Whether the sitter gets alerting's direct "check on the patient now" text on critical alerts: the approving
-- clinician may turn it off (no mobile phone, or the sitter asked not to be texted). Plans approved before had
-- it on, as every plan does unless the clinician says otherwise.
ALTER TABLE treatment_plan
    ADD COLUMN text_sitter_on_critical_alerts boolean NOT NULL DEFAULT true;
