-- Who the patient is, as the console shows them (name, date of birth for the age), from the plan's approval.
-- Null for plans approved before intake's events carried it: the console shows the patient's short id then.
ALTER TABLE patient_plan ADD COLUMN patient_given_name text;
ALTER TABLE patient_plan ADD COLUMN patient_family_name text;
ALTER TABLE patient_plan ADD COLUMN patient_birth_date date;
