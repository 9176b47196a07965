package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows/visit"
)

func TestWatchEntryHashesAnIDNumber(t *testing.T) {
	cfg := DefaultConfig()
	if _, _, err := watchEntry(cfg, 1, "11010519491231002X", "", "", "校闹"); err == nil || !strings.Contains(err.Error(), "ID key") {
		t.Errorf("without a key: %v, want a request for the ID key", err)
	}
	cfg.Privacy.IDKey = testIDKey
	w, id, err := watchEntry(cfg, 1, "11010519491231002x", "", "", "校闹")
	if err != nil {
		t.Fatal(err)
	}
	vault, _ := cfg.Privacy.Vault()
	if w.Kind != visit.WatchID || w.Value != "" || w.Hash != vault.Hash(1, "11010519491231002X") || w.Masked != "110105********002X" {
		t.Errorf("entry %+v", w)
	}
	if id.number != "11010519491231002X" || id.vault == nil {
		t.Errorf("the number to seal: %q (vault %v), want the normalised number", id.number, id.vault != nil)
	}
	if w, _, err := watchEntry(cfg, 1, "", "138 0013 8000", "", "冒充家长"); err != nil || w.Value != "13800138000" || w.Masked != "138****8000" {
		t.Errorf("phone entry %+v, %v", w, err)
	}
	for _, bad := range [][4]string{
		{"11010519491231002X", "13800138000", "", "x"}, // two keys
		{"", "", "", "x"},      // none
		{"", "", "张三", ""},     // no note
		{"", "12345", "", "x"}, // not a phone
	} {
		var ue usageError
		if _, _, err := watchEntry(cfg, 1, bad[0], bad[1], bad[2], bad[3]); !errors.As(err, &ue) {
			t.Errorf("watchEntry(%q) = %v, want a usage error", bad, err)
		}
	}
}

func TestWatchCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	if got, want := c.ok("watch", "add", "--school", "1", "--phone", "138 0013 8000", "--note", "冒充家长"), "watch 1: phone 138****8000 (冒充家长)\n"; got != want {
		t.Errorf("watch add printed %q, want %q", got, want)
	}
	if msg := c.fails(1, "watch", "add", "--school", "1", "--phone", "13800138000", "--note", "again"); !strings.Contains(msg, "already on the watch list") {
		t.Errorf("the same phone twice: %s", msg)
	}
	if msg := c.fails(1, "watch", "add", "--school", "1", "--id-number", "11010519491231002X", "--note", "校闹"); !strings.Contains(msg, "ID key") {
		t.Errorf("an ID number without the key: %s", msg)
	}
	c.env["HOUQIN_ID_KEY"] = testIDKey
	w := c.json("watch", "add", "--school", "1", "--id-number", "11010519491231002X", "--note", "校闹")
	if id(w) != "3" || w["kind"] != "id" || w["masked"] != "110105********002X" {
		t.Errorf("watch add --id-number --json: %v", w)
	}
	c.ok("watch", "add", "--school", "1", "--name", "刘强", "--note", "法院禁止令") // id 4: the refused phone took 2
	c.fails(2, "watch", "add", "--school", "1", "--note", "x")
	c.fails(1, "watch", "add", "--school", "99", "--name", "张三", "--note", "x")

	list := c.ok("watch", "list", "--school", "1")
	for _, want := range []string{"ID  KIND   WHO                 NOTE        ADDED", "1   phone  138****8000         冒充家长", "3   id     110105********002X  校闹", "4   name   刘强                法院禁止令"} {
		if !strings.Contains(list, want) {
			t.Errorf("watch list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, "11010519491231002X") || strings.Contains(list, "13800138000") {
		t.Errorf("watch list shows a number unmasked:\n%s", list)
	}
	if got, want := c.ok("watch", "remove", "--watch", "1"), "watch 1 removed\n"; got != want {
		t.Errorf("watch remove printed %q, want %q", got, want)
	}
	if m := c.json("watch", "remove", "--watch", "4"); id(m) != "4" || m["removed"] != true {
		t.Errorf("watch remove --json: %v", m)
	}
	c.fails(2, "watch", "remove")
	c.fails(1, "watch", "remove", "--watch", "99")
	entries := c.json("watch", "list", "--school", "1")["watch"].([]any)
	if len(entries) != 1 || entries[0].(map[string]any)["masked"] != "110105********002X" {
		t.Errorf("watch list --json: %v", entries)
	}
}
