package lodge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/screen"
)

// errNothing ends a re-judging transaction that found nothing to add.
var errNothing = errors.New("nothing to add")

// Rejudge adds to a lodged declaration's stored answer the detectors'
// findings that a judgement over the whole store made and its lodging
// could not (the first parcels of a series are seen to be one when the
// later ones come): a new version with the same body and the reason,
// channel and score graded again, alerts raised for the new codes.
// Findings the answer has (by code and item) stay as they were and none
// is taken away: what the lodging was told stays on the record. It
// reports whether anything was added; a declaration imported rather than
// lodged, or an answer stored before findings kept their weights, is
// left to the analyses.
func Rejudge(ctx context.Context, s core.Store, who audit.Actor, no string, fs []core.Finding, because string) (bool, error) {
	err := audit.Change(ctx, s, who, "declarations.rejudge", no, nil, nil, because, func(r core.Repos) error {
		l, err := r.Lodgements().Get(ctx, no)
		if core.ErrorCode(err) == core.ENOTFOUND {
			return errNothing
		}
		if err != nil {
			return err
		}
		var before Lodged
		if err := json.Unmarshal(l.Answer, &before); err != nil {
			return fmt.Errorf("stored answer of %s: %w", no, err)
		}
		have := map[string]bool{}
		var all []core.Finding
		for _, f := range before.Findings {
			if f.Channel == "" {
				return errNothing // no weights kept: cannot be graded again
			}
			have[fmt.Sprintf("%s|%d", f.Code, f.ItemNo)] = true
			all = append(all, f.core())
		}
		var added []core.Finding
		for _, f := range fs {
			if k := fmt.Sprintf("%s|%d", f.Code, f.ItemNo); !have[k] {
				have[k] = true
				added = append(added, f)
			}
		}
		if len(added) == 0 {
			return errNothing
		}
		all = append(all, added...)
		sort.SliceStable(all, func(a, b int) bool { return all[a].ItemNo < all[b].ItemNo })
		out := before
		out.Channel, out.Score = screen.Grade(all)
		out.Version, out.Amended, out.Replayed, out.Rescreened = l.Version+1, false, false, because
		out.Findings = make([]Finding, len(all))
		for i, f := range all {
			out.Findings[i] = findingOf(f)
		}
		answer, err := json.Marshal(out)
		if err != nil {
			return err
		}
		vs, err := r.Lodgements().Versions(ctx, no)
		if err != nil || len(vs) == 0 {
			return fmt.Errorf("versions of %s: %w", no, err)
		}
		body := vs[len(vs)-1].Body
		var items []*core.DeclarationItem
		if err := json.Unmarshal(body, &items); err != nil || len(items) == 0 {
			return fmt.Errorf("stored body of %s: %v", no, err)
		}
		in := screen.Input{Ledger: map[core.USCC]*screen.LedgerEntry{}}
		if e, err := r.Enterprises().Get(ctx, items[0].ExporterUSCC); err == nil {
			in.Ledger[e.USCC] = &screen.LedgerEntry{Enterprise: e}
		}
		res := screen.Result{DeclarationNo: no, DeclaredAt: items[0].DeclaredAt, ExporterUSCC: items[0].ExporterUSCC}
		if err := raiseAlerts(ctx, r, in, res, added); err != nil {
			return err
		}
		now := time.Now().UTC()
		return r.Lodgements().Save(ctx,
			&core.Lodgement{DeclarationNo: no, Version: out.Version, BodyHash: l.BodyHash, Channel: out.Channel, Score: out.Score, Answer: answer,
				ExporterUSCC: l.ExporterUSCC, LodgedBy: l.LodgedBy, FirstLodgedAt: l.FirstLodgedAt, UpdatedAt: now},
			&core.LodgementVersion{DeclarationNo: no, Version: out.Version, BodyHash: l.BodyHash, Body: body, Answer: answer, LodgedBy: who.Name, LodgedAt: now})
	})
	if errors.Is(err, errNothing) {
		return false, nil
	}
	return err == nil, err
}
