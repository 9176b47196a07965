package bot

import (
	"testing"
	"time"
)

func TestTokenMemo(t *testing.T) {
	var m TokenMemo
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	if _, ok := m.Get(now); ok {
		t.Fatal("an empty memo gave a token")
	}
	m.Set("T1", now, 2*time.Hour)
	if v, ok := m.Get(now.Add(TokenMemoFor - time.Second)); !ok || v != "T1" {
		t.Errorf("Get within the memo = %q, %v", v, ok)
	}
	if _, ok := m.Get(now.Add(TokenMemoFor)); ok {
		t.Error("the memo outlived TokenMemoFor")
	}
	// A token with less life left than the memo is kept only that long.
	m.Set("T2", now, 10*time.Second)
	if _, ok := m.Get(now.Add(10 * time.Second)); ok {
		t.Error("the memo outlived the token")
	}
	// Drop forgets the refused token only.
	m.Set("T3", now, time.Hour)
	m.Drop("T2")
	if v, ok := m.Get(now); !ok || v != "T3" {
		t.Errorf("Drop of an older token dropped %q", v)
	}
	m.Drop("T3")
	if _, ok := m.Get(now); ok {
		t.Error("Drop kept the refused token")
	}
}
