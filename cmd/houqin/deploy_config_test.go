package main

import "testing"

// TestDeployConfigsLoad loads the configurations shipped in deploy/ as
// houqin does, so a renamed or removed key cannot leave them broken.
func TestDeployConfigsLoad(t *testing.T) {
	for _, name := range []string{"../../deploy/houqin.toml", "../../deploy/compose.houqin.toml"} {
		cfg, err := LoadConfig(name, func(string) string { return "" })
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if cfg.HTTP.PublicURL != "https://houqin.example.edu.cn" {
			t.Errorf("%s: public_url %q", name, cfg.HTTP.PublicURL)
		}
	}
	cfg, err := LoadConfig("../../deploy/houqin.toml", func(string) string { return "" })
	if err == nil && (cfg.HTTP.Addr != "127.0.0.1:8080" || cfg.Database.DataDir != "/var/lib/houqin") {
		t.Errorf("deploy/houqin.toml: addr %q data_dir %q; the unit and the nginx site expect 127.0.0.1:8080 and /var/lib/houqin", cfg.HTTP.Addr, cfg.Database.DataDir)
	}
}
