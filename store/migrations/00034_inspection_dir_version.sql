-- A school's safety-check plans and their items (migration 00010) are part
-- of its directory: a change bumps schools.dir_version in the same
-- transaction (bump_dir_version, migration 00020), so the per-process
-- directory cache (store/dircache.go) may keep the plans that every
-- 「我的」 and every 巡查 reads.

-- +goose Up
CREATE TRIGGER inspection_plans_dir_version AFTER INSERT OR UPDATE OR DELETE ON inspection_plans
    FOR EACH ROW EXECUTE FUNCTION bump_dir_version();
CREATE TRIGGER inspection_items_dir_version AFTER INSERT OR UPDATE OR DELETE ON inspection_items
    FOR EACH ROW EXECUTE FUNCTION bump_dir_version();

-- +goose Down
DROP TRIGGER inspection_items_dir_version ON inspection_items;
DROP TRIGGER inspection_plans_dir_version ON inspection_plans;
