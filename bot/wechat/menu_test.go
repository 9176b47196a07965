package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2/officialaccount/menu"
	"github.com/sirupsen/logrus"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
)

func TestDefaultMenuJSON(t *testing.T) {
	got, err := MenuJSON(DefaultMenu())
	if err != nil {
		t.Fatalf("MenuJSON: %v", err)
	}
	golden := filepath.Join("testdata", "default_menu.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("MenuJSON(DefaultMenu()) =\n%s\nwant\n%s", got, want)
	}
	// Every key the default menu sends comes back as the word it stands for.
	m, err := ParseMenu(got)
	if err != nil {
		t.Fatalf("ParseMenu: %v", err)
	}
	var words []string
	for _, b := range m.Button {
		for _, s := range append([]*menu.Button{b}, b.SubButtons...) {
			if s.Type == "click" {
				words = append(words, menuWord(s.Key))
			}
		}
	}
	if got, want := strings.Join(words, " "), "报修 来访登记 巡查 留样 菜谱 陪餐 我的 发现隐患 帮助"; got != want {
		t.Errorf("menu words = %q, want %q", got, want)
	}
}

func TestMenuValidate(t *testing.T) {
	click := func(name string) *menu.Button { return new(menu.Button).SetClickButton(name, "K") }
	tests := []struct {
		name string
		m    Menu
	}{
		{"empty", Menu{}},
		{"four top-level", Menu{Button: []*menu.Button{click("a"), click("b"), click("c"), click("d")}}},
		{"long name", Menu{Button: []*menu.Button{click("这个名字太长了啊")}}},
		{"six sub-buttons", Menu{Button: []*menu.Button{new(menu.Button).SetSubButton("x",
			[]*menu.Button{click("1"), click("2"), click("3"), click("4"), click("5"), click("6")})}}},
		{"click without key", Menu{Button: []*menu.Button{{Type: "click", Name: "报修"}}}},
		{"unknown type", Menu{Button: []*menu.Button{{Type: "teleport", Name: "报修", Key: "K"}}}},
	}
	for _, tt := range tests {
		if err := tt.m.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil, want an error", tt.name)
		}
		if _, err := MenuJSON(tt.m); err == nil {
			t.Errorf("%s: MenuJSON accepted an invalid menu", tt.name)
		}
	}
	if _, err := ParseMenu([]byte(`{"button":[{"type":"click","name":"报修","key":"REPAIR","colour":"red"}]}`)); err == nil {
		t.Error("ParseMenu accepted an unknown field")
	}
}

func TestInstallMenu(t *testing.T) {
	e := newEnv(t, nil)
	if err := e.ch.InstallMenu(context.Background(), DefaultMenu()); err != nil {
		t.Fatalf("InstallMenu: %v", err)
	}
	if len(e.api.menus) != 1 {
		t.Fatalf("%d menus installed, want 1", len(e.api.menus))
	}
	var got, want any
	_ = json.Unmarshal(e.api.menus[0], &got)
	js, _ := MenuJSON(DefaultMenu())
	_ = json.Unmarshal(js, &want)
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("installed %s, want %s", g, w)
	}

	e.api.answer("/cgi-bin/menu/create", 40001)
	if err := e.ch.InstallMenu(context.Background(), DefaultMenu()); err != nil {
		t.Errorf("InstallMenu after 40001: %v, want a retried success", err)
	}
	e.api.answer("/cgi-bin/menu/create", 65301)
	var ae *APIError
	if err := e.ch.InstallMenu(context.Background(), DefaultMenu()); !errors.As(err, &ae) || ae.Code != 65301 {
		t.Errorf("InstallMenu = %v, want errcode 65301", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSDKLogQuiet: New keeps the SDK's logrus below debug, where it would
// print decrypted messages.
func TestSDKLogQuiet(t *testing.T) {
	logrus.SetLevel(logrus.DebugLevel)
	newEnv(t, nil)
	if logrus.IsLevelEnabled(logrus.InfoLevel) {
		t.Errorf("logrus level = %v after New, want warn or quieter", logrus.GetLevel())
	}
}

// TestMenuWordsOpenFlows: every click of the default menu is a word that
// starts a flow (its first trigger) or one the engine answers itself, so
// a click never lands on 「抱歉，我没有看懂」.
func TestMenuWordsOpenFlows(t *testing.T) {
	starts := map[string]bool{"我的": true, flows.WordHelp: true}
	for _, f := range []flows.Flow{repair.RepairFlow{}, visit.VisitFlow{}, canteen.SampleFlow{}, canteen.MenuFlow{},
		canteen.AccompanyFlow{}, inspection.CheckFlow{}, inspection.HazardFlow{}} {
		starts[f.Triggers()[0]] = true
	}
	for _, b := range DefaultMenu().Button {
		for _, s := range append([]*menu.Button{b}, b.SubButtons...) {
			if s.Type != "click" {
				continue
			}
			if w := menuWord(s.Key); !starts[w] {
				t.Errorf("the menu's %s sends %q, which opens no flow", s.Name, w)
			}
		}
	}
}
