-- 「我的」 (repair.Store.RepairsOf) flat with history: one index per way a
-- staff member is concerned with a repair, scoped by school, so that the
-- query reads only the person's open repairs and those closed recently
-- instead of every repair in the database. status before closed_at: the
-- open ones are an equality on status, the recently closed ones an
-- equality on status and a range on closed_at. (school_id, reporter_id,
-- status, ...) makes repairs_reporter_idx (reporter_id, status) redundant;
-- repairs_worker_idx stays for the route load count, which has no school.

-- +goose Up
CREATE INDEX repairs_reporter_mine_idx ON repairs (school_id, reporter_id, status, closed_at);
CREATE INDEX repairs_worker_mine_idx ON repairs (school_id, worker_id, status, closed_at);
CREATE INDEX repair_followers_staff_idx ON repair_followers (school_id, staff_id, repair_id);
DROP INDEX repairs_reporter_idx;

-- +goose Down
CREATE INDEX repairs_reporter_idx ON repairs (reporter_id, status);
DROP INDEX repair_followers_staff_idx, repairs_worker_mine_idx, repairs_reporter_mine_idx;
