-- Repairs get a tier (small, large, urgent) in place of the boolean large,
-- and a place in free text for a report whose place is not in the
-- location table (issue 13, items 2 and 3).
--
-- tier: 'urgent' is 紧急/安全隐患 (a hazard: due in urgent_due_hours, the
-- 分管领导 and 总务主任 told at once, reminders every urgent_remind_minutes).
-- Existing rows keep what they were: large → 'large', else 'small'. large
-- stays, computed from tier, so that the readers of the column (the
-- digest, the ledger, reports written by hand) keep their meaning: a large
-- repair is 大修; an urgent one is neither 大修 nor 小修.
--
-- place_text: the place as the reporter wrote it (操场东边的围栏) when the
-- location table has no such place; location_id is then the school's
-- catch-all location 「其他地点」 (of the building, when one was named).
--
-- repair_followers.report: what a follower reported when their report was
-- merged into the repair, so that 「不是同一个问题」 can split it off
-- into its own job.

-- +goose Up
ALTER TABLE repairs ADD COLUMN tier text NOT NULL DEFAULT 'small' CHECK (tier IN ('small', 'large', 'urgent'));
UPDATE repairs SET tier = 'large' WHERE large;
ALTER TABLE repairs DROP COLUMN large;
ALTER TABLE repairs ADD COLUMN large boolean GENERATED ALWAYS AS (tier = 'large') STORED;
ALTER TABLE repairs ADD COLUMN place_text text NOT NULL DEFAULT '';
ALTER TABLE repair_followers ADD COLUMN report text NOT NULL DEFAULT '';

-- The scheduler's urgent reminders: every open urgent repair of a school,
-- whatever its due time.
CREATE INDEX repairs_urgent_open_idx ON repairs (school_id, id)
    WHERE tier = 'urgent' AND status IN ('assigned', 'accepted', 'blocked', 'deferred');
-- Duplicates: the open repairs at one place, within the school.
CREATE INDEX repairs_open_place_idx ON repairs (school_id, location_id)
    WHERE status IN ('assigned', 'accepted', 'blocked', 'deferred');

-- +goose Down
DROP INDEX repairs_open_place_idx, repairs_urgent_open_idx;
ALTER TABLE repair_followers DROP COLUMN report;
ALTER TABLE repairs DROP COLUMN place_text;
ALTER TABLE repairs DROP COLUMN large;
ALTER TABLE repairs ADD COLUMN large boolean NOT NULL DEFAULT false;
UPDATE repairs SET large = (tier = 'large');
ALTER TABLE repairs DROP COLUMN tier;
