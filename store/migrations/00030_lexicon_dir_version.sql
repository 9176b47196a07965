-- A school's own words (lexicon_entries, migration 00013) are part of its
-- directory: adding or removing one bumps schools.dir_version in the same
-- transaction (bump_dir_version, migration 00020), so the per-process
-- directory cache (store/dircache.go) may keep them too.

-- +goose Up
CREATE TRIGGER lexicon_dir_version AFTER INSERT OR UPDATE OR DELETE ON lexicon_entries
    FOR EACH ROW EXECUTE FUNCTION bump_dir_version();

-- +goose Down
DROP TRIGGER lexicon_dir_version ON lexicon_entries;
