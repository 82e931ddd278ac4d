package lodge

import (
	"context"
	"fmt"
	"slices"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// maxRescreen bounds the lodged declarations one request judges again.
const maxRescreen = 10000

// Rescreened says what judging lodged declarations again changed.
type Rescreened struct {
	Considered int       `json:"considered"`
	Changed    []*Lodged `json:"changed"`
}

// RescreenCodes judges again, with the catalogue in d, the lodged
// declarations declared in [from, to] with an item under one of codes:
// what a catalogue pack changed. Declarations drawing on a licence are
// judged with every other on that licence, in declared order, so that the
// draws are counted again; the others one by one. Each changed answer is
// a new version with the reason; an unchanged one keeps its version.
func RescreenCodes(ctx context.Context, d Deps, who audit.Actor, codes []string, from, to core.Date, because string) (*Rescreened, error) {
	out := &Rescreened{Changed: []*Lodged{}}
	seen := map[string]bool{}
	var nos []string
	licences := map[string]bool{}
	for _, hs := range codes {
		f := core.LodgementFilter{HSPrefix: hs, From: from, To: to, Limit: 500}
		for {
			page, next, err := d.Store.Lodgements().List(ctx, f)
			if err != nil {
				return nil, fmt.Errorf("lodged declarations under %s: %w", hs, err)
			}
			for _, l := range page {
				if seen[l.DeclarationNo] {
					continue
				}
				seen[l.DeclarationNo] = true
				if len(seen) > maxRescreen {
					return nil, core.Errorf(core.EINVALID, "more than %d lodged declarations concern these codes: give a shorter period", maxRescreen)
				}
				nos = append(nos, l.DeclarationNo)
			}
			if next == "" {
				break
			}
			f.After = next
		}
	}
	out.Considered = len(nos)
	slices.Sort(nos)
	var alone []string
	for _, no := range nos {
		its, _, err := latestBody(ctx, d.Store, no)
		if err != nil {
			return nil, err
		}
		drawn := false
		for _, it := range its {
			if it.LicenceNo != "" {
				licences[it.LicenceNo], drawn = true, true
			}
		}
		if !drawn {
			alone = append(alone, no)
		}
	}
	lics := make([]string, 0, len(licences))
	for no := range licences {
		lics = append(lics, no)
	}
	slices.Sort(lics) // locks taken in one order
	err := audit.Change(ctx, d.Store, who, "declarations.rescreen", "catalogue", nil, nil, because, func(r core.Repos) error {
		for _, lic := range lics {
			ch, err := RescreenLicence(ctx, d, r, who, lic, because)
			if err != nil {
				return err
			}
			out.Changed = append(out.Changed, ch...)
		}
		if len(alone) == 0 {
			return nil
		}
		ref, err := readReference(ctx, r)
		if err != nil {
			return err
		}
		for _, no := range alone {
			l, err := r.Lodgements().Get(ctx, no)
			if err != nil {
				return err
			}
			res, saved, err := rejudge(ctx, d, r, who, l, because, ref)
			if err != nil {
				return err
			}
			if saved {
				out.Changed = append(out.Changed, res)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
