-- Background work flat with history (issue 16).
--
-- outbox_created_idx: housekeeping prunes settled outbox rows older than
-- flows.OutboxRetention in created_at order (store.PruneOutbox).
--
-- The visit purge (store.PurgeVisits) looked at every gate notification
-- of the school on every tick, blanked or not. Its work list is now these
-- partial indexes: gate notifications not blanked yet (a row leaves the
-- index when the purge blanks it), gate notifications by ref (for the
-- visits purged on this tick), and undelivered copies not blanked yet.
-- The kinds and the blanked text are flows/visit's Notices and
-- PurgedNotice; store's TestPurgeIndexesMatchVisitNames checks that they
-- still agree, and the purge's SQL spells the same literals so that the
-- planner can use the indexes.

-- +goose Up
CREATE INDEX outbox_created_idx ON outbox (created_at);
CREATE INDEX outbox_gate_live_idx ON outbox (school_id, created_at)
    WHERE kind IN ('visit.confirm', 'visit.decided', 'visit.timeout', 'visit.close', 'visit.watch')
      AND body <> '（访客个人信息已超过保留期限，已删除）';
CREATE INDEX outbox_gate_ref_idx ON outbox (school_id, ref)
    WHERE kind IN ('visit.confirm', 'visit.decided', 'visit.timeout', 'visit.close', 'visit.watch');
CREATE INDEX outbox_fallback_live_idx ON outbox (school_id)
    WHERE fallback_of IS NOT NULL AND body <> '（访客个人信息已超过保留期限，已删除）';

-- +goose Down
DROP INDEX outbox_fallback_live_idx, outbox_gate_ref_idx, outbox_gate_live_idx, outbox_created_idx;
