// Package manifests takes carriers' manifest rows one submission at a
// time, as a port's or carrier's system sends them when containers are
// loaded: each read like a row of manifests.csv, stored with the version
// it replaces, audited, and the declarations on its bill of lading or
// containers judged again — a verified gross mass that arrives after the
// declaration is what finds the under-declared or the hidden.
package manifests

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/versions"
)

// Kind names manifest rows among record versions.
const Kind = core.VersionManifest

// MaxRows bounds one submission.
const MaxRows = 10000

// Parse reads manifest rows sent as JSON: {"manifests": [{…}, …]} or a
// bare array, each object with the columns of manifests.csv (English,
// 简体 or 繁體 names; strings or numbers). Every problem is reported at
// its JSON pointer (*lodge.Invalid).
func Parse(body []byte) ([]*core.Manifest, error) {
	b, err := lodge.ParseRows("manifests", "manifests", body, MaxRows)
	if err != nil {
		return nil, err
	}
	return b.Manifests, nil
}

// Rechecker judges again the declarations on bills of lading and
// containers once their manifest rows changed (package live).
type Rechecker interface {
	Recheck(ms []*core.Manifest) map[string][]core.Finding
}

// Outcome is what a submission did.
type Outcome struct {
	versions.Tally
	// Rechecked are the lodged declarations on these bills and
	// containers whose answer gained findings, with their new channel.
	Rechecked []Recheck `json:"rechecked"`
	// Judged says whether the declarations were judged again at all: not
	// without live detectors (serve --live-refresh 0).
	Judged bool `json:"judged"`
}

// Recheck is one declaration judged again.
type Recheck struct {
	DeclarationNo string   `json:"declaration_no"`
	Added         []string `json:"added"`
	Channel       string   `json:"channel"`
}

// Options say who submits and how.
type Options struct {
	Actor  audit.Actor
	Source string
	Now    time.Time
}

// Submit stores the rows in one audited transaction, keeping the version
// each amended row replaced (the first time, also the state it had before
// any change here: imported), then judges again the declarations on their
// bills and containers and adds what the rows show to lodged ones
// (lodge.Rejudge).
func Submit(ctx context.Context, s core.Store, rc Rechecker, ms []*core.Manifest, o Options) (*Outcome, error) {
	out := &Outcome{Rechecked: []Recheck{}}
	err := audit.Change(ctx, s, o.Actor, "manifests.submit", fmt.Sprintf("%d rows", len(ms)), nil, nil, o.Source, func(r core.Repos) error {
		for _, m := range ms {
			onBill, err := r.Manifests().ByBill(ctx, m.BillOfLading)
			if err != nil {
				return err
			}
			var prev *core.Manifest
			for _, b := range onBill {
				if strings.EqualFold(b.ContainerNo, m.ContainerNo) {
					prev = b
				}
			}
			changed, err := r.Manifests().Upsert(ctx, m)
			if err != nil {
				return err
			}
			if err := versions.Count(ctx, r, &out.Tally, Kind, m.BillOfLading+"/"+m.ContainerNo, prev, m, changed, o.Actor.Name, o.Source, o.Now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rc == nil || out.Stored+out.Amended == 0 {
		out.Judged = rc != nil
		return out, nil
	}
	out.Judged = true
	found := rc.Recheck(ms)
	nos := make([]string, 0, len(found))
	for no := range found {
		nos = append(nos, no)
	}
	sort.Strings(nos)
	for _, no := range nos {
		before := codesOf(ctx, s, no)
		added, err := lodge.Rejudge(ctx, s, o.Actor, no, found[no], fmt.Sprintf("manifest rows for its shipment (%s)", o.Source))
		if err != nil {
			return nil, fmt.Errorf("judge %s again: %w", no, err)
		}
		if !added {
			continue
		}
		l, err := s.Lodgements().Get(ctx, no)
		if err != nil {
			return nil, err
		}
		out.Rechecked = append(out.Rechecked, Recheck{DeclarationNo: no, Added: newCodes(before, codesOf(ctx, s, no)), Channel: l.Channel})
	}
	return out, nil
}

// codesOf are the codes of a lodged declaration's stored answer.
func codesOf(ctx context.Context, s core.Store, no string) []string {
	l, err := s.Lodgements().Get(ctx, no)
	if err != nil {
		return nil
	}
	var a lodge.Lodged
	if json.Unmarshal(l.Answer, &a) != nil {
		return nil
	}
	var cs []string
	for _, f := range a.Findings {
		if !slices.Contains(cs, f.Code) {
			cs = append(cs, f.Code)
		}
	}
	return cs
}

func newCodes(before, after []string) []string {
	var out []string
	for _, c := range after {
		if !slices.Contains(before, c) {
			out = append(out, c)
		}
	}
	return out
}
