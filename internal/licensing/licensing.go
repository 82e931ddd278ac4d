// Package licensing issues and amends export licences one at a time, as a
// licensing officer does through the API: each read like a row of
// licences.csv, each change kept as a version with who made it, an
// exporter's licence never handed to another exporter in passing, and
// the lodged declarations drawing on a changed licence screened again.
package licensing

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
)

// Kind names licences among record versions.
const Kind = core.VersionLicence

// Parse reads one licence sent as a JSON object with the columns of
// licences.csv (English, 简体 or 繁體 names; strings or numbers). status
// may be left out: an issued licence is valid. Every problem is reported
// at its JSON pointer (*lodge.Invalid).
func Parse(body []byte) (*core.Licence, error) {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, &lodge.Invalid{What: "licence", Problems: []lodge.Problem{{Pointer: "", Message: "not a JSON object: " + err.Error()}}}
	}
	var probs []lodge.Problem
	var cols []string
	cells := map[string]string{}
	for k, v := range req {
		s, err := bundle.JSONCell(v)
		if err != nil {
			probs = append(probs, lodge.Problem{Pointer: "/" + k, Message: err.Error()})
			continue
		}
		cols = append(cols, k)
		cells[k] = s
	}
	if len(probs) > 0 {
		return nil, &lodge.Invalid{What: "licence", Problems: probs}
	}
	sort.Strings(cols)
	if !hasStatus(cols) {
		cols = append(cols, "status")
		cells["status"] = string(core.LicenceValid)
	}
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = cells[c]
	}
	ls, rejected, err := bundle.LicenceRows("request", cols, [][]string{row})
	if err != nil {
		return nil, err
	}
	for _, r := range rejected {
		for _, r := range append([]bundle.Rejected{r}, r.More...) {
			for _, col := range strings.Split(r.Column, ",") {
				probs = append(probs, lodge.Problem{Pointer: "/" + col, Message: r.Reason})
			}
		}
	}
	if len(probs) > 0 || len(ls) != 1 {
		return nil, &lodge.Invalid{What: "licence", Problems: probs}
	}
	return ls[0], nil
}

// hasStatus: a status column under any of its names.
func hasStatus(cols []string) bool {
	t, _ := bundle.TableByName("licences")
	for _, c := range cols {
		if t.Canonical(c) == "status" {
			return true
		}
	}
	return false
}

// Outcome is what issuing a licence did.
type Outcome struct {
	Licence *core.Licence `json:"licence"`
	// Result is issued (new), amended (changed), unchanged (the same body
	// again: nothing stored) or reassigned (another exporter's, forced).
	Result  string `json:"result"`
	Version int    `json:"version"`
	// Rescreened are the lodged declarations whose answer the change
	// altered, each with its new version.
	Rescreened []*lodge.Lodged `json:"rescreened"`
}

// Options say who issues and how.
type Options struct {
	Actor audit.Actor
	// Force lets an amendment give the licence to another exporter.
	Force bool
	// Source says where the licence came from, for its versions.
	Source string
	Now    time.Time
}

// Issue stores l — a new licence, or an amendment of the one under its
// number — in one transaction with its version, its audit row and the
// re-screening of the lodged declarations drawing on it. The holder must
// be in the ledger. An amendment that names another exporter is refused
// unless forced.
func Issue(ctx context.Context, d lodge.Deps, l *core.Licence, o Options) (*Outcome, error) {
	var out *Outcome
	err := d.Store.WithTx(ctx, func(r core.Repos) error {
		var err error
		out, err = IssueIn(ctx, d, r, l, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IssueIn is Issue inside the caller's transaction, for a change that
// issues licences as part of itself (an approved application).
func IssueIn(ctx context.Context, d lodge.Deps, r core.Repos, l *core.Licence, o Options) (*Outcome, error) {
	out := &Outcome{Rescreened: []*lodge.Lodged{}}
	err := func() error {
		if _, err := r.Enterprises().Get(ctx, l.ExporterUSCC); core.ErrorCode(err) == core.ENOTFOUND {
			return core.FieldErrorf("exporter_uscc", "exporter %s is not in the ledger: a licence is issued to a surveyed enterprise", l.ExporterUSCC)
		} else if err != nil {
			return err
		}
		// Lodgings drawing on the licence wait for the amendment, and it
		// for them.
		if err := r.Lodgements().LockLicence(ctx, l.No); err != nil {
			return err
		}
		before, err := r.Licences().Get(ctx, l.No)
		switch {
		case core.ErrorCode(err) == core.ENOTFOUND:
			before, out.Result = nil, "issued"
		case err != nil:
			return err
		case before.ExporterUSCC != l.ExporterUSCC && !o.Force:
			return &core.Error{Code: core.ECONFLICT, Field: "exporter_uscc", Message: fmt.Sprintf(
				"licence %s is held by exporter %s; issuing it to %s would take it from them: send force=true to reassign it", l.No, before.ExporterUSCC, l.ExporterUSCC)}
		case before.ExporterUSCC != l.ExporterUSCC:
			out.Result = "reassigned"
		default:
			out.Result = "amended"
		}
		changed, err := r.Licences().Upsert(ctx, l)
		if err != nil {
			return err
		}
		vs, err := r.Versions().List(ctx, Kind, l.No)
		if err != nil {
			return err
		}
		if !changed {
			out.Result, out.Version = "unchanged", len(vs)
			out.Licence = before
			return nil
		}
		if before != nil && len(vs) == 0 {
			// The state it had before its first change here: imported.
			if err := appendVersion(ctx, r, before, "", "as stored before its first change through the API", o.Now); err != nil {
				return err
			}
		}
		if err := appendVersion(ctx, r, l, o.Actor.Name, o.Source, o.Now); err != nil {
			return err
		}
		vs, err = r.Versions().List(ctx, Kind, l.No)
		if err != nil {
			return err
		}
		out.Version = len(vs)
		if out.Licence, err = r.Licences().Get(ctx, l.No); err != nil {
			return err
		}
		if before != nil {
			because := fmt.Sprintf("licence %s %s (version %d)", l.No, out.Result, out.Version)
			if out.Rescreened, err = lodge.RescreenLicence(ctx, d, r, o.Actor, l.No, because); err != nil {
				return err
			}
			if out.Rescreened == nil {
				out.Rescreened = []*lodge.Lodged{}
			}
		}
		var beforeState any
		if before != nil {
			beforeState = withoutChanges(before)
		}
		return audit.Record(ctx, r, o.Actor, "licences."+verb(out.Result), l.No, beforeState, withoutChanges(l),
			"version "+strconv.Itoa(out.Version))
	}()
	if err != nil {
		return nil, err
	}
	return out, nil
}

func verb(result string) string {
	switch result {
	case "issued":
		return "issue"
	case "reassigned":
		return "reassign"
	}
	return "amend"
}

// withoutChanges is the licence as issued: its dated status changes are
// kept apart (licence_changes) and are not part of a version.
func withoutChanges(l *core.Licence) *core.Licence {
	c := *l
	c.Changes = nil
	return &c
}

func appendVersion(ctx context.Context, r core.Repos, l *core.Licence, actor, source string, now time.Time) error {
	body, err := json.Marshal(withoutChanges(l))
	if err != nil {
		return fmt.Errorf("encode licence %s: %w", l.No, err)
	}
	return r.Versions().Append(ctx, &core.RecordVersion{Kind: Kind, Key: l.No, Body: body, Actor: actor, Source: source, RecordedAt: now.UTC()})
}
