package rules

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orewatch/internal/core"
)

const good = `rules:
  - code: SB_AIR_TO_HUB
    version: 2
    channel: yellow
    weight: 0.5
    message: antimony flown to a transshipment hub
    message_zh: 锑经航空运往转口枢纽
    when: decl.group == "antimony" && decl.transport_mode == "5" && decl.destination in ["TH", "VN", "MX", "MY"]
  - code: NEW_EXPORTER_BIG_LOT
    version: 1
    channel: red
    weight: 0.9
    message: controlled goods over 20 t from an exporter outside the ledger
    message_zh: 未列入台账的出口经营者出口20吨以上管制物项
    when: decl.controlled && decl.net_kg > 20000.0 && !ctx.exporter.in_ledger
  - code: OFF_RULE
    version: 1
    channel: yellow
    weight: 0.3
    message: disabled
    message_zh: 已停用
    when: "true"
    enabled: false
`

func writeRules(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func item(mutate func(*core.DeclarationItem)) *core.DeclarationItem {
	d := &core.DeclarationItem{DeclarationNo: "531620250000000001", ItemNo: 1, DeclaredAt: core.MustDate("2025-03-10"), TransportMode: "5",
		DestinationCountry: "TH", HSCode: "8110101000", NetWeightKg: core.DecimalFromInt(500)}
	if mutate != nil {
		mutate(d)
	}
	return d
}

func TestLoadAndRun(t *testing.T) {
	s, err := Load(writeRules(t, map[string]string{"hubs.yaml": good}))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rules) != 2 || s.Version == "" {
		t.Fatalf("loaded %d rules (version %q), want the 2 enabled", len(s.Rules), s.Version)
	}
	items := []*core.DeclarationItem{
		item(nil),
		item(func(d *core.DeclarationItem) { d.DeclarationNo, d.DestinationCountry = "531620250000000002", "JP" }),
		item(func(d *core.DeclarationItem) {
			d.DeclarationNo, d.TransportMode, d.NetWeightKg = "531620250000000003", "2", core.DecimalFromInt(24000)
		}),
	}
	hits, fails := s.Run(items, func(d *core.DeclarationItem) Derived {
		return Derived{Controlled: true, Group: "antimony", Exporter: nil}
	})
	if len(fails) > 0 {
		t.Fatalf("failures %+v", fails)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.DeclarationNo[14:]+":"+h.Finding.Code)
		if h.Finding.Evidence["version"] == nil || h.Finding.MessageZh == "" {
			t.Errorf("finding lacks its rule version or message: %+v", h.Finding)
		}
	}
	if strings.Join(got, ",") != "0001:SB_AIR_TO_HUB,0003:NEW_EXPORTER_BIG_LOT" {
		t.Errorf("hits %v", got)
	}
}

func TestLoadErrorsNameFileAndRule(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"syntax", "rules:\n  - code: BAD_CEL\n    version: 1\n    channel: red\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: decl.net_kg >\n", "BAD_CEL"},
		{"not a condition", "rules:\n  - code: NOT_BOOL\n    version: 1\n    channel: red\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: decl.net_kg + 1\n", "true or false"},
		{"channel", "rules:\n  - code: BAD_CHANNEL\n    version: 1\n    channel: green\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: \"true\"\n", "channel must be"},
		{"weight", "rules:\n  - code: BAD_WEIGHT\n    version: 1\n    channel: red\n    weight: 2\n    message: m\n    message_zh: 中\n    when: \"true\"\n", "weight"},
		{"bilingual", "rules:\n  - code: NO_ZH\n    version: 1\n    channel: red\n    weight: 0.5\n    message: m\n    when: \"true\"\n", "message_zh"},
		{"version", "rules:\n  - code: NO_VERSION\n    channel: red\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: \"true\"\n", "version"},
		{"yaml", "rules: [", "bad.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeRules(t, map[string]string{"bad.yaml": tt.yaml}))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.yaml") {
				t.Errorf("error %v, want one naming bad.yaml and %q", err, tt.want)
			}
		})
	}
	_, err := Load(writeRules(t, map[string]string{"a.yaml": good, "b.yaml": good}))
	if err == nil || !strings.Contains(err.Error(), "also defined in a.yaml") {
		t.Errorf("duplicate codes: %v", err)
	}
}

func TestRunTimeErrorsAreReported(t *testing.T) {
	s, err := Load(writeRules(t, map[string]string{"r.yaml": "rules:\n  - code: TYPO\n    version: 1\n    channel: yellow\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: decl.nett_kg > 1.0\n"}))
	if err != nil {
		t.Fatal(err)
	}
	_, fails := s.Run([]*core.DeclarationItem{item(nil), item(nil)}, func(*core.DeclarationItem) Derived { return Derived{} })
	if len(fails) != 1 || fails[0].Count != 2 || !strings.Contains(fails[0].First, "nett_kg") {
		t.Errorf("failures %+v", fails)
	}
}

func TestWatcherReloads(t *testing.T) {
	dir := writeRules(t, map[string]string{"hubs.yaml": good})
	w, err := NewWatcher(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	v1 := w.Current().Version
	var reloads []string
	w.OnReload = func(old, cur *Set) { reloads = append(reloads, old.Version+"→"+cur.Version) }
	if w.Poll() {
		t.Error("reloaded with nothing changed")
	}
	// A broken edit keeps the running rules and says why.
	os.WriteFile(filepath.Join(dir, "more.yaml"), []byte("rules:\n  - code: X\n"), 0o644)
	if w.Poll() || w.Current().Version != v1 || !strings.Contains(w.LastError(), "more.yaml") {
		t.Errorf("broken edit: version %s, error %q", w.Current().Version, w.LastError())
	}
	time.Sleep(10 * time.Millisecond) // a distinct modification time
	os.WriteFile(filepath.Join(dir, "more.yaml"), []byte(strings.NewReplacer("SB_AIR_TO_HUB", "SB_AIR_2", "NEW_EXPORTER_BIG_LOT", "BIG_2", "OFF_RULE", "OFF_2").Replace(good)), 0o644)
	if !w.Poll() || w.Current().Version == v1 || len(w.Current().Rules) != 4 || w.LastError() != "" {
		t.Errorf("fixed edit: %d rules, version %s, error %q", len(w.Current().Rules), w.Current().Version, w.LastError())
	}
	if len(reloads) != 1 || reloads[0] != v1+"→"+w.Current().Version {
		t.Errorf("reload callbacks %v, want the one that went into force", reloads)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(good)
	f.Add("rules: [{code: A}]")
	f.Fuzz(func(t *testing.T, s string) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "f.yaml"), []byte(s), 0o644)
		set, err := Load(dir)
		if err == nil {
			for _, r := range set.Rules {
				if r.prg == nil {
					t.Fatalf("rule %s loaded without a program", r.Code)
				}
			}
		}
	})
}
