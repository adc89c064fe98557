-- Each session's vitals a minute at a time, for the central station's 30-minute sparklines: the newest systolic
-- pressure and the lowest SpO2 of each minute of measurement, as the console's observations consumer took them.
CREATE TABLE console_trend_minute (
    session_id  text        NOT NULL,
    minute      timestamptz NOT NULL,
    systolic    smallint,
    systolic_at timestamptz,
    spo2        smallint,
    PRIMARY KEY (session_id, minute)
);

-- The station reads each session's newest prompt and check-ins without walking its readings.
CREATE INDEX console_feed_check_ins ON console_feed (session_id, type, position)
    WHERE type IN ('check-in.prompted', 'check-in.patient', 'check-in.sitter');
