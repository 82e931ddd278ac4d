package catalog

import (
	"sync"
	"testing"

	"orewatch/data"
)

var (
	loadOnce sync.Once
	shipped  *Catalog
	loadErr  error
)

// embedded loads the catalogue the binary ships.
func embedded(t testing.TB) *Catalog {
	t.Helper()
	loadOnce.Do(func() { shipped, loadErr = Load(data.FS) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shipped
}

func TestLoadShipped(t *testing.T) {
	c := embedded(t)
	if len(c.Measures) < 8 {
		t.Fatalf("%d measures", len(c.Measures))
	}
	if len(c.Minerals) != 37 {
		t.Errorf("%d strategic minerals, want 36 + high-purity quartz", len(c.Minerals))
	}
	for _, g := range []string{"antimony", "rare-earth", "graphite", "tungsten", "gallium"} {
		if !c.IsStrategic(g) {
			t.Errorf("%s should be a strategic mineral", g)
		}
	}
}

func TestLoadEntityLists(t *testing.T) {
	infos, entries, err := LoadEntityLists(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 3 || len(entries) < 25 {
		t.Fatalf("%d lists, %d entries", len(infos), len(entries))
	}
	for _, e := range entries {
		if e.Name == "" || e.ListedOn.IsZero() || e.Reference == "" {
			t.Errorf("entry without name, date or reference: %+v", e)
		}
	}
}
