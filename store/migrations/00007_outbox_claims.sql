-- Outbox leases: a worker claims rows in a short transaction by writing who
-- holds them and until when, commits, sends outside any transaction and
-- records each row's outcome in its own transaction. A worker that dies
-- leaves its leases to expire; the rows are then due again.
--
-- avoid_channel is set on an undelivered notice (「通知未送达」): the channel
-- that failed, which the notice does not use when its recipient has another.

-- +goose Up
ALTER TABLE outbox
    ADD COLUMN claimed_by    text,
    ADD COLUMN claimed_until timestamptz,
    ADD COLUMN avoid_channel text NOT NULL DEFAULT '',
    ADD CONSTRAINT outbox_claim_check CHECK ((claimed_by IS NULL) = (claimed_until IS NULL));

-- +goose Down
ALTER TABLE outbox
    DROP CONSTRAINT outbox_claim_check,
    DROP COLUMN avoid_channel,
    DROP COLUMN claimed_until,
    DROP COLUMN claimed_by;
