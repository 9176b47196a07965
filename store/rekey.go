package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows/visit"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Rotating [privacy] id_key (`houqin rekey`): every ID number the database
// keeps sealed is opened with the old key and sealed again with the new
// one, and its keyed hash computed again, in one transaction. What only a
// hash stands for cannot be hashed again: a watch-list entry added before
// migration 00039 (which keeps the number sealed beside its hash) has to
// be added again after the rotation, and RekeyIDs refuses until the caller
// agrees to remove those entries (UnsealedWatchError names them). A
// guard's check-in in progress keeps its number sealed in the session: the
// visitor flow asks for the number again when the new key cannot open it
// (visit.VisitFlow.submit), so sessions are not touched here.

// RekeyReport is what RekeyIDs changed.
type RekeyReport struct {
	Visits        int                // visits whose number was sealed and hashed again under the new key
	VisitsAlready int                // visits the new key already opened (a rotation run before)
	Watch         int                // watch-list ID entries sealed and hashed again
	WatchAlready  int                // watch-list ID entries the new key already opened
	HashOnly      int                // visits with a hash but no sealed number: the hash, now useless, blanked
	Removed       []visit.WatchEntry // watch-list ID entries kept only as a hash, removed (forget)
}

// UnsealedWatchError names the watch-list ID entries that are kept only as
// a hash under the old key: after a rotation they would match nobody.
type UnsealedWatchError struct{ Entries []visit.WatchEntry }

func (e *UnsealedWatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "store: rekey: %d watch-list ID entries are kept only as a hash, which the new key cannot compute again:", len(e.Entries))
	for _, w := range e.Entries {
		fmt.Fprintf(&b, " %d (school %d, %s, %s);", w.ID, w.SchoolID, w.Masked, w.Note)
	}
	return strings.TrimSuffix(b.String(), ";")
}

// rekeyBatch is how many rows one UPDATE writes back.
const rekeyBatch = 500

// RekeyIDs seals every stored ID number again under to, and hashes it
// again, in one transaction that holds visits and the watch list against
// writes (EXCLUSIVE: reads go on). A number from opens is re-sealed; one
// that to already opens is left as it is (a rotation run again after it
// committed); one neither opens stops the rotation with nothing changed.
// With forget, watch-list ID entries kept only as a hash are removed and
// listed in the report; without it they stop the rotation
// (*UnsealedWatchError). houqin serve must not run meanwhile with the old
// key, or it seals new numbers with it after the rotation commits.
func (d *DB) RekeyIDs(ctx context.Context, from, to *visit.IDVault, forget bool) (RekeyReport, error) {
	var rep RekeyReport
	if from == nil || to == nil {
		return rep, errors.New("store: rekey: both keys are needed")
	}
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		rep = RekeyReport{}
		if _, err := tx.ExecContext(ctx, `LOCK TABLE visits, watch_list IN EXCLUSIVE MODE`); err != nil {
			return wrap("rekey: lock", err)
		}
		if err := rekeyVisits(ctx, tx, from, to, &rep); err != nil {
			return err
		}
		return rekeyWatch(ctx, tx, from, to, forget, &rep)
	})
	return rep, err
}

// reseal opens sealed (a number of school's row b) with from and seals it
// again under to, with its hash under to; done reports a value to already
// opens (a rotation run before), which is left as it is. what names the
// row in the error.
func reseal(from, to *visit.IDVault, sealed []byte, school int64, b visit.Binding, what string) (out []byte, hash string, done bool, err error) {
	number, err := from.Open(sealed, b)
	if err != nil {
		if _, err := to.Open(sealed, b); err == nil {
			return nil, "", true, nil
		}
		return nil, "", false, fmt.Errorf("store: rekey: %s: its ID number opens with neither key; nothing was changed", what)
	}
	if out, err = to.Seal(number, b); err != nil {
		return nil, "", false, fmt.Errorf("store: rekey: %s: %w", what, err)
	}
	return out, to.Hash(school, number), false, nil
}

func rekeyVisits(ctx context.Context, tx *sqlx.Tx, from, to *visit.IDVault, rep *RekeyReport) error {
	res, err := tx.ExecContext(ctx, `UPDATE visits SET id_hash = '' WHERE id_cipher IS NULL AND id_hash <> ''`)
	if err != nil {
		return wrap("rekey: visits without a sealed number", err)
	}
	n, _ := res.RowsAffected()
	rep.HashOnly = int(n)
	var after int64
	for {
		var rows []struct {
			ID       int64  `db:"id"`
			SchoolID int64  `db:"school_id"`
			Sealed   []byte `db:"id_cipher"`
		}
		if err := sqlx.SelectContext(ctx, tx, &rows, `
			SELECT id, school_id, id_cipher FROM visits
			WHERE id_cipher IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`, after, rekeyBatch); err != nil {
			return wrap("rekey: visits", err)
		}
		if len(rows) == 0 {
			return nil
		}
		var ids []int64
		var sealed pq.ByteaArray
		var hashes []string
		for _, r := range rows {
			after = r.ID
			s, hash, done, err := reseal(from, to, r.Sealed, r.SchoolID, visit.VisitRow(r.SchoolID, r.ID), fmt.Sprintf("visit %d", r.ID))
			if err != nil {
				return err
			}
			if done {
				rep.VisitsAlready++
				continue
			}
			ids, sealed, hashes = append(ids, r.ID), append(sealed, s), append(hashes, hash)
		}
		if len(ids) == 0 {
			continue
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE visits v SET id_cipher = u.sealed, id_hash = u.hash
			FROM unnest($1::bigint[], $2::bytea[], $3::text[]) AS u (id, sealed, hash)
			WHERE v.id = u.id`, pq.Int64Array(ids), sealed, pq.StringArray(hashes))
		if err != nil {
			return wrap("rekey: update visits", err)
		}
		if n, _ := res.RowsAffected(); int(n) != len(ids) {
			return fmt.Errorf("store: rekey: updated %d of %d visits", n, len(ids))
		}
		rep.Visits += len(ids)
	}
}

func rekeyWatch(ctx context.Context, tx *sqlx.Tx, from, to *visit.IDVault, forget bool, rep *RekeyReport) error {
	var rows []struct {
		watchRow
		Sealed []byte `db:"sealed"`
	}
	if err := sqlx.SelectContext(ctx, tx, &rows, `
		SELECT `+watchCols+`, sealed FROM watch_list WHERE kind = $1 ORDER BY id`, string(visit.WatchID)); err != nil {
		return wrap("rekey: watch list", err)
	}
	var unsealed []visit.WatchEntry
	for _, r := range rows {
		if r.Sealed == nil {
			unsealed = append(unsealed, r.entry())
			continue
		}
		s, hash, done, err := reseal(from, to, r.Sealed, r.SchoolID, visit.WatchRow(r.SchoolID, r.ID), fmt.Sprintf("watch-list entry %d", r.ID))
		if err != nil {
			return err
		}
		if done {
			rep.WatchAlready++
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE watch_list SET sealed = $2, hash = $3 WHERE id = $1`, r.ID, s, hash); err != nil {
			return wrap("rekey: update watch list", err)
		}
		rep.Watch++
	}
	if len(unsealed) == 0 {
		return nil
	}
	if !forget {
		return &UnsealedWatchError{Entries: unsealed}
	}
	ids := make([]int64, len(unsealed))
	for i, w := range unsealed {
		ids[i] = w.ID
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM watch_list WHERE id = ANY ($1)`, pq.Int64Array(ids)); err != nil {
		return wrap("rekey: remove hash-only watch entries", err)
	}
	rep.Removed = unsealed
	return nil
}

// SetWatchSealed stores the sealed ID number of a watch-list ID entry,
// sealed after AddWatch, bound to the entry's id (visit.WatchRow).
// ErrNotFound for an unknown entry or one that is not an ID number.
func (t *Tx) SetWatchSealed(ctx context.Context, id int64, sealed []byte) error {
	res, err := t.q.ExecContext(ctx, `UPDATE watch_list SET sealed = $2 WHERE id = $1 AND kind = $3`, id, sealed, string(visit.WatchID))
	return affectedOne(fmt.Sprintf("watch %d: sealed number", id), res, err)
}
