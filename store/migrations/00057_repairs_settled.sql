-- The repair job's read (repairsPendingSQL) left out an overdue open
-- repair whose duties were all claimed, but found that out on every tick
-- by looking up its claims: a district's year of history holds ~220
-- overdue open repairs per school, so each tick read them all again and
-- the read grew with history. settled_due is the due time up to which a
-- repair's duties are all done (the principal told, the last of them):
-- the read sets it, and only reads repairs whose settled_due differs
-- from their due_at. A new due time (reopened, a leader's decision,
-- reclassified) differs again, so the repair comes back by itself, with
-- no code that changes due_at having to know. The partial index holds
-- exactly the open repairs not settled, so the read stays as small as
-- what is due, whatever the history.

-- +goose Up
ALTER TABLE repairs ADD COLUMN settled_due timestamptz;
CREATE INDEX repairs_unsettled_idx ON repairs (school_id)
    WHERE status IN ('assigned', 'accepted', 'blocked', 'deferred') AND settled_due IS DISTINCT FROM due_at;

-- +goose Down
DROP INDEX repairs_unsettled_idx;
ALTER TABLE repairs DROP COLUMN settled_due;
