package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

// testCatalogPacks: packs come back in the order they were applied, the
// same pack applied twice is stored once, and another pack under a used
// id is refused.
func testCatalogPacks(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	pack := func(id, sum, body string) *core.CatalogPack {
		return &core.CatalogPack{ID: id, SHA256: sum, TitleZh: "延长暂停", TitleEn: "suspension extended",
			Published: core.MustDate("2026-11-09"), Body: []byte(body), AppliedBy: "admin", AppliedAt: at}
	}
	if ps, err := s.CatalogPacks().List(c); err != nil || len(ps) != 0 {
		t.Fatalf("an empty store's packs: %v %v", ps, err)
	}
	if n, last, err := s.CatalogPacks().Head(c); err != nil || n != 0 || last != 0 {
		t.Fatalf("an empty store's head: %d %d %v", n, last, err)
	}
	a := pack("P-1", "aaaa0000aaaa0000", "pack: {id: P-1}\n# 公告\n")
	if created, err := s.CatalogPacks().Add(c, a); err != nil || !created || a.Seq != 1 {
		t.Fatalf("first pack: created %v seq %d, %v", created, a.Seq, err)
	}
	b := pack("P-2", "bbbb0000bbbb0000", "pack: {id: P-2}\n")
	if created, err := s.CatalogPacks().Add(c, b); err != nil || !created || b.Seq != 2 {
		t.Fatalf("second pack: created %v seq %d, %v", created, b.Seq, err)
	}
	again := pack("P-1", "aaaa0000aaaa0000", "pack: {id: P-1}\n# 公告\n")
	if created, err := s.CatalogPacks().Add(c, again); err != nil || created || again.Seq != 1 {
		t.Errorf("the same pack again: created %v seq %d, %v", created, again.Seq, err)
	}
	_, err := s.CatalogPacks().Add(c, pack("P-1", "cccc0000cccc0000", "pack: {id: P-1}\n"))
	mustCode(t, err, core.ECONFLICT)
	if n, last, err := s.CatalogPacks().Head(c); err != nil || n != 2 || last != 2 {
		t.Errorf("head after two packs and a repeat: %d %d %v", n, last, err)
	}
	ps, err := s.CatalogPacks().List(c)
	if err != nil || len(ps) != 2 {
		t.Fatalf("packs = %d, %v", len(ps), err)
	}
	if p := ps[0]; p.ID != "P-1" || p.Seq != 1 || string(p.Body) != "pack: {id: P-1}\n# 公告\n" || p.TitleZh != "延长暂停" ||
		p.Published != core.MustDate("2026-11-09") || !p.AppliedAt.Equal(at) || p.AppliedBy != "admin" {
		t.Errorf("first pack read back as %+v", p)
	}
	if ps[1].ID != "P-2" {
		t.Errorf("second pack is %s", ps[1].ID)
	}
	// Inside a transaction that fails, nothing is kept.
	_ = s.WithTx(c, func(r core.Repos) error {
		if _, err := r.CatalogPacks().Add(c, pack("P-3", "dddd", "x")); err != nil {
			t.Error(err)
		}
		return core.Errorf(core.EINVALID, "abandon")
	})
	if ps, _ := s.CatalogPacks().List(c); len(ps) != 2 {
		t.Errorf("a rolled-back pack was kept: %d packs", len(ps))
	}
}
