-- A worker's absence (请假) on the duty roster: he says he is ill or away
-- (我今天病了，请个假; 明天上午请假), houqin records from when to when, and
-- routing passes him by meanwhile (repair.RouteCandidates), as it prefers
-- whoever is on duty. An absence names no trade; 销假 ends the one under
-- way by moving its end, so the roster still shows it was taken.

-- +goose Up
ALTER TABLE duty_roster DROP CONSTRAINT duty_roster_purpose_check;
ALTER TABLE duty_roster ADD CONSTRAINT duty_roster_purpose_check CHECK (purpose IN ('repair', 'check', 'away'));
CREATE INDEX duty_roster_away_idx ON duty_roster (staff_id, ends_at) WHERE purpose = 'away';

-- +goose Down
DROP INDEX duty_roster_away_idx;
DELETE FROM duty_roster WHERE purpose = 'away';
ALTER TABLE duty_roster DROP CONSTRAINT duty_roster_purpose_check;
ALTER TABLE duty_roster ADD CONSTRAINT duty_roster_purpose_check CHECK (purpose IN ('repair', 'check'));
