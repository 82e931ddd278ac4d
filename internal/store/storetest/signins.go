package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

// testSignInFailures: failures are counted per key within a window,
// cleared per key, and pruned by age.
func testSignInFailures(t *testing.T, s core.Store) {
	c := ctx(t)
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if err := s.SignIns().AddFailures(c, []string{"name:wang", "ip:10.0.0.1"}, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := s.SignIns().Failures(c, "name:wang", t0.Add(30*time.Second))
	if err != nil || len(fs) != 2 || !fs[0].Equal(t0.Add(time.Minute)) {
		t.Fatalf("failures since: %v %v", fs, err)
	}
	if err := s.SignIns().ClearFailures(c, []string{"name:wang"}); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.SignIns().Failures(c, "name:wang", t0.Add(-time.Hour)); len(fs) != 0 {
		t.Errorf("cleared key keeps %d", len(fs))
	}
	if err := s.SignIns().PruneFailures(c, t0.Add(90*time.Second)); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.SignIns().Failures(c, "ip:10.0.0.1", t0.Add(-time.Hour)); len(fs) != 1 {
		t.Errorf("after pruning: %d failures, want 1", len(fs))
	}
}
