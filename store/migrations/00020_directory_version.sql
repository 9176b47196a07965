-- A version number per school that every change to its directory (the
-- school row itself, its staff, locations and repair routes) bumps in the
-- same transaction, by trigger, whoever writes: admin commands, imports,
-- hand-written SQL. A row rewritten with the same values bumps nothing. Each houqin process keeps a directory cache per school
-- (store/dircache.go) and serves a message from it only when the version it
-- read in that message's transaction matches, so several instances stay
-- correct and none needs its memory for correctness.

-- +goose Up
ALTER TABLE schools ADD COLUMN dir_version bigint NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE FUNCTION bump_dir_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
        RETURN NULL; -- rewritten unchanged (an idempotent setup run again)
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE schools SET dir_version = dir_version + 1 WHERE id = OLD.school_id;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.school_id IS DISTINCT FROM OLD.school_id THEN
        UPDATE schools SET dir_version = dir_version + 1 WHERE id = NEW.school_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bump_school_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.dir_version = OLD.dir_version AND to_jsonb(NEW) <> to_jsonb(OLD) THEN
        NEW.dir_version := OLD.dir_version + 1;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd

CREATE TRIGGER staff_dir_version AFTER INSERT OR UPDATE OR DELETE ON staff
    FOR EACH ROW EXECUTE FUNCTION bump_dir_version();
CREATE TRIGGER locations_dir_version AFTER INSERT OR UPDATE OR DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION bump_dir_version();
CREATE TRIGGER routes_dir_version AFTER INSERT OR UPDATE OR DELETE ON routes
    FOR EACH ROW EXECUTE FUNCTION bump_dir_version();
CREATE TRIGGER schools_dir_version BEFORE UPDATE ON schools
    FOR EACH ROW EXECUTE FUNCTION bump_school_version();

-- +goose Down
DROP TRIGGER schools_dir_version ON schools;
DROP TRIGGER routes_dir_version ON routes;
DROP TRIGGER locations_dir_version ON locations;
DROP TRIGGER staff_dir_version ON staff;
DROP FUNCTION bump_school_version(), bump_dir_version();
ALTER TABLE schools DROP COLUMN dir_version;
