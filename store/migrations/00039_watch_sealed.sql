-- A watch-list ID number sealed as a visit's is (visit.IDVault.Seal, bound
-- to the entry: visit.WatchRow), beside its keyed hash. Until now the
-- number was kept only as the hash, which nothing can compute again under
-- a new key: `houqin rekey` (rotating [privacy] id_key) re-hashes an entry
-- from this column, and names the entries added before it, which the
-- school must add again after a rotation (store.RekeyIDs).
--
-- A nullable column: no table rewrite.

-- +goose Up
ALTER TABLE watch_list
	ADD COLUMN sealed bytea,
	ADD CONSTRAINT watch_list_sealed_id CHECK (sealed IS NULL OR kind = 'id');

-- +goose Down
ALTER TABLE watch_list DROP COLUMN sealed;
