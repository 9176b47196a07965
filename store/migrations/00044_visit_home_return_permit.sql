-- 回乡证 is its own document (the thirteenth round of user tests): a Hong
-- Kong or Macau resident's 港澳居民来往内地通行证, until now stored as
-- 'hkmo' and shown as 港澳通行证, which is another document, a mainland
-- resident's 往来港澳通行证. The gate records 'homereturn' for it from now
-- on. Visits stored before keep 'hkmo': which of the two a guard named
-- then was not kept, so they are not guessed at here.

-- +goose Up
ALTER TABLE visits DROP CONSTRAINT visits_id_type_check;
ALTER TABLE visits ADD CONSTRAINT visits_id_type_check
    CHECK (id_type IN ('resident', 'passport', 'hkmo', 'homereturn', 'tw', 'other', 'none'));

-- +goose Down
UPDATE visits SET id_type = 'hkmo' WHERE id_type = 'homereturn';
ALTER TABLE visits DROP CONSTRAINT visits_id_type_check;
ALTER TABLE visits ADD CONSTRAINT visits_id_type_check
    CHECK (id_type IN ('resident', 'passport', 'hkmo', 'tw', 'other', 'none'));
