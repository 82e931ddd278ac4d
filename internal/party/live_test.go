package party

import (
	"context"
	"testing"

	"orewatch/internal/core"
)

type fakeLists struct{ es []*core.ListEntry }

func (f *fakeLists) Upsert(context.Context, *core.ListEntry) (bool, error) { return false, nil }
func (f *fakeLists) All(context.Context) ([]*core.ListEntry, error)        { return f.es, nil }

// TestLiveFollowsTheStore: entries imported into the store are screened
// after a refresh, the shipped ones stay, a refresh without change keeps
// the Screener, and an entry imported again counts once.
func TestLiveFollowsTheStore(t *testing.T) {
	shipped := []*core.ListEntry{{List: "CN-UEL", Name: "Golden Kestrel Trading Ltd", Country: "HK"}}
	l := NewLive(shipped)
	day := core.MustDate("2025-06-01")
	if ms := l.Current().Screen("Northwind Defense Systems LLC", "US", day); len(ms) != 0 {
		t.Fatalf("matched before the import: %v", ms)
	}
	store := &fakeLists{es: []*core.ListEntry{
		{List: "OWN-WATCH", Name: "Northwind Defense Systems LLC", Country: "US"},
		{List: "CN-UEL", Name: "Golden Kestrel Trading Ltd", Country: "HK"}, // the shipped entry, imported again
	}}
	if changed, err := l.Refresh(context.Background(), store); err != nil || !changed {
		t.Fatalf("refresh: %v %v", changed, err)
	}
	if ms := l.Current().Screen("Northwind Defense Systems LLC", "US", day); len(ms) != 1 {
		t.Errorf("the stored entry: %v", ms)
	}
	if ms := l.Current().Screen("Golden Kestrel Trading Ltd", "HK", day); len(ms) != 1 {
		t.Errorf("the shipped entry, once: %v", ms)
	}
	before := l.Current()
	if changed, _ := l.Refresh(context.Background(), store); changed || l.Current() != before {
		t.Error("a refresh without change rebuilt the screener")
	}
}
