package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows/visit"
)

func TestWatchEntryKeepsOnlyTheHashOfAnIDNumber(t *testing.T) {
	cfg := DefaultConfig()
	if _, err := watchEntry(cfg, 1, "11010519491231002X", "", "", "校闹"); err == nil || !strings.Contains(err.Error(), "ID key") {
		t.Errorf("without a key: %v, want a request for the ID key", err)
	}
	cfg.Privacy.IDKey = testIDKey
	w, err := watchEntry(cfg, 1, "11010519491231002x", "", "", "校闹")
	if err != nil {
		t.Fatal(err)
	}
	vault, _ := cfg.Privacy.Vault()
	if w.Kind != visit.WatchID || w.Value != "" || w.Hash != vault.Hash(1, "11010519491231002X") || w.Masked != "110105********002X" {
		t.Errorf("entry %+v", w)
	}
	if w, err := watchEntry(cfg, 1, "", "138 0013 8000", "", "冒充家长"); err != nil || w.Value != "13800138000" || w.Masked != "138****8000" {
		t.Errorf("phone entry %+v, %v", w, err)
	}
	for _, bad := range [][4]string{
		{"11010519491231002X", "13800138000", "", "x"}, // two keys
		{"", "", "", "x"},      // none
		{"", "", "张三", ""},     // no note
		{"", "12345", "", "x"}, // not a phone
	} {
		var ue usageError
		if _, err := watchEntry(cfg, 1, bad[0], bad[1], bad[2], bad[3]); !errors.As(err, &ue) {
			t.Errorf("watchEntry(%q) = %v, want a usage error", bad, err)
		}
	}
}
