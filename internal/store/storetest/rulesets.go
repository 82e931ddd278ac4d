package storetest

import (
	"context"
	"sync"
	"testing"

	"orewatch/internal/core"
)

// testRuleSets: the newest applied rule set is the one in force; applying
// the newest version again changes nothing, an older one again is newest
// once more, and servers applying one version at once store it once.
func testRuleSets(t *testing.T, s core.Store) {
	c := context.Background()
	if _, err := s.RuleSets().Latest(c); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("latest of none: %v", err)
	}
	a := &core.RuleSet{Version: "aaa", Files: map[string]string{"r.yaml": "rules: []\n", "湖南.yml": "rules:\n- code: X\n"}, Rules: 1, AppliedBy: "wang"}
	if ok, err := s.RuleSets().Apply(c, a); err != nil || !ok || a.Seq == 0 || a.AppliedAt.IsZero() {
		t.Fatalf("apply a: %v %v %+v", ok, err, a)
	}
	if ok, err := s.RuleSets().Apply(c, &core.RuleSet{Version: "aaa", Files: a.Files, AppliedBy: "li"}); err != nil || ok {
		t.Fatalf("apply a again: %v %v", ok, err)
	}
	b := &core.RuleSet{Version: "bbb", Files: map[string]string{"r.yaml": "rules: []\n"}, AppliedBy: "li"}
	if ok, err := s.RuleSets().Apply(c, b); err != nil || !ok || b.Seq <= a.Seq {
		t.Fatalf("apply b: %v %v %+v", ok, err, b)
	}
	back := &core.RuleSet{Version: "aaa", Files: a.Files, Rules: 1, AppliedBy: "wang"}
	if ok, err := s.RuleSets().Apply(c, back); err != nil || !ok {
		t.Fatalf("apply a after b: %v %v", ok, err)
	}
	got, err := s.RuleSets().Latest(c)
	if err != nil || got.Version != "aaa" || got.Seq != back.Seq || got.Files["湖南.yml"] != a.Files["湖南.yml"] || got.Rules != 1 || got.AppliedBy != "wang" {
		t.Fatalf("latest: %+v %v", got, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	applied := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.RuleSets().Apply(c, &core.RuleSet{Version: "ccc", Files: map[string]string{}, AppliedBy: "server"})
			if err != nil && core.ErrorCode(err) != core.ECONFLICT {
				t.Error(err)
			}
			mu.Lock()
			if ok {
				applied++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if applied < 1 {
		t.Fatal("nobody applied ccc")
	}
	if got, err := s.RuleSets().Latest(c); err != nil || got.Version != "ccc" {
		t.Fatalf("latest after concurrent applies: %+v %v", got, err)
	}
}
