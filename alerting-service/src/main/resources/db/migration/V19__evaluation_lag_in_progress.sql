-- A replica whose poll takes longer than a second says since when it is evaluating it: the readings of that poll
-- and behind it have not been seen, and the timed checks must not take them for silence.
ALTER TABLE evaluation_lag ADD COLUMN evaluating_since timestamptz;
