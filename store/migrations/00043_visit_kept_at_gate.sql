-- 留在门卫: a host may answer the guard's check-in by keeping the visitor
-- at the gate (「快递放门卫室就行 我自己去拿」, 「不用进来 药放门卫我去拿」).
-- That is no refusal, and until now it was stored as one (rejected), so
-- the digest's 被访人拒绝 and the 来访登记簿 counted a parcel left at the
-- gate as a refused visitor. It gets its own status, kept: the visitor
-- came, did not enter, and left something or was met at the gate.
--
-- The decision, smallest sound model: a status, not a column, because
-- "kept" is an answer to the check-in exactly as admitted and rejected
-- are, and every reader already branches on status (a column beside
-- status = 'rejected' would have left every count of refusals wrong until
-- each learned to subtract it). The moves:
--
--   waiting → kept      the host (or a school leader) keeps the visitor
--                       at the gate;
--   kept → admitted     the host changes their mind (「算了 还是让他上来
--                       吧」): the flows allow it under the same rule as
--                       改为同意 after a refusal (flows/visit
--                       mayReconsider: within 30 minutes, and not once the
--                       guard recorded the visitor leaving);
--   nothing else.       kept never becomes rejected or left: a kept
--                       visitor never came in, so needs no check-out (no
--                       reminder, not in 还有谁没走, not counted inside at
--                       gate closing); the guard may still record when
--                       they went (「3号走了」), which sets left_at and
--                       keeps the status, as for a refused visitor. Nothing
--                       comes back from left, and rejected → admitted
--                       (00042) stays as it was.
--
-- flows/visit's CanMove has the same table (store's
-- TestVisitTransitionsMatchTheTrigger). The personal-data purge has no
-- status filter, so kept visits are purged after retention like any other.
--
-- The visits answered this way before this migration were stored as
-- rejected, with the decision houqin itself wrote for them (flows/visit
-- leaveAtGate, unchanged since it was written): 「被访人李老师请访客把东西
-- 留在门卫室，不用进校」 (or a leader's title and name in front). They are
-- set to kept here, so past digests (recomputed on demand) and ledgers stop
-- counting them as refusals; the trigger is bypassed for that one update,
-- as rejected → kept is no move a person may make. Their audit trail
-- (visit_events) is left as it was written. Down turns every kept visit
-- back into rejected, as they were stored before.

-- +goose Up
ALTER TABLE visits DROP CONSTRAINT visits_status_check;
ALTER TABLE visits ADD CONSTRAINT visits_status_check
    CHECK (status IN ('waiting', 'admitted', 'rejected', 'kept', 'left'));

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

ALTER TABLE visits DISABLE TRIGGER visit_transition;
UPDATE visits SET status = 'kept'
    WHERE status = 'rejected' AND decision LIKE '%请访客把东西留在门卫室，不用进校';
ALTER TABLE visits ENABLE TRIGGER visit_transition;

-- +goose Down
ALTER TABLE visits DISABLE TRIGGER visit_transition;
UPDATE visits SET status = 'rejected' WHERE status = 'kept';
ALTER TABLE visits ENABLE TRIGGER visit_transition;
ALTER TABLE visits DROP CONSTRAINT visits_status_check;
ALTER TABLE visits ADD CONSTRAINT visits_status_check
    CHECK (status IN ('waiting', 'admitted', 'rejected', 'left'));

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
