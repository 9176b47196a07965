-- The repair state machine of 00002, made exactly flows/repair's CanMove
-- (store/repair_test.go checks every pair): a repair waiting for sign-off
-- (done) keeps its worker and due time, as a closed one does; and no
-- repair moves to or from 'cancelled', a status no code writes (the CHECK
-- of 00002 still accepts it, for rows written by hand).

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION repair_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        -- Reassignment (转派) and a new due time keep the status of an
        -- open repair; a finished one is read-only apart from its rating.
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

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION repair_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        IF OLD.status IN ('closed', 'cancelled') AND (NEW.worker_id IS DISTINCT FROM OLD.worker_id OR NEW.due_at <> OLD.due_at) THEN
            RAISE EXCEPTION 'repair % is %', OLD.ref, OLD.status USING ERRCODE = 'HQ001';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT (
        (OLD.status = 'assigned' AND NEW.status IN ('accepted', 'blocked', 'done', 'cancelled')) OR
        (OLD.status = 'accepted' AND NEW.status IN ('assigned', 'blocked', 'done', 'cancelled')) OR
        (OLD.status = 'blocked'  AND NEW.status IN ('assigned', 'accepted', 'deferred', 'cancelled')) OR
        (OLD.status = 'deferred' AND NEW.status IN ('assigned', 'accepted', 'blocked', 'done', 'cancelled')) OR
        (OLD.status = 'done'     AND NEW.status IN ('closed', 'assigned'))
    ) THEN
        RAISE EXCEPTION 'repair %: % -> % is not allowed', OLD.ref, OLD.status, NEW.status USING ERRCODE = 'HQ001';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
