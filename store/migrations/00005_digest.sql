-- The daily digest and the ledgers read repairs of one school by the day
-- they were finished and by the day they were due; these indexes keep those
-- range scans on one school's rows however many schools share the database.

-- +goose Up
CREATE INDEX repairs_school_done_idx ON repairs (school_id, done_at) WHERE done_at IS NOT NULL;
CREATE INDEX repairs_school_due_idx ON repairs (school_id, due_at);

-- +goose Down
DROP INDEX repairs_school_due_idx, repairs_school_done_idx;
