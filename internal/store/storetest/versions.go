package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

func testRecordVersions(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	if vs, err := s.Versions().List(c, "licence", "L-1"); err != nil || len(vs) != 0 {
		t.Fatalf("versions of an unknown record = %v, %v; want none", vs, err)
	}
	bodies := []string{`{"quantity":"100"}`, `{"quantity":"80"}`}
	for i, b := range bodies {
		err := s.WithTx(c, func(r core.Repos) error {
			v := &core.RecordVersion{Kind: "licence", Key: "L-1", Body: []byte(b), Actor: "officer", Source: "POST /api/v1/licences", RecordedAt: at.Add(time.Duration(i) * time.Hour)}
			if err := r.Versions().Append(c, v); err != nil {
				return err
			}
			if v.Version != i+1 {
				t.Errorf("version %d numbered %d", i+1, v.Version)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Another record and kind number from 1.
	other := &core.RecordVersion{Kind: "party", Key: "L-1", Body: []byte(`{}`), RecordedAt: at}
	if err := s.Versions().Append(c, other); err != nil || other.Version != 1 {
		t.Fatalf("another kind's first version = %d, %v", other.Version, err)
	}
	vs, err := s.Versions().List(c, "licence", "L-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 {
		t.Fatalf("got %d versions, want 2", len(vs))
	}
	for i, v := range vs {
		if v.Version != i+1 || string(v.Body) != bodies[i] || v.Actor != "officer" || !v.RecordedAt.Equal(at.Add(time.Duration(i)*time.Hour)) {
			t.Errorf("version %d = %+v", i+1, v)
		}
	}
}
