-- PostgreSQL's idle CPU with a district's history (issue 16, third pass).
--
-- The visit purge's third branch (store.PurgeVisits: undelivered gate
-- notifications past retention) had no index of its own: every tick, for
-- every school, PostgreSQL intersected all of the district's pending rows
-- (outbox_due_idx) with all of the school's gate notifications
-- (outbox_gate_ref_idx, about 2,800 rows a school after a year) to find
-- none. This partial index holds only undelivered gate notifications, so
-- the branch reads nothing when nothing waits. The kinds are flows/visit's
-- Notices, spelled as in 00021 (TestPurgeIndexesMatchVisitNames).

-- +goose Up
CREATE INDEX outbox_gate_pending_idx ON outbox (school_id, created_at)
    WHERE status = 'pending'
      AND kind IN ('visit.confirm', 'visit.decided', 'visit.timeout', 'visit.close', 'visit.watch');

-- +goose Down
DROP INDEX outbox_gate_pending_idx;
