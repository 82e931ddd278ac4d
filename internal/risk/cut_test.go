package risk

import (
	"testing"

	"orewatch/internal/core"
)

// TestSignalsExactlyAtTheirCut: a signal exactly at a cut is at it, though
// combining rounds it just below (1-(1-0.45) = 0.44999999999999996).
func TestSignalsExactlyAtTheirCut(t *testing.T) {
	for _, tc := range []struct {
		weights []float64
		channel string
		atCut   bool // at least 0.45: a misdeclaration finding
	}{
		{[]float64{0.45}, core.ChannelYellow, true},
		{[]float64{0.44}, core.ChannelYellow, false},
		{[]float64{0.9}, core.ChannelRed, true},
		{[]float64{0.5, 0.8}, core.ChannelRed, true},    // 1-0.5*0.2 = 0.9
		{[]float64{0.3, 0.3}, core.ChannelYellow, true}, // 0.51
	} {
		var sigs []signal
		for _, w := range tc.weights {
			sigs = append(sigs, signal{Name: "s", Weight: w})
		}
		w, ch, _ := combine(sigs)
		if ch != tc.channel || atLeast(w, 0.45) != tc.atCut {
			t.Errorf("%v: combined %v, channel %s, at the cut %v; want %s, %v", tc.weights, w, ch, atLeast(w, 0.45), tc.channel, tc.atCut)
		}
	}
	x := &detector{out: Output{Findings: map[string][]core.Finding{}}}
	x.add(&core.DeclarationItem{DeclarationNo: "1"}, core.Finding{Code: Misdeclaration, Weight: 1 - (1 - 0.45)})
	if f := x.out.Findings["1"][0]; f.Severity != core.SeverityMedium {
		t.Errorf("a finding of weight 0.45 is %s, want %s", f.Severity, core.SeverityMedium)
	}
}
