package visit

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/parse"
)

// The typed form of a button is a command the Actor knows, with the
// number typed (or a full reference, or none); anything else is not a
// command. Which visit the number names is flows.ChooseItem's (the
// transcripts show it).
func FuzzTyped(f *testing.F) {
	for _, s := range []string{"同意 12", "拒绝12", "不同意 第3号", "总务主任同意放行 #7", "总务主任同意＃7", "离校 12 号",
		"已离校 0", "同意 007", "同意", "同意 1234567890123", "离校了", " 同 意 1", "同意 ١٢", "签离 FK-20261129-001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		word, number, ok := readTyped(text)
		if !ok {
			return
		}
		if _, known := typedVerbs[word]; !known {
			t.Fatalf("readTyped(%q) = %q: not a typed word", text, word)
		}
		if _, ok := deeds[typedVerbs[word]]; !ok {
			t.Fatalf("readTyped(%q): verb of %q has no deed", text, word)
		}
		if number != "" && !strings.Contains(strings.ToUpper(text), number) {
			t.Fatalf("readTyped(%q) = %q: not the number typed", text, number)
		}
		if i := strings.IndexAny(text, "0123456789"); i >= 0 && !strings.Contains(number, "-") &&
			strings.Contains(strings.TrimSpace(text[i:]), " ") && !strings.HasSuffix(strings.TrimSpace(text), "号") {
			t.Errorf("readTyped(%q) = %q reads a number with spaces in it", text, number)
		}
	})
}

// Every typed word, before any number in any typed form, is read as its
// word and number; alone, as a command without a number.
func TestTypedForms(t *testing.T) {
	for word := range typedVerbs {
		for _, form := range []string{"%s 12", "%s12", "%s 第12号", "%s #12", "%s＃12", "%s  12 号", "%s第 12 号"} {
			text := fmt.Sprintf(form, word)
			if w, n, ok := readTyped(parse.Normalize(text)); !ok || w != word || n != "12" {
				t.Errorf("readTyped(%q) = %q, %q, %v; want %q, 12", text, w, n, ok, word)
			}
		}
		if w, n, ok := readTyped(word); !ok || w != word || n != "" {
			t.Errorf("readTyped(%q) = %q, %q, %v; want the word without a number", word, w, n, ok)
		}
	}
	if w, n, ok := readTyped("总务主任 同意 12"); !ok || w != "总务主任同意" || n != "12" {
		t.Errorf("readTyped(总务主任 同意 12) = %q, %q, %v", w, n, ok)
	}
	if w, n, ok := readTyped("签离 fk-20261129-001"); !ok || w != "签离" || n != "FK-20261129-001" {
		t.Errorf("readTyped(签离 fk-20261129-001) = %q, %q, %v", w, n, ok)
	}
	for _, text := range []string{"同意 12 13", "同意 1 2 号", "我同意 12", "同意第12号了", "离校了"} {
		if w, n, ok := readTyped(text); ok {
			t.Errorf("readTyped(%q) = %q, %q; want no command", text, w, n)
		}
	}
}

// A purpose is one of the choices, found again from itself, and found in
// any text that holds one of its words.
func FuzzGuessPurpose(f *testing.F) {
	for _, s := range []string{"家长会", "送快递", "给孩子送衣服", "教育局检查食堂", "其它", "随便看看", "施工队送货", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := GuessPurpose(text)
		if p == "" {
			for _, w := range defaultVocab().purposes {
				if strings.Contains(text, w.word) {
					t.Errorf("GuessPurpose(%q) = \"\", but it holds %q", text, w.word)
				}
			}
			return
		}
		if !slices.Contains(VisitPurposes, p) {
			t.Errorf("GuessPurpose(%q) = %q, not one of the choices", text, p)
		}
		if GuessPurpose(p) != p {
			t.Errorf("GuessPurpose(%q) = %q, but GuessPurpose(%q) = %q", text, p, p, GuessPurpose(p))
		}
	})
}

// A document number that passes is normalised, and passes again as itself.
func FuzzValidateDocument(f *testing.F) {
	for _, s := range []string{idZhang, "11010519491231002x", idBad, "e1234-5678", "C1234", "1234", "一二三四五六", " E 123 456 78 "} {
		f.Add(s)
	}
	types := []IDType{IDResident, IDPassport, IDHKMacau, IDHomeReturn, IDTaiwan, IDOther}
	f.Fuzz(func(t *testing.T, number string) {
		for _, typ := range types {
			n, err := ValidateDocument(typ, number)
			if err != nil {
				if n != "" {
					t.Errorf("ValidateDocument(%s, %q) = %q with %v", typ, number, n, err)
				}
				continue
			}
			again, err := ValidateDocument(typ, n)
			if err != nil || again != n {
				t.Errorf("ValidateDocument(%s, %q) = %q, which gives %q, %v", typ, number, n, again, err)
			}
			if typ != IDResident && (len(n) < 5 || len(n) > 20 || strings.ToUpper(n) != n) {
				t.Errorf("ValidateDocument(%s, %q) = %q", typ, number, n)
			}
			if m := parse.MaskID(n); strings.Contains(m, n) {
				t.Errorf("MaskID(%q) = %q shows it all", n, m)
			}
		}
	})
}

// MaskPhone never shows the middle of the number, nor more than it had.
func FuzzMaskPhone(f *testing.F) {
	for _, s := range []string{"13800138000", "138", "", "1380013800012", "１３８００１３８０００"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		m := MaskPhone(p)
		if len(m) != len(p) {
			t.Errorf("MaskPhone(%q) = %q, another length", p, m)
		}
		if len(p) == 11 && m[3:7] != "****" || len(p) != 11 && strings.Trim(m, "*") != "" {
			t.Errorf("MaskPhone(%q) = %q", p, m)
		}
	})
}

// gate returns a function that sends a message (text, or button data) on
// a fresh world with the test vault and returns the replies; an error is
// fatal.
func gate(t *testing.T) func(who, text, button string) []flows.Reply {
	fw, _ := newWorld(t, testVault(t))
	eng := flows.NewEngine(flows.EngineConfig{Store: fw.Store, Now: func() time.Time { return flowtest.Start }, Modules: fw.Modules})
	seq := 0
	return func(who, text, button string) []flows.Reply {
		seq++
		replies, err := eng.Handle(context.Background(), flows.Message{Channel: flows.ChannelConsole, ExternalUser: who,
			Chat: who, Text: text, Button: button, DedupKey: strconv.Itoa(seq), At: flowtest.Start})
		if err != nil {
			t.Fatalf("%s sending %q%q: %v", who, text, button, err)
		}
		return replies
	}
}

// checkInPaths lead a guard to each question of the check-in, and to the
// list of visitors; the fuzzer then types anything there.
var checkInPaths = [][]string{
	{"来访登记"},
	{"来访登记", "王五"},
	{"来访登记 王五 护照 E1234567"},
	{"来访登记 王五 护照 E1234567 13912345678"},
	{"来访登记 王五 护照 E1234567 13912345678 施工"},
	{"来访登记 王五 护照 E1234567 13912345678 施工 华建装饰公司"},
	{"来访登记 王五 护照 E1234567 13912345678 施工 华建装饰公司 找王"},
	{"来访登记 王五 护照 E1234567 13912345678 施工 华建装饰公司 找王老师"},
	{"来访登记 王五 护照 E1234567 13912345678 施工 华建装饰公司 找王老师 步行"},
	{oneMessage, "1", "来访登记 " + idZhang},
	{oneMessage, "1", "在校访客"},
}

// Whatever the guard types at any question, twice, and then 1, houqin
// answers without an error, and never shows a full ID number typed
// before: only the message being answered may be echoed (as an
// organisation, say).
func FuzzCheckIn(f *testing.F) {
	for i := range checkInPaths {
		for _, s := range []string{"1", "张三", idZhang, "护照 E12", "13800138000", "找陈主任", "京A123", "2人", "无", "取消", "同意 1", "离校 1", ""} {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, path uint8, text string) {
		if !utf8.ValidString(text) {
			return
		}
		send := gate(t)
		say := func(s string) []flows.Reply { return send("老郑", s, "") }
		for _, s := range checkInPaths[int(path)%len(checkInPaths)] {
			say(s)
		}
		for _, s := range []string{text, text, "1"} {
			for _, r := range say(s) {
				text := strings.ReplaceAll(r.Text, "「护照 E12345678」", "") // the example in the hint
				for _, id := range idNumberRE.FindAllString(text, -1) {
					if !strings.Contains(alnum(s), strings.ToUpper(id)) {
						t.Errorf("after %q the reply shows %s: %s", s, id, r.Text)
					}
				}
			}
		}
	})
}

// alnum is s as the flow reads it, letters and digits only, upper case.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9' || r >= 'A' && r <= 'Z':
			return r
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return -1
	}, parse.Normalize(s))
}

// Button data from anywhere (an old card, a forged Telegram callback) is
// answered, never an error, whoever presses it.
func FuzzAct(f *testing.F) {
	for _, s := range []string{"vs:ok:1", "vs:no:1", "vs:head:1", "vs:out:1", "vs:ok:1:x", "vs:zz:1", "vs:ok:999",
		"vs:ok:0", "vs:ok:-1", "vs::1", "vs:out:01", "vs:ok:9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if !strings.HasPrefix(data, actorPrefix+":") {
			return
		}
		send := gate(t)
		send("老郑", oneMessage, "")
		send("老郑", "1", "")
		for _, who := range []string{"李老师", "老郑", "陈主任", "王老师"} {
			send(who, "", data)
		}
	})
}

// FuzzSplitVisitors: several visitors are read only when each has a name
// of their own and a number, never one visitor cut in two.
func FuzzSplitVisitors(f *testing.F) {
	for _, s := range []string{
		"又来俩家长 周洁 身份证320102199001014425 手机13722225555 找李老师 接孩子去医院 还有刘伟 身份证110108198804123013 手机13833334444 找赵老师 送作业本",
		"张三 身份证110101199003074514 李四的爸爸 电话13911112222", "还有刘伟13833334444 王强13922223333", "刘伟刘伟", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		gs := defaultVocab().splitVisitors(text)
		if len(gs) == 1 {
			t.Fatalf("splitVisitors(%q): one visitor, want nil", text)
		}
		names := map[string]bool{}
		for _, g := range gs {
			if g.Name == "" || g.IDNumber == "" && g.Phone == "" || names[g.Name] {
				t.Fatalf("splitVisitors(%q): %+v has no name or number of its own", text, g)
			}
			names[g.Name] = true
		}
	})
}
