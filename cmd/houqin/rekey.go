package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

// houqin rekey: rotating [privacy] id_key, the key visitors' ID numbers
// are sealed and hashed with (a key that may have leaked, or that a person
// who leaves knew). The new key comes from a file or HOUQIN_NEW_ID_KEY,
// never the command line (ps shows it); the old one is the configured
// key. store.RekeyIDs does the work in one transaction.

type rekeyJSON struct {
	Visits        int         `json:"visits"`
	VisitsAlready int         `json:"visits_already"`
	Watch         int         `json:"watch"`
	WatchAlready  int         `json:"watch_already"`
	HashOnly      int         `json:"hash_only_visits"`
	Removed       []watchJSON `json:"removed"`
	Fingerprint   string      `json:"fingerprint"`
}

func cmdRekey(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "rekey", `(--new-key-file FILE | HOUQIN_NEW_ID_KEY) [--forget-hash-only-watch] [--json]

Rotates [privacy] id_key: every visitor ID number stored (visits, the watch
list) is decrypted with the configured key, encrypted again with the new key
and its keyed hash computed again, in one transaction; nothing changes if
any number opens with neither key. Stop houqin serve first. Then set
[privacy] id_key (or HOUQIN_ID_KEY) to the new key, start houqin and run
houqin doctor. Backups made before hold the numbers under the old key:
keep it with them until they expire.

Watch-list ID entries added before this version are kept only as a hash,
which the new key cannot compute again: rekey names them and stops, and
with --forget-hash-only-watch removes them (add them again afterwards with
houqin watch add --id-number).`)
	keyFile := fs.String("new-key-file", "", "`file` holding the new key: 64 hex characters or base64 of 32 bytes (openssl rand -hex 32 > FILE)")
	forget := fs.Bool("forget-hash-only-watch", false, "remove the watch-list ID entries kept only as a hash, and list them")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	newText, err := newIDKey(env, *keyFile)
	if err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		from, to, err := rekeyVaults(cfg.Privacy.IDKey, newText)
		if err != nil {
			return err
		}
		rep, err := db.RekeyIDs(ctx, from, to, *forget)
		var unsealed *store.UnsealedWatchError
		if errors.As(err, &unsealed) {
			var b strings.Builder
			fmt.Fprintf(&b, "nothing was changed: %d watch-list ID entries are kept only as a hash, which the new key cannot compute again:\n", len(unsealed.Entries))
			for _, w := range unsealed.Entries {
				fmt.Fprintf(&b, "  watch %d, school %d: %s (%s)\n", w.ID, w.SchoolID, w.Masked, w.Note)
			}
			b.WriteString("run again with --forget-hash-only-watch to remove them, then add them again with houqin watch add --id-number (the number itself is needed)")
			return errors.New(b.String())
		}
		if err != nil {
			return err
		}
		fp := keyFingerprint(strings.TrimSpace(newText))
		if *asJSON {
			out := rekeyJSON{Visits: rep.Visits, VisitsAlready: rep.VisitsAlready, Watch: rep.Watch, WatchAlready: rep.WatchAlready,
				HashOnly: rep.HashOnly, Removed: []watchJSON{}, Fingerprint: fp}
			for _, w := range rep.Removed {
				out.Removed = append(out.Removed, toWatchJSON(w))
			}
			return printJSON(env.Stdout, out)
		}
		w := env.Stdout
		fmt.Fprintf(w, "sealed again under the new key (fingerprint %s): the ID numbers of %d visits and %d watch-list entries\n", fp, rep.Visits, rep.Watch)
		if rep.VisitsAlready+rep.WatchAlready > 0 {
			fmt.Fprintf(w, "already under the new key: %d visits, %d watch-list entries\n", rep.VisitsAlready, rep.WatchAlready)
		}
		if rep.HashOnly > 0 {
			fmt.Fprintf(w, "%d visits kept a hash without the number: the hash was blanked\n", rep.HashOnly)
		}
		for _, e := range rep.Removed {
			fmt.Fprintf(w, "removed watch %d, school %d: %s (%s): add it again with houqin watch add --id-number\n", e.ID, e.SchoolID, e.Masked, e.Note)
		}
		fmt.Fprintln(w, "next: set [privacy] id_key (or HOUQIN_ID_KEY) to the new key, start houqin, and run houqin doctor; keep the old key with the backups made before now")
		return nil
	})
}

// newIDKey reads the new key from file, or else HOUQIN_NEW_ID_KEY.
func newIDKey(env *Env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("rekey: the new key: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if k := strings.TrimSpace(env.Getenv("HOUQIN_NEW_ID_KEY")); k != "" {
		return k, nil
	}
	return "", usageError{"rekey: give the new key in a file (--new-key-file) or in HOUQIN_NEW_ID_KEY"}
}

// rekeyVaults checks both keys (the errors never contain them) and opens
// their vaults.
func rekeyVaults(oldText, newText string) (from, to *visit.IDVault, err error) {
	if oldText == "" {
		return nil, nil, errors.New("rekey: no [privacy] id_key is configured (nor HOUQIN_ID_KEY): it is the key the stored numbers were sealed with, and rekey needs it")
	}
	oldKey, err := visit.ParseIDKey(oldText)
	if err != nil {
		return nil, nil, fmt.Errorf("rekey: the configured key: %w", err)
	}
	newKey, err := visit.ParseIDKey(newText)
	if err != nil {
		return nil, nil, fmt.Errorf("rekey: the new key: %w", err)
	}
	if bytes.Equal(oldKey, newKey) {
		return nil, nil, errors.New("rekey: the new key is the configured key")
	}
	if demo, _ := visit.ParseIDKey(demoIDKey); bytes.Equal(newKey, demo) {
		return nil, nil, errors.New("rekey: the new key is the demo's public key, printed in houqin's source: make one with openssl rand -hex 32")
	}
	if from, err = visit.NewIDVault(oldKey); err != nil {
		return nil, nil, err
	}
	if to, err = visit.NewIDVault(newKey); err != nil {
		return nil, nil, err
	}
	return from, to, nil
}
