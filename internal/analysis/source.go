package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"orewatch/internal/balance"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/screen"
)

// source is what the checks read beside the declarations they judge: a
// store's rows after the bundle's import, or, when the analysis keeps no
// store, the bundle's own rows as an empty store would hold them.
type source interface {
	parties(context.Context) ([]*core.Party, error)
	links(context.Context) ([]*core.PartyLink, error)
	materials(context.Context) ([]*core.Material, error)
	lists(context.Context) ([]*core.ListEntry, error)
	ledger(context.Context) (map[core.USCC]*screen.LedgerEntry, error)
	licences(context.Context) (map[string]*core.Licence, error)
	events(context.Context) ([]*core.Event, error)
	// declarations calls fn with every stored item, in the order of
	// declaration date, number and item.
	declarations(ctx context.Context, fn func(*core.DeclarationItem)) error
	manifests(context.Context) ([]*core.Manifest, error)
	prices(context.Context) ([]*core.Price, error)
}

type storeSource struct{ s core.Store }

func (s storeSource) parties(ctx context.Context) ([]*core.Party, error) {
	return s.s.Parties().All(ctx)
}

func (s storeSource) links(ctx context.Context) ([]*core.PartyLink, error) {
	return s.s.Parties().Links(ctx)
}

func (s storeSource) materials(ctx context.Context) ([]*core.Material, error) {
	return s.s.Materials().All(ctx)
}

func (s storeSource) lists(ctx context.Context) ([]*core.ListEntry, error) {
	return s.s.Lists().All(ctx)
}

func (s storeSource) manifests(ctx context.Context) ([]*core.Manifest, error) {
	return s.s.Manifests().All(ctx)
}

func (s storeSource) prices(ctx context.Context) ([]*core.Price, error) {
	return s.s.Prices().All(ctx)
}

func (s storeSource) events(ctx context.Context) ([]*core.Event, error) {
	return balance.AllEvents(ctx, s.s.Events())
}

func (s storeSource) ledger(ctx context.Context) (map[core.USCC]*screen.LedgerEntry, error) {
	out := map[core.USCC]*screen.LedgerEntry{}
	for off := 0; ; off += 10000 {
		es, total, err := s.s.Enterprises().List(ctx, core.EnterpriseFilter{Offset: off, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			h, err := s.s.Enterprises().History(ctx, e.USCC)
			if err != nil {
				return nil, err
			}
			out[e.USCC] = &screen.LedgerEntry{Enterprise: e, History: h}
		}
		if off+len(es) >= total || len(es) == 0 {
			return out, nil
		}
	}
}

func (s storeSource) licences(ctx context.Context) (map[string]*core.Licence, error) {
	out := map[string]*core.Licence{}
	for off := 0; ; off += 10000 {
		ls, total, err := s.s.Licences().List(ctx, core.LicenceFilter{Offset: off, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			out[l.No] = l
		}
		if off+len(ls) >= total || len(ls) == 0 {
			return out, nil
		}
	}
}

func (s storeSource) declarations(ctx context.Context, fn func(*core.DeclarationItem)) error {
	for off := 0; ; off += 10000 {
		ds, total, err := s.s.Declarations().List(ctx, core.DeclarationFilter{Offset: off, Limit: 10000})
		if err != nil {
			return err
		}
		for _, d := range ds {
			fn(d)
		}
		if off+len(ds) >= total || len(ds) == 0 {
			return nil
		}
	}
}

// bundleSource is a bundle read alone, as the empty store it would have
// been imported into would give it back.
type bundleSource struct {
	b  *bundle.Bundle
	u  *ingest.Unstored
	at time.Time // when the ledger's statuses were "recorded"
}

func (s bundleSource) parties(context.Context) ([]*core.Party, error) {
	return sortedBy(s.b.Parties, func(p *core.Party) string { return p.ID }), nil
}

func (s bundleSource) links(context.Context) ([]*core.PartyLink, error) {
	return sortedBy(s.u.Links, func(l *core.PartyLink) string { return l.From + "\x00" + l.To + "\x00" + l.Relation }), nil
}

func (s bundleSource) materials(context.Context) ([]*core.Material, error) {
	return sortedBy(s.b.Materials, func(m *core.Material) string { return m.ID }), nil
}

func (s bundleSource) lists(context.Context) ([]*core.ListEntry, error) {
	return sortedBy(s.u.Lists, func(e *core.ListEntry) string { return e.List + "\x00" + e.Name + "\x00" + e.ListedOn.String() }), nil
}

func (s bundleSource) manifests(context.Context) ([]*core.Manifest, error) {
	return sortedBy(s.b.Manifests, func(m *core.Manifest) string { return m.BillOfLading + "\x00" + m.ContainerNo }), nil
}

func (s bundleSource) prices(context.Context) ([]*core.Price, error) {
	return sortedBy(s.b.Prices, func(p *core.Price) string {
		return p.Material + "\x00" + p.Market + "\x00" + p.Date.String()
	}), nil
}

func (s bundleSource) events(context.Context) ([]*core.Event, error) { return s.u.Events, nil }

// ledger gives each enterprise the one status change an import records:
// its reported status from its registration date.
func (s bundleSource) ledger(context.Context) (map[core.USCC]*screen.LedgerEntry, error) {
	out := make(map[core.USCC]*screen.LedgerEntry, len(s.b.Enterprises))
	for _, e := range s.b.Enterprises {
		le := &screen.LedgerEntry{Enterprise: e}
		if !e.RegisteredOn.IsZero() {
			if !e.Status.Valid() {
				return nil, fmt.Errorf("enterprise %s status: unknown ledger status %q", e.USCC, e.Status)
			}
			le.History = []core.StatusChange{{USCC: e.USCC, Status: e.Status, EffectiveOn: e.RegisteredOn, Reason: "bundle import", RecordedAt: s.at}}
		}
		out[e.USCC] = le
	}
	return out, nil
}

func (s bundleSource) licences(context.Context) (map[string]*core.Licence, error) {
	out := make(map[string]*core.Licence, len(s.b.Licences))
	for _, l := range s.b.Licences {
		out[l.No] = l
	}
	return out, nil
}

func (s bundleSource) declarations(_ context.Context, fn func(*core.DeclarationItem)) error {
	items := make([]*core.DeclarationItem, len(s.b.Declarations))
	copy(items, s.b.Declarations)
	slices.SortFunc(items, func(a, b *core.DeclarationItem) int {
		if c := a.DeclaredAt.Compare(b.DeclaredAt); c != 0 {
			return c
		}
		if c := strings.Compare(a.DeclarationNo, b.DeclarationNo); c != 0 {
			return c
		}
		return cmp.Compare(a.ItemNo, b.ItemNo)
	})
	for _, it := range items {
		fn(it)
	}
	return nil
}

// sortedBy is a sorted copy, in the order the store's queries give.
func sortedBy[T any](rows []*T, key func(*T) string) []*T {
	out := make([]*T, len(rows))
	copy(out, rows)
	slices.SortStableFunc(out, func(a, b *T) int { return strings.Compare(key(a), key(b)) })
	return out
}
