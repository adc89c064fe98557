-- A paired device names its kind and may declare its cadence and what it is (once, at pairing).
-- Devices paired before kinds existed were combined monitors (patient-device) and sitter phones.
ALTER TABLE paired_device ADD COLUMN kind text;
UPDATE paired_device SET kind = CASE role WHEN 'sitter' THEN 'sitter-phone' ELSE 'monitor' END;
ALTER TABLE paired_device ALTER COLUMN kind SET NOT NULL;
ALTER TABLE paired_device ADD CONSTRAINT paired_device_kind CHECK (
    (role = 'patient-device' AND kind IN ('bp-cuff', 'pulse-oximeter', 'monitor'))
    OR (role = 'sitter' AND kind = 'sitter-phone'));
ALTER TABLE paired_device ADD COLUMN cadence_seconds integer CHECK (cadence_seconds > 0);
ALTER TABLE paired_device ADD COLUMN manufacturer text;
ALTER TABLE paired_device ADD COLUMN model text;
ALTER TABLE paired_device ADD COLUMN firmware text;

-- The newest blood pressure and the newest SpO2 of a session, each from the newest reading that carries it:
-- a cuff and an oximeter send separately, so one device's later reading must not hide the other's value.
CREATE TABLE latest_measure (
    session_id  uuid        NOT NULL,
    measure     text        NOT NULL CHECK (measure IN ('blood-pressure', 'spo2')),
    systolic    smallint,
    diastolic   smallint,
    heart_rate  smallint,
    spo2        smallint,
    device_kind text        NOT NULL,
    measured_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, measure),
    CHECK (measure <> 'blood-pressure' OR (systolic IS NOT NULL AND diastolic IS NOT NULL)),
    CHECK (measure <> 'spo2' OR spo2 IS NOT NULL)
);

INSERT INTO latest_measure (session_id, measure, systolic, diastolic, heart_rate, spo2, device_kind, measured_at)
SELECT session_id, 'blood-pressure', systolic, diastolic, heart_rate, spo2, 'monitor', measured_at FROM latest_reading;
INSERT INTO latest_measure (session_id, measure, systolic, diastolic, heart_rate, spo2, device_kind, measured_at)
SELECT session_id, 'spo2', systolic, diastolic, heart_rate, spo2, 'monitor', measured_at FROM latest_reading
WHERE spo2 IS NOT NULL;

DROP TABLE latest_reading;
