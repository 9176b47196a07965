package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

// TestRekeyCommand rotates the ID key as an IT person would: a visit and
// a watch-list entry made with the old key, an entry from before numbers
// were kept sealed, then houqin rekey with the new key in a file.
func TestRekeyCommand(t *testing.T) {
	ctx := context.Background()
	c := newCLI(t)
	c.env["HOUQIN_ID_KEY"] = testIDKey
	school := id(c.json("school", "add", "--name", "第一中学"))
	sid, _ := strconv.ParseInt(school, 10, 64)
	guard, _ := strconv.ParseInt(id(c.json("staff", "add", "--school", school, "--name", "老郑", "--role", "guard")), 10, 64)
	host, _ := strconv.ParseInt(id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher")), 10, 64)
	c.ok("watch", "add", "--school", school, "--id-number", "440304198510123415", "--note", "校闹")

	oldV, _ := PrivacyConfig{IDKey: testIDKey}.Vault()
	db := c.db()
	const number = "11010519491231002X"
	v := visit.Visit{SchoolID: sid, GuardID: guard, Name: "张三", IDType: visit.IDResident, IDHash: oldV.Hash(sid, number),
		IDMasked: "110105********002X", Purpose: "家长来访", HostID: host, Party: 1, Status: visit.VisitWaiting, ArrivedAt: time.Now()}
	if err := db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.CreateVisit(ctx, &v, visit.VisitEvent{At: v.ArrivedAt, ActorID: guard, Kind: visit.EventRegistered}); err != nil {
			return err
		}
		sealed, err := oldV.Seal(number, visit.VisitRow(sid, v.ID))
		if err != nil {
			return err
		}
		return tx.SetIDCipher(ctx, v.ID, sealed)
	}); err != nil {
		t.Fatal(err)
	}
	// Added before migration 00039: the hash alone.
	legacy, err := db.AddWatch(ctx, visit.WatchEntry{SchoolID: sid, Kind: visit.WatchID, Hash: oldV.Hash(sid, number),
		Masked: "110105********002X", Note: "法院禁止令", AddedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}

	if msg := c.fails(2, "rekey"); !strings.Contains(msg, "--new-key-file") {
		t.Errorf("rekey without a new key: %s", msg)
	}
	keyFile := filepath.Join(t.TempDir(), "id_key.new")
	const newKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
	for _, bad := range []struct{ key, want string }{
		{testIDKey + "\n", "is the configured key"},
		{"too short", "32 bytes"},
		{demoIDKey, "demo"},
	} {
		if err := os.WriteFile(keyFile, []byte(bad.key), 0o600); err != nil {
			t.Fatal(err)
		}
		if msg := c.fails(1, "rekey", "--new-key-file", keyFile); !strings.Contains(msg, bad.want) || strings.Contains(msg, strings.TrimSpace(bad.key)) && bad.key != "too short" {
			t.Errorf("rekey to %q: %s (want %q, and never the key)", bad.key, msg, bad.want)
		}
	}
	if err := os.WriteFile(keyFile, []byte(newKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	msg := c.fails(1, "rekey", "--new-key-file", keyFile)
	for _, want := range []string{"nothing was changed", "watch " + strconv.FormatInt(legacy.ID, 10) + ", school " + school, "法院禁止令", "--forget-hash-only-watch"} {
		if !strings.Contains(msg, want) {
			t.Errorf("rekey with a hash-only entry said %q, lacking %q", msg, want)
		}
	}
	if !vaultOpensStored(db, oldV, newLogger(io.Discard, "error")) {
		t.Fatal("a refused rotation changed the stored numbers")
	}

	out := c.ok("rekey", "--new-key-file", keyFile, "--forget-hash-only-watch")
	for _, want := range []string{"the ID numbers of 1 visits and 1 watch-list entries", "removed watch " + strconv.FormatInt(legacy.ID, 10), "next: set [privacy] id_key"} {
		if !strings.Contains(out, want) {
			t.Errorf("rekey printed %q, lacking %q", out, want)
		}
	}
	if strings.Contains(out, newKey) || strings.Contains(out, testIDKey) {
		t.Errorf("rekey printed a key: %s", out)
	}
	// The service started with the old key keeps visitor registration
	// off; with the new one it is on.
	newV, _ := PrivacyConfig{IDKey: newKey}.Vault()
	log := newLogger(io.Discard, "error")
	if vaultOpensStored(db, oldV, log) || !vaultOpensStored(db, newV, log) {
		t.Error("after the rotation the old key still opens the newest number, or the new one does not")
	}
	// watch add with the old key still configured would hash with it.
	if msg := c.fails(1, "watch", "add", "--school", school, "--id-number", "11010519491231002X", "--note", "又来了"); !strings.Contains(msg, "does not open the stored ID numbers") {
		t.Errorf("watch add with the old key after the rotation: %s", msg)
	}
	// serve's modules with the old key still configured: check-in is off,
	// and the guard is told why.
	cfgOld := DefaultConfig()
	cfgOld.Privacy.IDKey = testIDKey
	gate := modules(db, cfgOld, time.Now, log)[0]
	var checkIn *visit.VisitFlow
	for _, f := range gate.Flows {
		if v, ok := f.(visit.VisitFlow); ok {
			checkIn = &v
		}
	}
	if gate.Name != "visit" || checkIn == nil || checkIn.Off != visit.KeyMismatchText {
		t.Errorf("serve's gate with the old key: %+v, want check-in off with KeyMismatchText", gate.Flows)
	}
	// The watch list, read with the new key configured: the sealed entry
	// matches by its new hash.
	c.env["HOUQIN_ID_KEY"] = newKey
	if list := c.ok("watch", "list", "--school", school); !strings.Contains(list, "440304********3415") || strings.Contains(list, "法院禁止令") {
		t.Errorf("watch list after the rotation:\n%s", list)
	}
	if ws, err := db.WatchMatches(ctx, sid, []string{newV.Hash(sid, "440304198510123415")}, "", ""); err != nil || len(ws) != 1 {
		t.Errorf("the sealed entry by its new hash: %v, %v", ws, err)
	}
	// Run again with the new key configured and an even newer one: a
	// second rotation works from the first one's result.
	newer := strings.Repeat("5a", 32)
	c.env["HOUQIN_NEW_ID_KEY"] = newer
	if j := c.json("rekey", "--json"); j["visits"] != float64(1) || j["watch"] != float64(1) || len(j["removed"].([]any)) != 0 {
		t.Errorf("second rotation --json: %v", j)
	}
}
