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

// testSetupTokens: a kept setup secret is valid until the first user is
// created through it, which forgets them all; a second first user is a
// conflict.
func testSetupTokens(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, h := range []string{"sha256:aa", "sha256:bb"} {
		if err := s.Users().AddSetupToken(c, h, at); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := s.Users().SetupTokenValid(c, "sha256:bb"); err != nil || !ok {
		t.Fatalf("kept secret: %v %v", ok, err)
	}
	if ok, _ := s.Users().SetupTokenValid(c, "sha256:cc"); ok {
		t.Error("an unknown secret is valid")
	}
	if err := s.Users().CreateFirst(c, &core.User{ID: "u1", Name: "chief", Agency: "GAC", Role: core.RoleAdmin, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Users().SetupTokenValid(c, "sha256:aa"); ok {
		t.Error("a secret outlives the first user")
	}
	mustCode(t, s.Users().CreateFirst(c, &core.User{ID: "u2", Name: "second", Agency: "GAC", Role: core.RoleAdmin, CreatedAt: at}), core.ECONFLICT)
}
