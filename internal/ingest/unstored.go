package ingest

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
)

// Unstored is a bundle as an empty store would hold it right after its
// import: what an analysis whose store would be thrown away afterwards
// reads instead of writing every row and reading it back.
type Unstored struct {
	// Counts are the counts Import would give on an empty store.
	Counts []Counts
	// Links and Lists are the bundle's party links and list entries once
	// per key, the last row winning as the store's upsert lets it.
	Links []*core.PartyLink
	Lists []*core.ListEntry
	// Events are the valid documents' events once per key, the first
	// document in the bundle's order winning, in the store's order
	// (event time, then key).
	Events []*core.Event
}

// Rehearse does what Import does to an empty store, without one: rows
// counted, EPCIS documents validated as a capture validates them (an
// invalid one joins the bundle's rejected rows and file stats as Import
// reports it) and their events kept in memory without their JSON; the
// documents' bytes are let go.
func Rehearse(ctx context.Context, b *bundle.Bundle) (*Unstored, error) {
	u := &Unstored{}
	add := func(table string, n int) { u.Counts = append(u.Counts, Counts{Table: table, Changed: n}) }
	// The reader refuses a second row under a key, so keyed tables hold
	// each row once already.
	add("enterprises", len(b.Enterprises))
	add("licences", len(b.Licences))
	add("materials", len(b.Materials))
	add("parties", len(b.Parties))
	var c Counts
	u.Links, c = lastPerKey(b.Links, func(l *core.PartyLink) string { return l.From + "\x00" + l.To + "\x00" + l.Relation })
	c.Table = "party_links"
	u.Counts = append(u.Counts, c)
	u.Lists, c = lastPerKey(b.Lists, func(e *core.ListEntry) string { return e.List + "\x00" + e.Name + "\x00" + e.ListedOn.String() })
	c.Table = "entity_lists"
	u.Counts = append(u.Counts, c)
	add("manifests", len(b.Manifests))
	add("prices", len(b.Prices))
	add("declarations", len(b.Declarations))
	if len(b.EPCIS) == 0 {
		return u, ctx.Err()
	}
	perDoc := make([][]*core.Event, len(b.EPCIS))
	ec, err := eachDocument(b, func(v *epcis.Validator, i int) (epcis.Result, error) {
		if err := ctx.Err(); err != nil {
			return epcis.Result{}, err
		}
		res, evs, err := epcis.Prepare(v, b.EPCIS[i].Data)
		// Nothing reads a document again once its events are out: at a
		// million events that is 430 MB less to keep.
		b.EPCIS[i].Data = nil
		for _, e := range evs {
			e.Raw = nil // the books read events without their documents, as from the store
		}
		perDoc[i] = evs
		return res, err
	})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, evs := range perDoc {
		for _, e := range evs {
			if seen[e.Key] {
				ec.Changed--
				ec.Unchanged++
				continue
			}
			seen[e.Key] = true
			u.Events = append(u.Events, e)
		}
	}
	slices.SortFunc(u.Events, func(a, b *core.Event) int {
		if c := a.EventTime.Compare(b.EventTime); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	u.Counts = append(u.Counts, ec)
	return u, nil
}

// lastPerKey keeps each key's last row, in first-seen order, and counts
// the writes that would change a stored row.
func lastPerKey[T any](rows []*T, key func(*T) string) ([]*T, Counts) {
	var c Counts
	at := map[string]int{}
	var out []*T
	for _, r := range rows {
		k := key(r)
		i, ok := at[k]
		switch {
		case !ok:
			at[k] = len(out)
			out = append(out, r)
			c.Changed++
		case reflect.DeepEqual(out[i], r):
			c.Unchanged++
		default:
			out[i] = r
			c.Changed++
		}
	}
	return out, c
}
