// Package ingest loads a read bundle into the store, in batches of one
// transaction each, and counts what changed so that re-importing the same
// bundle can say that nothing did.
package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/versions"
)

// Counts says, per table, how many rows were written and how many were
// already stored unchanged.
type Counts struct {
	Table     string `json:"table"`
	Changed   int    `json:"changed"`
	Unchanged int    `json:"unchanged"`
	// Replaced are stored records the import changed, whose earlier
	// state is kept as a version (licences).
	Replaced int `json:"replaced,omitempty"`
}

// Progress is told how far an import has come.
type Progress func(table string, done, total int)

const batch = 2000

// Import writes every table of the bundle, and captures its EPCIS documents
// through the same path as the capture API (each document whole or not at
// all; an invalid one is added to the bundle's rejected rows).
//
// The import is recorded in the store (core.Import) and every row it
// writes carries its id. It is committed in batches, so a failure leaves
// the batches before it stored: the import is then marked failed with the
// rows it wrote, and importing the same bundle again resumes it.
func Import(ctx context.Context, s core.Store, b *bundle.Bundle, progress Progress, who audit.Actor) ([]Counts, error) {
	se, err := Begin(ctx, s, b.Meta, progress, who)
	if err != nil {
		return nil, err
	}
	return se.End(se.Write(b))
}

// Session is one import written part by part (bundle.Stream), recorded as
// one import: the parts' rows carry its id and its counts add up.
type Session struct {
	ctx      context.Context
	s        core.Store
	im       *core.Import
	who      audit.Actor
	title    string
	progress Progress
	written  atomic.Int64
	counts   map[string]*Counts
	// Reassign lets the import give a stored licence to another exporter;
	// without it such an import is refused before it writes.
	Reassign bool
}

// Begin records a new import of a bundle with this Meta.
func Begin(ctx context.Context, s core.Store, meta bundle.Meta, progress Progress, who audit.Actor) (*Session, error) {
	title := meta.Title
	if title == "" {
		title = "bundle"
	}
	im := &core.Import{ID: "imp-" + time.Now().UTC().Format("20060102T150405") + "-" + randomSuffix(), Title: title, Actor: who.Name, Agency: who.Agency,
		Status: core.ImportRunning, StartedAt: time.Now().UTC()}
	if err := s.Imports().Start(ctx, im); err != nil {
		return nil, fmt.Errorf("record the import: %w", err)
	}
	return &Session{ctx: core.WithImport(ctx, im.ID), s: s, im: im, who: who, title: title + " (" + im.ID + ")", progress: progress, counts: map[string]*Counts{}}, nil
}

// ID is the import's.
func (se *Session) ID() string { return se.im.ID }

// Write imports a part: whatever tables and documents it holds.
func (se *Session) Write(part *bundle.Bundle) error {
	if err := checkOwners(se.ctx, se.s, part, se.Reassign); err != nil {
		return err
	}
	cs, err := importAll(se.ctx, se.s, part, se.progress, se.who, se.im.ID, se.title, &se.written)
	for _, c := range cs {
		t := se.counts[c.Table]
		if t == nil {
			t = &Counts{Table: c.Table}
			se.counts[c.Table] = t
		}
		t.Changed += c.Changed
		t.Unchanged += c.Unchanged
		t.Replaced += c.Replaced
	}
	return err
}

// End records how the import ended — done, or failed with err and the rows
// its committed batches wrote — and returns the counts per table.
func (se *Session) End(err error) ([]Counts, error) {
	status, text := core.ImportDone, ""
	if err != nil {
		status, text = core.ImportFailed, core.ErrorMessage(err)
		if core.ErrorCode(err) == core.EINTERNAL {
			text = err.Error()
		}
	}
	// Recorded even when the import's own context was cancelled.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(se.ctx), 10*time.Second)
	defer cancel()
	if ferr := se.s.Imports().Finish(fctx, se.im.ID, status, se.written.Load(), text, time.Now().UTC()); ferr != nil && err == nil {
		err = fmt.Errorf("record the import's end: %w", ferr)
	}
	if err != nil {
		return nil, &ImportError{ID: se.im.ID, Rows: se.written.Load(), Err: err}
	}
	var out []Counts
	for _, t := range tableOrder {
		if c, ok := se.counts[t]; ok {
			out = append(out, *c)
		}
	}
	return out, nil
}

// tableOrder is the order importAll writes and reports tables in.
var tableOrder = []string{"enterprises", "licences", "materials", "parties", "party_links", "entity_lists", "manifests", "prices", "declarations", "epcis events"}

// ImportError is a failed import: the batches before the failure are
// stored under its id, and importing the same bundle again resumes it.
type ImportError struct {
	ID   string
	Rows int64
	Err  error
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("import %s failed after writing %d rows (import the same bundle again to resume: what is stored stays unchanged): %v", e.ID, e.Rows, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func importAll(ctx context.Context, s core.Store, b *bundle.Bundle, progress Progress, who audit.Actor, importID, title string, written *atomic.Int64) ([]Counts, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	var out []Counts
	inBatches := func(ctx context.Context, s core.Store, n int, fn func(core.Repos, int) error, done func(int), table string) error {
		last := 0
		return batches(ctx, s, n, fn, func(end int) {
			written.Add(int64(end - last)) // the batch is committed
			last = end
			done(end)
		}, func(r core.Repos, start, end int) error {
			return audit.Record(ctx, r, who, "import."+table, title, nil, nil, fmt.Sprintf("rows %d-%d of %d", start+1, end, n))
		})
	}
	ent := Counts{Table: "enterprises"}
	err := inBatches(ctx, s, len(b.Enterprises), func(r core.Repos, i int) error {
		e := b.Enterprises[i]
		before, err := r.Enterprises().Get(ctx, e.USCC)
		if core.ErrorCode(err) == core.ENOTFOUND {
			before, err = nil, nil
		}
		if err != nil {
			return fmt.Errorf("enterprise %s: %w", e.USCC, err)
		}
		changed, err := r.Enterprises().Upsert(ctx, e)
		if err != nil {
			return fmt.Errorf("enterprise %s: %w", e.USCC, err)
		}
		if changed && before != nil {
			if err := versions.KeepFrom(ctx, r, core.VersionEnterprise, string(e.USCC), before, e, who.Name,
				"import "+importID+" (enterprises.csv)", "as stored before import "+importID, time.Now()); err != nil {
				return err
			}
			ent.Replaced++
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
	}, func(done int) { progress("enterprises", done, len(b.Enterprises)) }, "enterprises")
	if err != nil {
		return nil, err
	}
	out = append(out, ent)
	lic := Counts{Table: "licences"}
	err = inBatches(ctx, s, len(b.Licences), func(r core.Repos, i int) error {
		l := b.Licences[i]
		before, err := r.Licences().Get(ctx, l.No)
		if core.ErrorCode(err) == core.ENOTFOUND {
			before, err = nil, nil
		}
		if err != nil {
			return fmt.Errorf("licence %s: %w", l.No, err)
		}
		changed, err := r.Licences().Upsert(ctx, l)
		if err != nil {
			return fmt.Errorf("licence %s: %w", l.No, err)
		}
		if changed && before != nil {
			if err := keepVersions(ctx, r, before, l, who, importID); err != nil {
				return err
			}
			lic.Replaced++
		}
		count(&lic, changed)
		return nil
	}, func(done int) { progress("licences", done, len(b.Licences)) }, "licences")
	if err != nil {
		return nil, err
	}
	out = append(out, lic)
	type step struct {
		table string
		n     int
		fn    func(r core.Repos, i int) (bool, error)
	}
	steps := []step{
		{"materials", len(b.Materials), func(r core.Repos, i int) (bool, error) { return r.Materials().Upsert(ctx, b.Materials[i]) }},
		{"parties", len(b.Parties), func(r core.Repos, i int) (bool, error) {
			p := b.Parties[i]
			before, err := r.Parties().Get(ctx, p.ID)
			if core.ErrorCode(err) == core.ENOTFOUND {
				before, err = nil, nil
			}
			if err != nil {
				return false, err
			}
			changed, err := r.Parties().Upsert(ctx, p)
			if err != nil || !changed || before == nil {
				return changed, err
			}
			return true, versions.KeepFrom(ctx, r, core.VersionParty, p.ID, before, p, who.Name,
				"import "+importID+" (parties.csv)", "as stored before import "+importID, time.Now())
		}},
		{"party_links", len(b.Links), func(r core.Repos, i int) (bool, error) { return r.Parties().AddLink(ctx, b.Links[i]) }},
		{"entity_lists", len(b.Lists), func(r core.Repos, i int) (bool, error) { return r.Lists().Upsert(ctx, b.Lists[i]) }},
		{"manifests", len(b.Manifests), func(r core.Repos, i int) (bool, error) { return r.Manifests().Upsert(ctx, b.Manifests[i]) }},
		{"prices", len(b.Prices), func(r core.Repos, i int) (bool, error) { return r.Prices().Upsert(ctx, b.Prices[i]) }},
	}
	for _, st := range steps {
		c := Counts{Table: st.table}
		err := inBatches(ctx, s, st.n, func(r core.Repos, i int) error {
			changed, err := st.fn(r, i)
			if err != nil {
				return fmt.Errorf("%s row %d: %w", st.table, i+1, err)
			}
			count(&c, changed)
			return nil
		}, func(done int) { progress(st.table, done, st.n) }, st.table)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	dec := Counts{Table: "declarations"}
	err = inBatches(ctx, s, len(b.Declarations), func(r core.Repos, i int) error {
		d := b.Declarations[i]
		changed, err := r.Declarations().Upsert(ctx, d)
		if err != nil {
			return fmt.Errorf("declaration %s item %d: %w", d.DeclarationNo, d.ItemNo, err)
		}
		count(&dec, changed)
		return nil
	}, func(done int) { progress("declarations", done, len(b.Declarations)) }, "declarations")
	if err != nil {
		return nil, err
	}
	out = append(out, dec)
	if len(b.EPCIS) > 0 {
		c, err := captureDocuments(ctx, s, b, who)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// captureWorkers is how many of a bundle's EPCIS documents are captured
// at once: one validates and parses while the other writes (SQLite takes
// the writes in turn; PostgreSQL runs them side by side).
var captureWorkers = min(2, runtime.GOMAXPROCS(0))

func captureDocuments(ctx context.Context, s core.Store, b *bundle.Bundle, who audit.Actor) (Counts, error) {
	return eachDocument(b, func(v *epcis.Validator, i int) (epcis.Result, error) {
		return epcis.Capture(ctx, s, v, b.EPCIS[i].Data, time.Now(), who)
	})
}

// eachDocument runs do on the bundle's EPCIS documents, captureWorkers at
// a time, and reports each in the bundle's order, whichever finished
// first: its events in the counts and its file stats, or, when it was
// invalid, why, in the bundle's rejected rows.
func eachDocument(b *bundle.Bundle, do func(v *epcis.Validator, i int) (epcis.Result, error)) (Counts, error) {
	c := Counts{Table: "epcis events"}
	v, err := epcis.NewValidator()
	if err != nil {
		return c, err
	}
	type outcome struct {
		res epcis.Result
		err error
	}
	outs := make([]outcome, len(b.EPCIS))
	next := make(chan int)
	var wg sync.WaitGroup
	// After a failure that is not the document's fault (the store), the
	// documents not yet started are left alone, as a one-at-a-time import
	// would stop there.
	var failed atomic.Bool
	for range captureWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if failed.Load() {
					outs[i].err = errors.New("not captured: an earlier document's capture failed")
					continue
				}
				outs[i].res, outs[i].err = do(v, i)
				var inv *epcis.ErrInvalid
				if err := outs[i].err; err != nil && !errors.As(err, &inv) && core.ErrorCode(err) != core.EINVALID {
					failed.Store(true)
				}
			}
		}()
	}
	for i := range b.EPCIS {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, doc := range b.EPCIS {
		res, err := outs[i].res, outs[i].err
		st := bundle.FileStats{File: doc.Name, Encoding: "json"}
		var inv *epcis.ErrInvalid
		switch {
		case errors.As(err, &inv):
			st.Read, st.Rejected = 1, 1
			p := inv.Problems[0]
			b.Rejected = append(b.Rejected, bundle.Rejected{File: doc.Name, Line: 0, Column: p.Pointer, Value: fmt.Sprintf("event %d", p.Event),
				Reason: fmt.Sprintf("%s (%d problem(s) in the document; nothing from it was stored)", p.Message, len(inv.Problems))})
		case core.ErrorCode(err) == core.EINVALID:
			st.Read, st.Rejected = 1, 1
			b.Rejected = append(b.Rejected, bundle.Rejected{File: doc.Name, Reason: err.Error()})
		case err != nil:
			return c, fmt.Errorf("capture %s: %w", doc.Name, err)
		default:
			st.Read, st.Imported = res.Events, res.Events
			c.Changed += res.Stored
			c.Unchanged += res.Duplicate
		}
		b.Files = append(b.Files, st)
	}
	return c, nil
}

func count(c *Counts, changed bool) {
	if changed {
		c.Changed++
	} else {
		c.Unchanged++
	}
}

// batches runs fn over n rows in transactions of batch rows; each
// transaction also records itself in the audit trail.
func batches(ctx context.Context, s core.Store, n int, fn func(core.Repos, int) error, done func(int), record func(core.Repos, int, int) error) error {
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		err := s.WithTx(ctx, func(r core.Repos) error {
			for i := start; i < end; i++ {
				if err := fn(r, i); err != nil {
					return err
				}
			}
			return record(r, start, end)
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
