package storetest

import (
	"testing"

	"orewatch/internal/core"
)

// testAuditForObject: the trail of one object, in order, without the
// others'.
func testAuditForObject(t *testing.T, s core.Store) {
	c := ctx(t)
	for _, e := range []struct{ action, object string }{
		{"case.open", "CASE-1"}, {"case.open", "CASE-2"}, {"case.note", "CASE-1"}, {"case.update", "CASE-1"},
	} {
		if err := s.WithTx(c, func(r core.Repos) error {
			return r.Audit().Append(c, &core.AuditEntry{Actor: "officer", Agency: "GAC", Action: e.action, Object: e.object})
		}); err != nil {
			t.Fatal(err)
		}
	}
	es, err := s.Audit().ForObject(c, "CASE-1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Action)
	}
	if len(got) != 3 || got[0] != "case.open" || got[1] != "case.note" || got[2] != "case.update" || es[0].Seq >= es[2].Seq {
		t.Errorf("trail of CASE-1: %v", got)
	}
	if es, err := s.Audit().ForObject(c, "CASE-9"); err != nil || len(es) != 0 {
		t.Errorf("trail of an unknown object: %d, %v", len(es), err)
	}
}
