// Package packs applies catalogue packs: each is checked against the
// catalogue in force, stored with its audit row in one transaction, and
// put in force on this node at once (on the others at their next
// refresh, which reads the same table).
package packs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
)

// Result says what applying a pack did, or (DryRun) would do.
type Result struct {
	Pack    catalog.PackHeader `json:"pack"`
	SHA256  string             `json:"sha256"`
	Seq     int64              `json:"seq,omitempty"`
	Created bool               `json:"created"`
	DryRun  bool               `json:"dry_run,omitempty"`
	Before  catalog.Version    `json:"before"`
	After   catalog.Version    `json:"after"`
	Changes []catalog.Change   `json:"changes"`
}

// Apply reads a pack from body (name: where it came from, for errors),
// checks it on the stored packs, and unless dryRun stores it, audited, and
// refreshes live. A problem with the pack is EINVALID naming its line; a
// pack whose id is taken by other contents is ECONFLICT. Applying the
// same pack again changes nothing and says so (Created false).
func Apply(ctx context.Context, s core.Store, live *catalog.Live, who audit.Actor, name string, body []byte, dryRun bool, now time.Time) (*Result, error) {
	p, err := catalog.ParsePack(name, body)
	if err != nil {
		return nil, invalid(err)
	}
	stored, err := s.CatalogPacks().List(ctx)
	if err != nil {
		return nil, err
	}
	cur := live.Current()
	res := &Result{Pack: p.Header, SHA256: p.SHA256, DryRun: dryRun, Before: cur.Catalog.Version, Changes: []catalog.Change{}}
	for _, sp := range stored {
		if sp.ID != p.Header.ID {
			continue
		}
		if sp.SHA256 != p.SHA256 {
			return nil, core.Errorf(core.ECONFLICT, "catalogue pack %s was applied on %s with other contents (sha256 %s…): give this one another id",
				sp.ID, sp.AppliedAt.Format(time.DateOnly), sp.SHA256[:12])
		}
		res.Seq, res.After = sp.Seq, cur.Catalog.Version
		return res, nil
	}
	// The catalogue before is the one in force, unless another node
	// applied a pack this one has not read yet.
	before := cur
	if !cur.Holds(stored) {
		if before, err = live.With(stored, nil); err != nil {
			return nil, err
		}
	}
	after, err := live.With(stored, p)
	if err != nil {
		return nil, invalid(err)
	}
	res.Before, res.After = before.Catalog.Version, after.Catalog.Version
	res.Changes = catalog.Diff(before, after)
	if dryRun {
		return res, nil
	}
	row := &core.CatalogPack{ID: p.Header.ID, SHA256: p.SHA256, TitleZh: p.Header.TitleZh, TitleEn: p.Header.TitleEn,
		Published: p.Header.Published, Body: body, AppliedBy: who.Name, AppliedAt: now.UTC()}
	detail := fmt.Sprintf("catalogue %s → %s: %d changes", res.Before.ID, res.After.ID, len(res.Changes))
	err = audit.Change(ctx, s, who, "catalog.pack.apply", "catalog-pack/"+p.Header.ID, res.Before, res.After, detail, func(r core.Repos) error {
		created, err := r.CatalogPacks().Add(ctx, row)
		res.Created = created
		return err
	})
	if err != nil {
		return nil, err
	}
	res.Seq = row.Seq
	if _, err := live.Refresh(ctx, s.CatalogPacks()); err != nil {
		return nil, fmt.Errorf("pack %s is stored but not yet in force here: %w", p.Header.ID, err)
	}
	return res, nil
}

func invalid(err error) error {
	var pe *catalog.PackError
	if errors.As(err, &pe) {
		return core.Errorf(core.EINVALID, "%s", pe.Error())
	}
	return core.Errorf(core.EINVALID, "catalogue pack: %v", err)
}

// RescreenResult is what re-screening after a pack did.
type RescreenResult struct {
	Pack    string   `json:"pack"`
	HSCodes []string `json:"hs_codes"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	*lodge.Rescreened
}

// Rescreen judges again, with the catalogue in force, the lodged
// declarations of [from, to] under the HS codes the applied pack id
// changed answers for.
func Rescreen(ctx context.Context, d lodge.Deps, live *catalog.Live, who audit.Actor, id string, from, to core.Date) (*RescreenResult, error) {
	stored, err := d.Store.CatalogPacks().List(ctx)
	if err != nil {
		return nil, err
	}
	at := slices.IndexFunc(stored, func(p *core.CatalogPack) bool { return p.ID == id })
	if at < 0 {
		return nil, core.Errorf(core.ENOTFOUND, "no catalogue pack %q is applied", id)
	}
	before, err := live.With(stored[:at], nil)
	if err != nil {
		return nil, err
	}
	after, err := live.With(stored[:at+1], nil)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, ch := range catalog.Diff(before, after) {
		codes = append(codes, ch.HSCodes...)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	res := &RescreenResult{Pack: id, HSCodes: codes, From: from.String(), To: to.String()}
	if codes == nil {
		res.HSCodes = []string{}
	}
	res.Rescreened, err = lodge.RescreenCodes(ctx, d, who, codes, from, to, fmt.Sprintf("judged again after catalogue pack %s", id))
	if err != nil {
		return nil, err
	}
	return res, nil
}
