package storetest

import (
	"fmt"
	"testing"
	"time"

	"orewatch/internal/core"
)

// testSavedFilters: each officer's filters are its own, saved again under
// a name they are replaced, bounded in number, and deleted by name.
func testSavedFilters(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	save := func(user, name, query string) error {
		return s.SavedFilters().Save(c, &core.SavedFilter{UserID: user, Page: "alerts", Name: name, Query: query, SavedAt: at})
	}
	if err := save("u1", "锑 红色", "code=CONTROL_UNDECLARED&min_score=90"); err != nil {
		t.Fatal(err)
	}
	if err := save("u1", "锑 红色", "code=CONTROL_UNDECLARED&min_score=95"); err != nil {
		t.Fatal(err)
	}
	if err := save("u2", "mine", "status=new"); err != nil {
		t.Fatal(err)
	}
	fs, err := s.SavedFilters().List(c, "u1", "alerts")
	if err != nil || len(fs) != 1 || fs[0].Query != "code=CONTROL_UNDECLARED&min_score=95" || !fs[0].SavedAt.Equal(at) {
		t.Fatalf("u1's filters = %+v, %v", fs, err)
	}
	for i := 1; i < core.MaxSavedFilters; i++ {
		if err := save("u1", fmt.Sprintf("f%02d", i), "status=new"); err != nil {
			t.Fatal(err)
		}
	}
	mustCode(t, save("u1", "one too many", "status=new"), core.EINVALID)
	if err := save("u1", "f01", "status=triaged"); err != nil {
		t.Errorf("replacing a filter at the bound: %v", err)
	}
	if err := s.SavedFilters().Delete(c, "u1", "alerts", "锑 红色"); err != nil {
		t.Fatal(err)
	}
	mustCode(t, s.SavedFilters().Delete(c, "u2", "alerts", "f01"), core.ENOTFOUND) // another user's
	if fs, _ := s.SavedFilters().List(c, "u2", "alerts"); len(fs) != 1 {
		t.Errorf("u2 has %d filters, want 1", len(fs))
	}
}
