package wechat

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// typedMapping is a category template with typed fields for new jobs.
func typedMapping(c *Config) {
	c.Mappings = []TemplateMapping{{
		Name:  "repair",
		ID:    "TPL-TYPED",
		Kinds: []string{"repair.assigned"},
		Fields: map[string]string{
			"thing1": "item", "thing2": "place", "time3": "due", "character_string4": "ref",
			"phrase5": "status", "thing6": "=后勤处", "name7": "person",
		},
	}}
}

// jobItem is a worker's job card as the repair flow writes it, queued at
// testNow (17:30 in Beijing).
func (e *env) jobItem() flows.OutboxItem {
	it := e.outboxItem(72 * time.Hour)
	it.Queued = e.now
	it.Text = "【新任务】BX-20250310-007\n地点：初二(3)班（教学楼302）\n问题：课桌腿断了，桌面也裂开了一大块需要整张更换（木工·小修）\n" +
		"报修人：王老师\n期限：今天 21:00 前\n状态：待接单\n可回复「接单 9」"
	return it
}

func TestTemplateWithTypedFields(t *testing.T) {
	e := newEnv(t, typedMapping)
	if err := e.ch.Send(context.Background(), e.jobItem()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := e.api.tpls()
	if len(got) != 1 {
		t.Fatalf("%d template messages, want 1", len(got))
	}
	m := got[0]
	if m.TemplateID != "TPL-TYPED" || m.URL != "https://houqin.example.edu.cn/r/9" {
		t.Errorf("template %q, url %q", m.TemplateID, m.URL)
	}
	want := map[string]string{
		"thing1":            "课桌腿断了，桌面也裂开了一大块需要整张…",
		"thing2":            "初二(3)班（教学楼302）",
		"time3":             "2025年03月10日 21:00",
		"character_string4": "BX-20250310-007",
		"phrase5":           "待接单",
		"thing6":            "后勤处",
		"name7":             "王老师",
	}
	if len(m.Data) != len(want) {
		t.Errorf("fields %v, want exactly %d (no classic first/keyword)", m.Data, len(want))
	}
	for k, v := range want {
		if m.Data[k].Value != v {
			t.Errorf("%s = %q, want %q", k, m.Data[k].Value, v)
		}
	}
	if n := utf8.RuneCountInString(m.Data["thing1"].Value); n > 20 {
		t.Errorf("thing1 has %d characters, WeChat allows 20", n)
	}
	// Kinds the mapping does not name still use the classic entries.
	other := e.jobItem()
	other.Kind = "visit.arrived"
	if err := e.ch.Send(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if got := e.api.tpls(); len(got) != 2 || got[1].TemplateID != "TPL-DEFAULT" || got[1].Data["keyword1"].Value == "" {
		t.Errorf("unmapped kind sent as %+v, want the classic default template", got[len(got)-1])
	}
}

// A template WeChat rejects is a configuration error, said once, and the
// recipient is not blamed.
func TestTemplateMisconfigured(t *testing.T) {
	e := newEnv(t, typedMapping)
	e.api.answer(templatePath, 40037, 40037, 47003)
	var notified []bool
	for range 3 {
		err := e.ch.Send(context.Background(), e.jobItem())
		var ce *bot.ConfigError
		if !errors.As(err, &ce) || errors.Is(err, bot.ErrUndeliverable) {
			t.Fatalf("Send: %v, want a configuration error and not undeliverable", err)
		}
		if !strings.Contains(ce.Problem, "TPL-TYPED") || !strings.Contains(ce.Problem, "repair") {
			t.Errorf("problem %q does not name the template", ce.Problem)
		}
		notified = append(notified, ce.Notify)
	}
	// 40037 twice: told the first time only; 47003 is another problem.
	if !notified[0] || notified[1] || !notified[2] {
		t.Errorf("notify = %v, want [true false true]", notified)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "configuration error") || !strings.Contains(logs, "40037") {
		t.Errorf("logs do not report the configuration error:\n%s", logs)
	}
	// The recipient's own refusals are still theirs.
	e.api.answer(templatePath, 43004)
	if err := e.ch.Send(context.Background(), e.jobItem()); !errors.Is(err, bot.ErrUndeliverable) {
		t.Errorf("unsubscribed: %v, want undeliverable", err)
	}
}

func TestMappingValidation(t *testing.T) {
	bad := []TemplateMapping{
		{Name: "a", Fields: map[string]string{"thing1": "item"}, Kinds: []string{"repair.assigned"}},           // no id
		{Name: "b", ID: "X", Fields: map[string]string{"thing1": "nonsense"}, Default: true},                   // unknown source
		{Name: "c", ID: "Y", Fields: map[string]string{"Thing 1": "item"}, Kinds: []string{"repair.assigned"}}, // bad name, kind twice
		{Name: "d", ID: "Z", Fields: map[string]string{"thing1": "item"}},                                      // never used
		{Name: "e", ID: "W", Fields: map[string]string{"thing1": "item"}, Default: true},                       // second default
	}
	errs := ValidateMappings(bad)
	text := errors.Join(errs...).Error()
	for _, want := range []string{"templates.a: id is required", `unknown source "nonsense"`, `"Thing 1" is not a template field name`,
		`kind "repair.assigned" is already sent`, "templates.d: give kinds", "b is already the default"} {
		if !strings.Contains(text, want) {
			t.Errorf("validation does not say %q:\n%s", want, text)
		}
	}
	good := TemplateMapping{Name: "ok", ID: "T", Fields: map[string]string{"thing1": "item", "thing2": "=后勤"}, Default: true}
	if errs := ValidateMappings([]TemplateMapping{good}); len(errs) != 0 {
		t.Errorf("valid mapping refused: %v", errs)
	}
}

func TestClipField(t *testing.T) {
	for _, c := range []struct{ typ, in, want string }{
		{"thing", "一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十"},
		{"thing", "一二三四五六七八九十一二三四五六七八九十多", "一二三四五六七八九十一二三四五六七八九…"},
		{"character_string", "报修 BX-20250310-007", "BX-20250310-007"},
		{"character_string", strings.Repeat("a", 40), strings.Repeat("a", 32)},
		{"phrase", "待接单 (new)", "待接单"},
		{"phrase", "已经完成了维修", "已经完成了"},
		{"number", "第 12 号", "12"},
		{"thing", "  ", "无"},
		{"character_string", "无编号", "-"},
		{"keyword1", "报修", "报修"},
	} {
		if got := clipField(c.typ, c.in); got != c.want {
			t.Errorf("clipField(%s, %q) = %q, want %q", c.typ, c.in, got, c.want)
		}
	}
}

func TestParseWhen(t *testing.T) {
	base := time.Date(2025, 12, 30, 10, 0, 0, 0, shanghai)
	for _, c := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"今天 21:00 前", time.Date(2025, 12, 30, 21, 0, 0, 0, shanghai), true},
		{"明天 07:30", time.Date(2025, 12, 31, 7, 30, 0, 0, shanghai), true},
		{"1月2日 10:05 前", time.Date(2026, 1, 2, 10, 5, 0, 0, shanghai), true},
		{"尽快", time.Time{}, false},
		{"今天 25:00", time.Time{}, false},
	} {
		got, ok := parseWhen(c.in, base)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("parseWhen(%q) = %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
