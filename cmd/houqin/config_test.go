package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

// The example file documents every key with its default, so loading it
// must give exactly the defaults; it can never rot.
func TestExampleConfigIsTheDefaults(t *testing.T) {
	cfg, err := LoadConfig("../../config.example.toml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	want.WeChat.Templates = cfg.WeChat.Templates // an empty table decodes to an empty map
	// The data directory's default depends on where the file is: the
	// example's data_dir must be what a file without one gets.
	want.Database.DataDir = resolveDataDir("", "../../config.example.toml", noEnv)
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config.example.toml differs from DefaultConfig:\n got %+v\nwant %+v", cfg, want)
	}
}

// Every key of the Config struct appears in the example file.
func TestExampleConfigMentionsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var walk func(t reflect.Type, prefix string)
	walk = func(typ reflect.Type, prefix string) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			key := f.Tag.Get("toml")
			if key == "" {
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				if !strings.Contains(string(b), "["+prefix+key+"]") {
					t.Errorf("config.example.toml has no [%s%s] section", prefix, key)
				}
				walk(f.Type, prefix+key+".")
				continue
			}
			if !strings.Contains(string(b), "\n"+key+" = ") && !strings.Contains(string(b), "["+prefix+key+"]") && !strings.Contains(string(b), "[["+prefix+key+"]]") {
				t.Errorf("config.example.toml does not document %s%s", prefix, key)
			}
		}
	}
	walk(reflect.TypeOf(Config{}), "")
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "houqin.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadConfigListsEveryProblem(t *testing.T) {
	p := writeConfig(t, `
[http]
addr = ""
[telegram]
token = "123:abc"
mode = "push"
[log]
level = "loud"
format = "xml"
[outbox]
retry_for = "5s"
[school_defaults]
small_due = "17:00"
sample_min_grams = 0
`)
	_, err := LoadConfig(p, noEnv)
	if err == nil {
		t.Fatal("LoadConfig accepted a bad file")
	}
	for _, key := range []string{"http.addr", "telegram.mode", "log.level", "log.format", "outbox.retry_for", "school_defaults.intake_cutoff", "school_defaults.sample_min_grams"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s:\n%v", key, err)
		}
	}
}

func TestUnknownKeysAreRejected(t *testing.T) {
	p := writeConfig(t, "[http]\naddress = \":80\"\n[telegarm]\ntoken = \"x\"\n")
	_, err := LoadConfig(p, noEnv)
	if err == nil || !strings.Contains(err.Error(), "http.address") || !strings.Contains(err.Error(), "telegarm") {
		t.Fatalf("got %v, want an error naming http.address and telegarm", err)
	}
}

func TestOutboxRetryFor(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, "[outbox]\nretry_for = \"24h\"\n"), noEnv)
	if err != nil || cfg.Outbox.RetryFor != 24*time.Hour {
		t.Fatalf("retry_for = %s, %v; want 24h", cfg.Outbox.RetryFor, err)
	}
	if _, err := LoadConfig(writeConfig(t, "[outbox]\nretry_for = \"three days\"\n"), noEnv); err == nil {
		t.Fatal("accepted retry_for = \"three days\"")
	}
}

func TestBadTimeOfDay(t *testing.T) {
	p := writeConfig(t, "[school_defaults]\nsmall_due = \"25:00\"\n")
	if _, err := LoadConfig(p, noEnv); err == nil || !strings.Contains(err.Error(), "25:00") {
		t.Fatalf("got %v, want an error about 25:00", err)
	}
}

func TestSecretsFromEnvironment(t *testing.T) {
	env := map[string]string{"HOUQIN_TELEGRAM_TOKEN": "123:tok", "HOUQIN_DATABASE_URL": "postgres://x@/db", "HOUQIN_ID_KEY": testIDKey}
	cfg, err := LoadConfig("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Telegram.Token != "123:tok" || cfg.Database.URL != "postgres://x@/db" || cfg.Privacy.IDKey != testIDKey {
		t.Errorf("environment not applied: %+v", cfg)
	}
}

const testIDKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

func TestBadIDKeyIsReportedWithoutEchoingIt(t *testing.T) {
	const secret = "not-a-key-but-secret"
	_, err := LoadConfig("", func(k string) string {
		if k == "HOUQIN_ID_KEY" {
			return secret
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "privacy.id_key") || strings.Contains(err.Error(), secret) {
		t.Fatalf("got %v, want an error naming privacy.id_key without its value", err)
	}
}

func TestJSONLogs(t *testing.T) {
	var buf bytes.Buffer
	env := &Env{Stdout: io.Discard, Stderr: &buf, Getenv: noEnv}
	_, log, err := loadConfig(env, writeConfig(t, "[log]\nformat = \"json\"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("houqin serving", "addr", "127.0.0.1:8080")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("log line %q is not JSON: %v", buf.String(), err)
	}
	if line["msg"] != "houqin serving" || line["addr"] != "127.0.0.1:8080" || line["level"] != "INFO" {
		t.Errorf("log line = %v", line)
	}
}

func TestPublicURLWarning(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		channel   bool
		warn      bool
	}{
		{"no channel, default", "http://127.0.0.1:8080", false, false},
		{"channel, default loopback", "http://127.0.0.1:8080", true, true},
		{"channel, localhost", "http://localhost:8080", true, true},
		{"channel, ::1", "http://[::1]:8080", true, true},
		{"channel, public", "https://houqin.example.edu.cn", true, false},
		{"channel, not a URL", "houqin", true, true},
	} {
		cfg := DefaultConfig()
		cfg.HTTP.PublicURL = tc.url
		if tc.channel {
			cfg.Telegram.Token = "123:abc"
		}
		if got := publicURLWarning(cfg) != ""; got != tc.warn {
			t.Errorf("%s: warning %v, want %v (%q)", tc.name, got, tc.warn, publicURLWarning(cfg))
		}
	}
}

// Unknown keys, values of the wrong type and invalid values come back in
// one error, so a school's IT person fixes the file in one pass.
func TestConfigUnknownKeysAndBadValuesAtOnce(t *testing.T) {
	p := writeConfig(t, `
[http]
address = ":80"
addr = ""
[telegarm]
token = "x"
[log]
level = "loud"
colour = "red"
[outbox]
retry_for = "three days"
[digest]
link_days = "seven"
[school_defaults]
small_due = "25:00"
sample_min_grams = 0
[[school_defaults.meals]]
key = "lunch"
starts = "11:30"
ends = "12:30"
room = "canteen"
`)
	_, err := LoadConfig(p, noEnv)
	if err == nil {
		t.Fatal("LoadConfig accepted a bad file")
	}
	msg := err.Error()
	t.Logf("\n%s", msg)
	for _, want := range []string{
		"unknown keys: http.address, log.colour, telegarm, school_defaults.meals.room",
		"  http.addr: must not be empty",
		"  log.level: must be",
		"  outbox.retry_for: ",
		"three days",
		"  digest.link_days: ",
		"  school_defaults.small_due: ",
		"25:00",
		"  school_defaults.sample_min_grams: ",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q", want)
		}
	}
	if strings.Count(msg, "\n") < 7 {
		t.Errorf("want one line per problem, got:\n%s", msg)
	}
	// Good keys next to the bad ones were still read: only this is wrong.
	cfg, err := LoadConfig(writeConfig(t, "[http]\naddr = \"127.0.0.1:9090\"\nport = 1\n"), noEnv)
	if err == nil || cfg.HTTP.Addr != "127.0.0.1:9090" || strings.Count(err.Error(), "\n") != 1 {
		t.Fatalf("addr = %q, err = %v; want addr read and one problem (http.port)", cfg.HTTP.Addr, err)
	}
}
