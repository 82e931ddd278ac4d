package screen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"orewatch/internal/core"
)

func TestPolicy(t *testing.T) {
	hint := func(code string, w float64) core.Finding {
		return core.Finding{Code: code, Channel: core.ChannelYellow, Weight: w}
	}
	tests := []struct {
		name        string
		policy      *Policy
		findings    []core.Finding
		wantChannel string
		wantMin     int
		wantMax     int
	}{
		{"no policy: two hints stay yellow", nil, []core.Finding{hint("VALUE_ANOMALY", 0.6), hint("NETWORK_RISK", 0.6)}, core.ChannelYellow, 84, 84},
		{"red from a score", &Policy{RedScore: 80}, []core.Finding{hint("VALUE_ANOMALY", 0.6), hint("NETWORK_RISK", 0.6)}, core.ChannelRed, 90, 90},
		{"a code made red", &Policy{Codes: map[string]CodePolicy{"CONCEALMENT": {Channel: core.ChannelRed}}}, []core.Finding{hint("CONCEALMENT", 0.6)}, core.ChannelRed, 90, 90},
		{"a code weighed less", &Policy{Codes: map[string]CodePolicy{"VALUE_ANOMALY": {Weight: 0.1}}}, []core.Finding{hint("VALUE_ANOMALY", 0.6)}, core.ChannelYellow, 50, 50},
		{"nothing found is green", &Policy{RedScore: 10}, nil, core.ChannelGreen, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, score := tt.policy.Apply(tt.findings)
			if ch != tt.wantChannel || score < tt.wantMin || score > tt.wantMax {
				t.Errorf("got %s %d, want %s %d-%d", ch, score, tt.wantChannel, tt.wantMin, tt.wantMax)
			}
		})
	}
}

func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("red_score: 85\ncodes:\n  CONCEALMENT: {channel: red}\n  VALUE_ANOMALY: {weight: 0.3}\n"), 0o644)
	p, err := LoadPolicy(good)
	if err != nil || p.RedScore != 85 || p.Codes["CONCEALMENT"].Channel != "red" {
		t.Fatalf("%+v %v", p, err)
	}
	for name, body := range map[string]string{
		"channel": "codes:\n  CONCEALMENT: {channel: green}\n",
		"weight":  "codes:\n  CONCEALMENT: {weight: 3}\n",
		"unknown": "red_scor: 85\n",
	} {
		path := filepath.Join(dir, name+".yaml")
		os.WriteFile(path, []byte(body), 0o644)
		if _, err := LoadPolicy(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
