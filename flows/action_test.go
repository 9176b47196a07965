package flows_test

import (
	"slices"
	"testing"

	"github.com/houqin/houqin/flows"
)

func TestActionRoundTrip(t *testing.T) {
	for _, a := range []flows.Action{
		{Prefix: "rp", Verb: "take", ID: 7},
		{Prefix: "rp", Verb: "rate", ID: 123456789, Args: []string{"5"}},
		{Prefix: "vs", Verb: "ok", ID: 1, Args: []string{"a", "b"}},
	} {
		got, ok := flows.ParseAction(a.String())
		if !ok || got.Prefix != a.Prefix || got.Verb != a.Verb || got.ID != a.ID || !slices.Equal(got.Args, a.Args) {
			t.Errorf("ParseAction(%q) = %+v, %v; want %+v", a.String(), got, ok, a)
		}
	}
}

func TestParseActionRefusesForgedData(t *testing.T) {
	for _, data := range []string{"", "rp", "rp:take", "rp:take:", "rp:take:0", "rp:take:-3", "rp:take:+3",
		"rp:take:007", "rp:take:x", ":take:7", "rp::7", "rp:take:99999999999999999999",
		"rp:take:7:" + string(make([]byte, 64))} {
		if a, ok := flows.ParseAction(data); ok {
			t.Errorf("ParseAction(%q) = %+v, want refused", data, a)
		}
	}
}

// FuzzParseAction: button data comes from the channel untrusted. Whatever
// parses must encode back to the same data, so two different strings never
// name one action.
func FuzzParseAction(f *testing.F) {
	for _, s := range []string{"rp:take:7", "rp:rate:12:5", "vs:ok:1", "menu:repair", "rp:take:0", "a:b:1:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		a, ok := flows.ParseAction(data)
		if !ok {
			return
		}
		if a.ID <= 0 || a.Prefix == "" || a.Verb == "" {
			t.Fatalf("ParseAction(%q) = %+v: accepted an empty part or a non-positive id", data, a)
		}
		if got := a.String(); got != data {
			t.Fatalf("ParseAction(%q).String() = %q", data, got)
		}
	})
}
