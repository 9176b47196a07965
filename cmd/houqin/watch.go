package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	validate "github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

type watchJSON struct {
	ID       int64     `json:"id"`
	SchoolID int64     `json:"school_id"`
	Kind     string    `json:"kind"`
	Masked   string    `json:"masked"`
	Note     string    `json:"note"`
	AddedAt  time.Time `json:"added_at"`
}

func toWatchJSON(w visit.WatchEntry) watchJSON {
	return watchJSON{ID: w.ID, SchoolID: w.SchoolID, Kind: string(w.Kind), Masked: w.Masked, Note: w.Note, AddedAt: w.AddedAt}
}

// watchID is an ID number for the watch list: validated, with the vault
// that hashes it now and seals it once the entry has its id.
type watchID struct {
	number string
	vault  *visit.IDVault
}

// watchEntry builds an entry from exactly one of the three keys. An ID
// number is matched by its keyed hash and kept sealed beside it (so that a
// new key can hash it again: houqin rekey), so it needs the ID key; the
// returned watchID is then set.
func watchEntry(cfg Config, school int64, idNumber, phone, name, note string) (visit.WatchEntry, watchID, error) {
	w := visit.WatchEntry{SchoolID: school, Note: strings.TrimSpace(note), AddedAt: time.Now()}
	n := 0
	for _, s := range []string{idNumber, phone, name} {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	switch {
	case school == 0:
		return w, watchID{}, usageError{"watch add: --school is required"}
	case n != 1:
		return w, watchID{}, usageError{"watch add: give exactly one of --id-number, --phone or --name"}
	case w.Note == "":
		return w, watchID{}, usageError{"watch add: --note is required (why the gate should watch for this person, e.g. 校闹)"}
	}
	switch {
	case idNumber != "":
		vault, err := cfg.Privacy.Vault()
		if err != nil {
			return w, watchID{}, err
		}
		if vault == nil {
			return w, watchID{}, errors.New("watch add --id-number needs the ID key ([privacy] id_key or HOUQIN_ID_KEY): the number is kept only encrypted and as a keyed hash")
		}
		id, err := visit.ValidateDocument(visit.IDResident, idNumber)
		if err != nil {
			// Not a resident ID: a passport or permit number, checked loosely.
			if id, err = visit.ValidateDocument(visit.IDOther, idNumber); err != nil {
				return w, watchID{}, usageError{"watch add: --id-number is neither a valid resident ID number nor 5–20 letters and digits"}
			}
		}
		w.Kind, w.Hash, w.Masked = visit.WatchID, vault.Hash(school, id), validate.MaskID(id)
		return w, watchID{number: id, vault: vault}, nil
	case phone != "":
		p, err := validate.ValidatePhone(phone)
		if err != nil {
			return w, watchID{}, usageError{"watch add: --phone is not a mainland mobile number"}
		}
		w.Kind, w.Value, w.Masked = visit.WatchPhone, p, visit.MaskPhone(p)
	default:
		w.Kind, w.Value = visit.WatchName, strings.TrimSpace(validate.Normalize(name))
		w.Masked = w.Value
	}
	return w, watchID{}, nil
}

// addWatch adds w and, for an ID number, its sealed form bound to the new
// entry, in one transaction.
func addWatch(ctx context.Context, db *store.DB, w visit.WatchEntry, id watchID) (visit.WatchEntry, error) {
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		added, err := tx.AddWatch(ctx, w)
		if err != nil {
			return err
		}
		w = added
		if id.vault == nil {
			return nil
		}
		sealed, err := id.vault.Seal(id.number, visit.WatchRow(w.SchoolID, w.ID))
		if err != nil {
			return err
		}
		return tx.SetWatchSealed(ctx, w.ID, sealed)
	})
	return w, err
}

func cmdWatchAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "watch add", "--school ID (--id-number N | --phone P | --name NAME) --note NOTE [--json]\n\nA guard registering a matching visitor is warned with the note, and the 总务主任 and\n分管领导 are told at once. ID numbers are stored encrypted and as a keyed hash, never in plain text.")
	school := fs.Int64("school", 0, "school `id`")
	idNumber := fs.String("id-number", "", "ID document `number` (stored encrypted and as a keyed hash)")
	phone := fs.String("phone", "", "mobile `number`")
	name := fs.String("name", "", "exact `name`")
	note := fs.String("note", "", "why: e.g. 校闹, 法院禁止令")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		w, id, err := watchEntry(cfg, *school, *idNumber, *phone, *name, *note)
		if err != nil {
			return err
		}
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		if id.vault != nil && !vaultOpensStored(db, id.vault, newLogger(io.Discard, "error")) {
			return errors.New("watch add: the configured ID key does not open the stored ID numbers (after houqin rekey, configure the new key; houqin doctor says more): an entry hashed with it would match nobody")
		}
		w, err = addWatch(ctx, db, w, id)
		if errors.Is(err, flows.ErrConflict) {
			return fmt.Errorf("this %s is already on the watch list of school %d", w.Kind, *school)
		}
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toWatchJSON(w), "watch %d: %s %s (%s)\n", w.ID, w.Kind, w.Masked, w.Note)
	})
}

func cmdWatchList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "watch list", "--school ID [--json]")
	school := fs.Int64("school", 0, "school `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		ws, err := db.Watches(ctx, *school)
		if err != nil {
			return err
		}
		return printList(env, *asJSON, "watch", ws, toWatchJSON, "ID\tKIND\tWHO\tNOTE\tADDED", func(w visit.WatchEntry) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%s", w.ID, w.Kind, w.Masked, w.Note, w.AddedAt.Format("2006-01-02"))
		})
	})
}

func cmdWatchRemove(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "watch remove", "--watch ID [--json]")
	id := fs.Int64("watch", 0, "watch-list entry `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"watch remove: --watch is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if err := db.RemoveWatch(ctx, *id); err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *id, "removed": true}, "watch %d removed\n", *id)
	})
}
