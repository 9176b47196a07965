-- A leader's own safety round: 「元旦前搞个安全检查 消防 用电 取暖 门窗」
-- makes a checklist of the areas he names (inspection.AssignOwn), an ad
-- hoc plan nobody else is offered; whoever started its check does it, so
-- it names no staff and no role.

-- +goose Up
ALTER TABLE inspection_plans DROP CONSTRAINT inspection_plans_assign_kind_check;
ALTER TABLE inspection_plans ADD CONSTRAINT inspection_plans_assign_kind_check
	CHECK (assign_kind IN ('person', 'role', 'owner', 'duty', 'own'));

-- +goose Down
DELETE FROM inspection_plans WHERE assign_kind = 'own'
	AND NOT EXISTS (SELECT 1 FROM inspection_checks c WHERE c.plan_id = inspection_plans.id);
UPDATE inspection_plans SET assign_kind = 'role', assign_role = 'head' WHERE assign_kind = 'own';
ALTER TABLE inspection_plans DROP CONSTRAINT inspection_plans_assign_kind_check;
ALTER TABLE inspection_plans ADD CONSTRAINT inspection_plans_assign_kind_check
	CHECK (assign_kind IN ('person', 'role', 'owner', 'duty'));
