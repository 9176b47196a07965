-- Repair versions: the state of every repair after each change, so that a
-- day's digest is computed from what was true at the end of that day
-- (flows/digest: a repair created later, closed later, deferred after it
-- was escalated as overdue, or rated later does not change a past day).
-- A trigger writes them, so no code path that changes a repair can skip
-- one; "at" is the repair's updated_at, which every write sets to the time
-- of the change (the engine's clock, not the database's).
--
-- Repairs that exist when this migration runs get one version, at their
-- report time, with their state at migration time: their past digests stay
-- what they were before (judged by the final due and done times).

-- +goose Up
CREATE TABLE repair_versions (
    id             bigserial PRIMARY KEY,
    school_id      bigint NOT NULL REFERENCES schools (id),
    repair_id      bigint NOT NULL REFERENCES repairs (id),
    at             timestamptz NOT NULL,
    status         text NOT NULL,
    tier           text NOT NULL,
    worker_id      bigint,
    due_at         timestamptz NOT NULL,
    done_at        timestamptz,
    rating         int,
    blocked_reason text NOT NULL
);
CREATE INDEX repair_versions_repair_idx ON repair_versions (repair_id, at, id);
CREATE INDEX repair_versions_due_idx ON repair_versions (school_id, due_at);

-- +goose StatementBegin
CREATE FUNCTION repair_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.status, NEW.tier, NEW.worker_id, NEW.due_at, NEW.done_at, NEW.rating, NEW.blocked_reason)
        IS NOT DISTINCT FROM (OLD.status, OLD.tier, OLD.worker_id, OLD.due_at, OLD.done_at, OLD.rating, OLD.blocked_reason) THEN
        RETURN NULL;
    END IF;
    INSERT INTO repair_versions (school_id, repair_id, at, status, tier, worker_id, due_at, done_at, rating, blocked_reason)
    VALUES (NEW.school_id, NEW.id, NEW.updated_at, NEW.status, NEW.tier, NEW.worker_id, NEW.due_at, NEW.done_at, NEW.rating, NEW.blocked_reason);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER repair_version AFTER INSERT OR UPDATE ON repairs
    FOR EACH ROW EXECUTE FUNCTION repair_version();

INSERT INTO repair_versions (school_id, repair_id, at, status, tier, worker_id, due_at, done_at, rating, blocked_reason)
SELECT school_id, id, reported_at, status, tier, worker_id, due_at, done_at, rating, blocked_reason FROM repairs;

-- +goose Down
DROP TRIGGER repair_version ON repairs;
DROP FUNCTION repair_version();
DROP TABLE repair_versions;
