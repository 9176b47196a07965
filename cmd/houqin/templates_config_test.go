package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// [wechat.templates] takes the classic kind = id entries and typed-fields
// tables side by side; a typed table's mistakes are reported by key.
func TestTemplatesConfig(t *testing.T) {
	load := func(body string) (Config, error) {
		path := filepath.Join(t.TempDir(), "houqin.toml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"HOUQIN_WECHAT_APP_SECRET": "s", "HOUQIN_WECHAT_TOKEN": "t"}
		return LoadConfig(path, func(k string) string { return env[k] })
	}
	cfg, err := load(`
[wechat]
app_id = "wx1"
[wechat.templates]
default = "TPL-D"
"visit.confirm" = "TPL-V"
[wechat.templates.repair]
id = "TPL-R"
kinds = ["repair.assigned", "repair.reminder"]
fields = { thing1 = "item", time2 = "due", character_string3 = "ref", thing4 = "=后勤处" }
`)
	if err != nil {
		t.Fatal(err)
	}
	tc := cfg.WeChat.Templates
	if tc.ByKind["default"] != "TPL-D" || tc.ByKind["visit.confirm"] != "TPL-V" || len(tc.Named) != 1 {
		t.Fatalf("templates = %+v", tc)
	}
	m := tc.Named[0]
	if m.Name != "repair" || m.ID != "TPL-R" || len(m.Kinds) != 2 || m.Fields["time2"] != "due" || m.Fields["thing4"] != "=后勤处" {
		t.Errorf("mapping = %+v", m)
	}
	wc := wechatConfig(cfg.WeChat)
	if wc.Templates["default"] != "TPL-D" || len(wc.Mappings) != 1 {
		t.Errorf("channel config = %+v", wc)
	}

	for _, c := range []struct{ body, want string }{
		{`[wechat.templates.job]
kinds = ["repair.assigned"]
fields = { thing1 = "place" }`, "wechat.templates.job: id is required"},
		{`[wechat.templates.job]
id = "X"
default = true
fields = { thing1 = "where" }`, `unknown source "where"`},
		{`[wechat.templates.job]
id = "X"
kind = ["repair.assigned"]`, `unknown key "kind"`},
		{`[wechat.templates.job]
id = 7`, "wechat.templates.job.id: wrong type"},
	} {
		_, err := load("[wechat]\napp_id = \"wx1\"\n" + c.body + "\n")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("config\n%s\nerror %v, want %q", c.body, err, c.want)
		}
	}
}
