-- Visitors without an ID card (issue 13): a visitor who shows another
-- document (驾驶证: id_type 'other', its number sealed, hashed and masked
-- like an ID number) or none at all ('none': nothing sealed, hashed or
-- masked) is registered, and the guard's words about it are kept in
-- id_note (没带身份证, 驾驶证). The note is free text a guard typed, so the
-- purge blanks it with the other personal fields.

-- +goose Up
ALTER TABLE visits DROP CONSTRAINT visits_id_type_check;
ALTER TABLE visits ADD CONSTRAINT visits_id_type_check
    CHECK (id_type IN ('resident', 'passport', 'hkmo', 'tw', 'other', 'none'));
ALTER TABLE visits ADD COLUMN id_note text NOT NULL DEFAULT '';
ALTER TABLE visits ADD CONSTRAINT visits_none_has_no_number
    CHECK (id_type <> 'none' OR (id_cipher IS NULL AND id_hash = '' AND id_masked = ''));

-- +goose Down
ALTER TABLE visits DROP CONSTRAINT visits_none_has_no_number;
ALTER TABLE visits DROP COLUMN id_note;
UPDATE visits SET id_type = 'other' WHERE id_type = 'none';
ALTER TABLE visits DROP CONSTRAINT visits_id_type_check;
ALTER TABLE visits ADD CONSTRAINT visits_id_type_check
    CHECK (id_type IN ('resident', 'passport', 'hkmo', 'tw', 'other'));
