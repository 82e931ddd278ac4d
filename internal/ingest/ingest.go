// Package ingest loads a read bundle into the store, in batches of one
// transaction each, and counts what changed so that re-importing the same
// bundle can say that nothing did.
package ingest

import (
	"context"
	"fmt"

	"orewatch/internal/bundle"
	"orewatch/internal/core"
)

// Counts says, per table, how many rows were written and how many were
// already stored unchanged.
type Counts struct {
	Table     string `json:"table"`
	Changed   int    `json:"changed"`
	Unchanged int    `json:"unchanged"`
}

// Progress is told how far an import has come.
type Progress func(table string, done, total int)

const batch = 2000

// Import writes the bundle's ledger, licences and declarations. (Parties,
// lists, manifests and prices are used by analysis from the bundle itself
// until their store repositories exist.)
func Import(ctx context.Context, s core.Store, b *bundle.Bundle, progress Progress) ([]Counts, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	var out []Counts
	ent := Counts{Table: "enterprises"}
	err := inBatches(ctx, s, len(b.Enterprises), func(r core.Repos, i int) error {
		e := b.Enterprises[i]
		changed, err := r.Enterprises().Upsert(ctx, e)
		if err != nil {
			return fmt.Errorf("enterprise %s: %w", e.USCC, err)
		}
		if !e.RegisteredOn.IsZero() {
			c, err := r.Enterprises().AddStatus(ctx, core.StatusChange{USCC: e.USCC, Status: e.Status, EffectiveOn: e.RegisteredOn, Reason: "bundle import"})
			if err != nil {
				return fmt.Errorf("enterprise %s status: %w", e.USCC, err)
			}
			changed = changed || c
		}
		count(&ent, changed)
		return nil
	}, func(done int) { progress("enterprises", done, len(b.Enterprises)) })
	if err != nil {
		return nil, err
	}
	out = append(out, ent)
	lic := Counts{Table: "licences"}
	err = inBatches(ctx, s, len(b.Licences), func(r core.Repos, i int) error {
		changed, err := r.Licences().Upsert(ctx, b.Licences[i])
		if err != nil {
			return fmt.Errorf("licence %s: %w", b.Licences[i].No, err)
		}
		count(&lic, changed)
		return nil
	}, func(done int) { progress("licences", done, len(b.Licences)) })
	if err != nil {
		return nil, err
	}
	out = append(out, lic)
	dec := Counts{Table: "declarations"}
	err = inBatches(ctx, s, len(b.Declarations), func(r core.Repos, i int) error {
		d := b.Declarations[i]
		changed, err := r.Declarations().Upsert(ctx, d)
		if err != nil {
			return fmt.Errorf("declaration %s item %d: %w", d.DeclarationNo, d.ItemNo, err)
		}
		count(&dec, changed)
		return nil
	}, func(done int) { progress("declarations", done, len(b.Declarations)) })
	if err != nil {
		return nil, err
	}
	return append(out, dec), nil
}

func count(c *Counts, changed bool) {
	if changed {
		c.Changed++
	} else {
		c.Unchanged++
	}
}

func inBatches(ctx context.Context, s core.Store, n int, fn func(core.Repos, int) error, done func(int)) error {
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		err := s.WithTx(ctx, func(r core.Repos) error {
			for i := start; i < end; i++ {
				if err := fn(r, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		done(end)
	}
	return nil
}

// Unchanged reports whether an import changed nothing at all.
func Unchanged(cs []Counts) bool {
	for _, c := range cs {
		if c.Changed > 0 {
			return false
		}
	}
	return true
}
