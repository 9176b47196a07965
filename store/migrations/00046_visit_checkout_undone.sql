-- 撤销离校: a guard may take back a check-out recorded by mistake (the
-- thirteenth user test's guard answered 「1」 to the wrong list and
-- checked out a party of three still installing cameras; nothing could
-- bring them back, and 「在校访客」 showed no one inside). The visit goes
-- back to admitted with left_at cleared, and the undoing is a line of its
-- audit trail (visit_events kind left_undone) beside the check-out's.
--
-- The one new move is left → admitted. When it may be made is the flows'
-- rule (flows/visit mayUndoLeave: by the gate, within 30 minutes of the
-- check-out, and only for a visitor who had been let in — one who left
-- while still waiting is not brought back, as the host was told they
-- went), as the window of rejected → admitted (00042) is. flows/visit's
-- CanMove has the same table (store's TestVisitTransitionsMatchTheTrigger).

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION visit_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR
       (OLD.status = 'waiting'  AND NEW.status IN ('admitted', 'rejected', 'kept', 'left')) OR
       (OLD.status = 'admitted' AND NEW.status = 'left') OR
       (OLD.status = 'rejected' AND NEW.status = 'admitted') OR
       (OLD.status = 'kept'     AND NEW.status = 'admitted') OR
       (OLD.status = 'left'     AND NEW.status = 'admitted') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'visit %: % -> % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'HQ001';
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- A visit brought back since stays admitted: it is inside, as the guard
-- said, and admitted → left remains allowed.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION visit_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR
       (OLD.status = 'waiting'  AND NEW.status IN ('admitted', 'rejected', 'kept', 'left')) OR
       (OLD.status = 'admitted' AND NEW.status = 'left') OR
       (OLD.status = 'rejected' AND NEW.status = 'admitted') OR
       (OLD.status = 'kept'     AND NEW.status = 'admitted') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'visit %: % -> % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'HQ001';
END;
$$;
-- +goose StatementEnd
