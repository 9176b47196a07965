package repair

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// FuzzTyped: typed commands are outside input. Whatever is typed, Typed
// either declines or returns button data that ParseAction accepts, for
// this Actor, with a verb that has an act and the number typed.
func FuzzTyped(f *testing.F) {
	for _, s := range []string{"接单 7", "接单#7", "接单 ＃7", "完成7", "修不好 12", "确认修好 3", "改小修 0",
		"接单 1234567890123", "请接单 1", "接单 -1", "处理 ７", "没修好 ٣", "接单\n7", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		data, ok := RepairFlow{}.Typed(nil, text)
		if !ok {
			return
		}
		if scene, isScan := strings.CutPrefix(data, scanData); isScan { // 扫码报修: scan.go checks the scene
			if !strings.HasPrefix(text, ScanWord) || strings.ContainsAny(scene, " \n") {
				t.Fatalf("Typed(%q) = %q: a scan that was not typed as one", text, data)
			}
			return
		}
		a, ok := flows.ParseAction(data)
		if !ok || a.Prefix != actorPrefix || a.ID <= 0 || len(a.Args) != 0 {
			t.Fatalf("Typed(%q) = %q: not this actor's button data", text, data)
		}
		if _, ok := acts[verb(a.Verb)]; !ok {
			t.Fatalf("Typed(%q) = %q: verb %q has no act", text, data, a.Verb)
		}
		if m := typedRepairRE.FindStringSubmatch(text); m == nil || strconv.FormatInt(a.ID, 10) != trimZeros(m[2]) {
			t.Fatalf("Typed(%q) = %q: not the number typed", text, data)
		}
	})
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// FuzzParseRating: a typed rating is 1 to 5 or nothing.
func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"4", "4分", "四分", "④", "5星", " 3 ", "0", "6", "五", "10分", "分", "", "4.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if n, ok := parseRating(text); ok && (n < 1 || n > 5) {
			t.Fatalf("parseRating(%q) = %d", text, n)
		}
	})
}

func TestParseRating(t *testing.T) {
	for in, want := range map[string]int{"4": 4, "4分": 4, "四分": 4, "④": 4, "5星": 5, " 3 ": 3, "1": 1, "五": 5} {
		if got, ok := parseRating(in); !ok || got != want {
			t.Errorf("parseRating(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"0", "6", "10分", "分", "", "4.5", "很好", "-1"} {
		if got, ok := parseRating(in); ok {
			t.Errorf("parseRating(%q) = %d, want no rating", in, got)
		}
	}
}

// FuzzAct: button data (which a Telegram client can forge) and typed text
// from anyone, on an open repair in the middle of a question: the engine
// never fails or panics, and the repair stays in a status of the machine.
func FuzzAct(f *testing.F) {
	for _, s := range []string{"rp:take:1", "rp:done:1", "rp:block:1", "rp:xfer:1", "rp:reclass:1", "rp:lead:1",
		"rp:ok:1", "rp:redo:1", "rp:rate:1:5", "rp:rate:1:x", "rp:rate:1", "rp:take:2", "rp:fly:1", "rp:take:1:2:3", "zz:what", "rp"} {
		f.Add(uint8(5), s, "")
		f.Add(uint8(3), "", "1")
	}
	f.Add(uint8(5), "", "完成 1")
	f.Add(uint8(1), "", "处理 1")
	f.Fuzz(func(t *testing.T, who uint8, data, text string) {
		if !utf8.ValidString(text) {
			return
		}
		w := newWorld(t)
		fw := w.flowWorld()
		// 302's desk is reported and taken; 王师傅 is asked why it cannot be fixed.
		flowtest.Play(t, fw, "李老师: 302教室课桌坏了\n李老师: 1\n王师傅: 接单 1\n王师傅: 修不好 1\n")
		eng := flows.NewEngine(flows.EngineConfig{Store: fw.Store, Now: func() time.Time { return flowtest.Start.Add(time.Hour) }, Modules: fw.Modules})
		people := append(flowtest.People, flowtest.Person{Name: "陌生人"})
		m := flows.Message{Channel: flows.ChannelConsole, ExternalUser: people[int(who)%len(people)].Name, Text: text, Button: data, DedupKey: "fuzz", At: flowtest.Start}
		m.Chat = m.ExternalUser
		if _, err := eng.Handle(context.Background(), m); err != nil {
			t.Fatalf("%s: button %q, text %q: %v", m.ExternalUser, data, text, err)
		}
		for _, r := range w.repairs {
			if !slices.Contains(Statuses, r.Status) {
				t.Fatalf("repair in status %q", r.Status)
			}
		}
	})
}
