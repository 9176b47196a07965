-- The duty roster for safety checks as well as repairs: a school's 值班
-- (the teacher or leader on duty) does the checks of plans assigned to
-- 值班, whoever is on the roster that day (inspection.AssignDuty). A duty
-- is for repairs (routing, as before; the default for every row until
-- now) or for checks; a check duty names no trade, and routing never
-- reads one, so a teacher on check duty is never sent a repair.

-- +goose Up
ALTER TABLE duty_roster
	ADD COLUMN purpose text NOT NULL DEFAULT 'repair' CHECK (purpose IN ('repair', 'check')),
	ADD CONSTRAINT duty_roster_check_no_trade CHECK (purpose = 'repair' OR trade = '');
CREATE INDEX duty_roster_check_idx ON duty_roster (school_id, starts_at, ends_at) WHERE purpose = 'check';
ALTER TABLE inspection_plans DROP CONSTRAINT inspection_plans_assign_kind_check;
ALTER TABLE inspection_plans ADD CONSTRAINT inspection_plans_assign_kind_check
	CHECK (assign_kind IN ('person', 'role', 'owner', 'duty'));

-- +goose Down
ALTER TABLE inspection_plans DROP CONSTRAINT inspection_plans_assign_kind_check;
ALTER TABLE inspection_plans ADD CONSTRAINT inspection_plans_assign_kind_check
	CHECK (assign_kind IN ('person', 'role', 'owner'));
DROP INDEX duty_roster_check_idx;
ALTER TABLE duty_roster DROP CONSTRAINT duty_roster_check_no_trade, DROP COLUMN purpose;
