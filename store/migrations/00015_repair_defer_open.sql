-- 暂缓 of a repair that is late but not blocked (issue 13, item 10): the
-- escalation of an overdue repair offers the leader 改派, 批准 and 暂缓,
-- and the state machine refused assigned → deferred and accepted →
-- deferred, so 「暂缓」 asked three questions and then refused. A leader
-- may now defer an open repair from any open status; flows/repair's
-- CanMove has the same table (store's TestTransitionTableMatchesTrigger).

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION repair_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        IF OLD.status NOT IN ('assigned', 'accepted', 'blocked', 'deferred')
           AND (NEW.worker_id IS DISTINCT FROM OLD.worker_id OR NEW.due_at <> OLD.due_at) THEN
            RAISE EXCEPTION 'repair % is %', OLD.ref, OLD.status USING ERRCODE = 'HQ001';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT (
        (OLD.status = 'assigned' AND NEW.status IN ('accepted', 'blocked', 'deferred', 'done')) OR
        (OLD.status = 'accepted' AND NEW.status IN ('assigned', 'blocked', 'deferred', 'done')) OR
        (OLD.status = 'blocked'  AND NEW.status IN ('assigned', 'accepted', 'deferred')) OR
        (OLD.status = 'deferred' AND NEW.status IN ('assigned', 'accepted', 'blocked', 'done')) OR
        (OLD.status = 'done'     AND NEW.status IN ('closed', 'assigned'))
    ) THEN
        RAISE EXCEPTION 'repair %: % -> % is not allowed', OLD.ref, OLD.status, NEW.status USING ERRCODE = 'HQ001';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION repair_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        IF OLD.status NOT IN ('assigned', 'accepted', 'blocked', 'deferred')
           AND (NEW.worker_id IS DISTINCT FROM OLD.worker_id OR NEW.due_at <> OLD.due_at) THEN
            RAISE EXCEPTION 'repair % is %', OLD.ref, OLD.status USING ERRCODE = 'HQ001';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT (
        (OLD.status = 'assigned' AND NEW.status IN ('accepted', 'blocked', 'done')) OR
        (OLD.status = 'accepted' AND NEW.status IN ('assigned', 'blocked', 'done')) OR
        (OLD.status = 'blocked'  AND NEW.status IN ('assigned', 'accepted', 'deferred')) OR
        (OLD.status = 'deferred' AND NEW.status IN ('assigned', 'accepted', 'blocked', 'done')) OR
        (OLD.status = 'done'     AND NEW.status IN ('closed', 'assigned'))
    ) THEN
        RAISE EXCEPTION 'repair %: % -> % is not allowed', OLD.ref, OLD.status, NEW.status USING ERRCODE = 'HQ001';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
