-- 改为同意: a host (or a school leader) who refused a visitor and changes
-- their mind while the visitor is still at the gate (「哎等等 我搞错了 还是
-- 让他们进来吧」, 「同意 6」 after 「拒绝 6」) admits the refused visit. The
-- window (30 minutes after the refusal, and not once the guard recorded
-- the visitor leaving) is the flows' rule (flows/visit mayReconsider);
-- the trigger only allows the move rejected → admitted. Everything else
-- stays as 00003 had it: nothing comes back from left, and admitted never
-- turns into rejected. flows/visit's CanMove has the same table (store's
-- TestVisitTransitionsMatchTheTrigger).

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION visit_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR
       (OLD.status = 'waiting'  AND NEW.status IN ('admitted', 'rejected', 'left')) OR
       (OLD.status = 'admitted' AND NEW.status = 'left') OR
       (OLD.status = 'rejected' AND NEW.status = 'admitted') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'visit %: % -> % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'HQ001';
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION visit_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR
       (OLD.status = 'waiting'  AND NEW.status IN ('admitted', 'rejected', 'left')) OR
       (OLD.status = 'admitted' AND NEW.status = 'left') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'visit %: % -> % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'HQ001';
END;
$$;
-- +goose StatementEnd
