package lodge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/screen"
)

// Lodged is what lodging a declaration answers: the pre-check's answer
// for the version now stored, with its version, whether it repeats one
// already lodged, and what its items drew on their licences.
type Lodged struct {
	Answer
	Version int `json:"version"`
	// Replayed: the same declaration was lodged before; this is the
	// answer it got then, and nothing was stored again.
	Replayed bool `json:"replayed"`
	// Amended: an earlier version was replaced by this one, re-screened
	// and its drawdown corrected.
	Amended bool `json:"amended"`
	// Rescreened says why this version, with the body of the one before,
	// was screened again: a licence it draws on changed.
	Rescreened string         `json:"rescreened,omitempty"`
	Drawdown   []DrawdownLine `json:"drawdown"`
}

// DrawdownLine is one item's draw on its licence.
type DrawdownLine struct {
	ItemNo     int     `json:"item_no"`
	LicenceNo  string  `json:"licence_no"`
	Kg         float64 `json:"kg"`          // what this item drew (0 when refused)
	Accepted   bool    `json:"accepted"`    // the licence covered the item and had the quantity left
	LicensedKg float64 `json:"licensed_kg"` // the licence's quantity
	DrawnKg    float64 `json:"drawn_kg"`    // drawn on the licence once this declaration is counted
}

// errReplay ends a lodging transaction that found the same body stored:
// nothing to write, nothing to audit.
var errReplay = errors.New("lodged before")

// Lodge validates, stores and screens one declaration in one transaction:
// its items replace any earlier version's, each item draws on its licence
// only while the licence covers it and has quantity left (counted under a
// lock on the licence, so that concurrent lodgings never overdraw it), and
// findings raise alerts. The same body lodged again gets the same answer
// and stores nothing; a changed body is an amendment, kept with the
// versions before it.
func Lodge(ctx context.Context, d Deps, who audit.Actor, body []byte) (*Lodged, error) {
	items, err := Parse(body)
	if err != nil {
		return nil, err
	}
	return LodgeItems(ctx, d, who, items)
}

// LodgeItems lodges a declaration already read by Parse.
func LodgeItems(ctx context.Context, d Deps, who audit.Actor, items []*core.DeclarationItem) (*Lodged, error) {
	no := items[0].DeclarationNo
	hash, canon, err := canonical(items)
	if err != nil {
		return nil, err
	}
	if l, err := d.Store.Lodgements().Get(ctx, no); err == nil && l.BodyHash == hash {
		return replay(l)
	}
	ref, err := readReference(ctx, d.Store)
	if err != nil {
		return nil, err
	}
	// The detectors judge from their own state, not the transaction's:
	// outside it, so that the embedded store's one writer is not held
	// while they run.
	j := judge(d, items)
	var out *Lodged
	err = audit.Change(ctx, d.Store, who, "declarations.lodge", no, nil, nil, "", func(r core.Repos) error {
		prev, err := r.Lodgements().Get(ctx, no)
		switch {
		case err == nil && prev.BodyHash == hash:
			if out, err = replay(prev); err != nil {
				return err
			}
			return errReplay
		case err != nil && core.ErrorCode(err) != core.ENOTFOUND:
			return err
		}
		if prev != nil && prev.ExporterUSCC != items[0].ExporterUSCC {
			return core.FieldErrorf("exporter_uscc", "declaration %s was lodged by exporter %s; an amendment cannot change the exporter", no, prev.ExporterUSCC)
		}
		var err2 error
		out, _, err2 = screenAndStore(ctx, d, r, who, items, prev, hash, canon, "", nil, ref, j)
		return err2
	})
	if errors.Is(err, errReplay) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if d.Detectors != nil {
		d.Detectors.Stored(items)
	}
	return out, nil
}

// judgement is what the live detectors found on a declaration.
type judgement struct {
	findings    []core.Finding
	partyAlerts []*core.Alert
}

func judge(d Deps, items []*core.DeclarationItem) judgement {
	if d.Detectors == nil {
		return judgement{}
	}
	fs, as := d.Detectors.Judge(items)
	return judgement{fs, as}
}

// screenAndStore screens items in the caller's transaction, draws on
// their licences and stores them as the declaration's next version (prev
// is the stored one, or nil). because says why a version with an
// unchanged body was screened again ("" for a lodging); then, when the
// judgement is the same as before's, no version is added (saved false).
// j is the detectors' judgement of the items.
func screenAndStore(ctx context.Context, d Deps, r core.Repos, who audit.Actor, items []*core.DeclarationItem, prev *core.Lodgement, hash string, canon []byte, because string, before *Lodged, ref *reference, j judgement) (out *Lodged, saved bool, err error) {
	no := items[0].DeclarationNo
	// Licences in a fixed order: two declarations drawing on the same
	// two licences lock them alike and cannot deadlock.
	var lics []string
	for _, it := range items {
		if it.LicenceNo != "" && !slices.Contains(lics, it.LicenceNo) {
			lics = append(lics, it.LicenceNo)
		}
	}
	slices.Sort(lics)
	for _, l := range lics {
		if err := r.Lodgements().LockLicence(ctx, l); err != nil {
			return nil, false, err
		}
	}
	in, _, err := inputs(ctx, d, r, items, false, ref)
	if err != nil {
		return nil, false, err
	}
	res := screen.New(in).Run(items)
	if len(res) != 1 {
		return nil, false, fmt.Errorf("lodge %s: screened as %d declarations", no, len(res))
	}
	partyAlerts := j.partyAlerts
	if len(j.findings) > 0 {
		res[0].Findings = append(res[0].Findings, j.findings...)
		sort.SliceStable(res[0].Findings, func(a, b int) bool { return res[0].Findings[a].ItemNo < res[0].Findings[b].ItemNo })
	}
	findings, lines, draws, err := drawdown(ctx, r, in.Licences, items, res[0])
	if err != nil {
		return nil, false, err
	}
	channel, score := screen.Grade(findings)
	now := time.Now().UTC()
	version := 1
	first := now
	if prev != nil {
		version, first = prev.Version+1, prev.FirstLodgedAt
	}
	out = &Lodged{Answer: Answer{DeclarationNo: no, Channel: channel, Score: score, Findings: []Finding{}, AsOf: items[0].DeclaredAt.String(),
		Catalogue: catalogueVersion(d.Catalog)}, Version: version, Amended: prev != nil && because == "", Rescreened: because, Drawdown: lines}
	for _, f := range findings {
		out.Findings = append(out.Findings, findingOf(f))
	}
	answer, err := json.Marshal(out)
	if err != nil {
		return nil, false, err
	}
	for _, it := range items {
		if _, err := r.Declarations().Upsert(ctx, it); err != nil {
			return nil, false, err
		}
	}
	if err := r.Declarations().DeleteFrom(ctx, no, len(items)+1); err != nil {
		return nil, false, err
	}
	if err := r.Lodgements().SetDrawdowns(ctx, no, draws); err != nil {
		return nil, false, err
	}
	if err := raiseAlerts(ctx, r, in, res[0], findings); err != nil {
		return nil, false, err
	}
	for _, a := range partyAlerts {
		if _, err := r.Alerts().Raise(ctx, a); err != nil {
			return nil, false, err
		}
	}
	if before != nil && sameJudgement(before, out) {
		return out, false, nil
	}
	by := who.Name
	err = r.Lodgements().Save(ctx,
		&core.Lodgement{DeclarationNo: no, Version: version, BodyHash: hash, Channel: channel, Score: score, Answer: answer,
			ExporterUSCC: items[0].ExporterUSCC, LodgedBy: by, FirstLodgedAt: first, UpdatedAt: now},
		&core.LodgementVersion{DeclarationNo: no, Version: version, BodyHash: hash, Body: canon, Answer: answer, LodgedBy: by, LodgedAt: now})
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// RescreenLicence screens again, in the caller's transaction, every
// lodged declaration with an item on the licence, because it changed
// (amended, suspended, revoked, reinstated): their draws are cleared and
// counted again in the order the declarations were made, so that the
// earliest keep what the licence still allows. A declaration whose answer
// changes gets a new version with the same body and the reason; one whose
// answer stays the same keeps its version. It returns the declarations
// whose answer changed.
func RescreenLicence(ctx context.Context, d Deps, r core.Repos, who audit.Actor, licenceNo, because string) ([]*Lodged, error) {
	items, _, err := r.Declarations().List(ctx, core.DeclarationFilter{LicenceNo: licenceNo, Limit: 1 << 20})
	if err != nil {
		return nil, fmt.Errorf("declarations on licence %s: %w", licenceNo, err)
	}
	var lodged []*core.Lodgement
	seen := map[string]bool{}
	for _, it := range items { // in declared order
		if seen[it.DeclarationNo] {
			continue
		}
		seen[it.DeclarationNo] = true
		l, err := r.Lodgements().Get(ctx, it.DeclarationNo)
		if core.ErrorCode(err) == core.ENOTFOUND {
			continue // imported in a bundle: the next analysis judges it
		}
		if err != nil {
			return nil, err
		}
		lodged = append(lodged, l)
	}
	if err := r.Lodgements().LockLicence(ctx, licenceNo); err != nil {
		return nil, err
	}
	for _, l := range lodged {
		if err := r.Lodgements().SetDrawdowns(ctx, l.DeclarationNo, nil); err != nil {
			return nil, err
		}
	}
	ref, err := readReference(ctx, r) // once for them all
	if err != nil {
		return nil, err
	}
	var changed []*Lodged
	for _, l := range lodged {
		out, saved, err := rejudge(ctx, d, r, who, l, because, ref)
		if err != nil {
			return nil, err
		}
		if saved {
			changed = append(changed, out)
		}
	}
	return changed, nil
}

// rejudge screens a lodged declaration's newest body again; saved says
// its answer changed and was kept as a new version.
func rejudge(ctx context.Context, d Deps, r core.Repos, who audit.Actor, l *core.Lodgement, because string, ref *reference) (*Lodged, bool, error) {
	its, body, err := latestBody(ctx, r, l.DeclarationNo)
	if err != nil {
		return nil, false, err
	}
	var before Lodged
	if err := json.Unmarshal(l.Answer, &before); err != nil {
		return nil, false, fmt.Errorf("stored answer of %s: %w", l.DeclarationNo, err)
	}
	return screenAndStore(ctx, d, r, who, its, l, l.BodyHash, body, because, &before, ref, judge(d, its))
}

// latestBody is the items of a lodged declaration's newest version, and
// that version's body as stored.
func latestBody(ctx context.Context, r core.Repos, no string) ([]*core.DeclarationItem, []byte, error) {
	vs, err := r.Lodgements().Versions(ctx, no)
	if err != nil || len(vs) == 0 {
		return nil, nil, fmt.Errorf("versions of %s: %v", no, err)
	}
	body := vs[len(vs)-1].Body
	var its []*core.DeclarationItem
	if err := json.Unmarshal(body, &its); err != nil || len(its) == 0 {
		return nil, nil, fmt.Errorf("stored body of %s: %v", no, err)
	}
	return its, body, nil
}

// sameJudgement: the same channel, findings and draws. What a licence
// allows and what others drew are the context of a draw, not a judgement
// of this declaration.
func sameJudgement(a, b *Lodged) bool {
	if a.Channel != b.Channel || a.Score != b.Score || len(a.Findings) != len(b.Findings) || len(a.Drawdown) != len(b.Drawdown) {
		return false
	}
	for i := range a.Findings {
		if a.Findings[i].Code != b.Findings[i].Code || a.Findings[i].ItemNo != b.Findings[i].ItemNo || a.Findings[i].Message != b.Findings[i].Message {
			return false
		}
	}
	for i := range a.Drawdown {
		x, y := a.Drawdown[i], b.Drawdown[i]
		if x.Accepted != y.Accepted || x.Kg != y.Kg || x.LicenceNo != y.LicenceNo {
			return false
		}
	}
	return true
}

// canonical is the declaration as it was read, which two bodies with the
// same content (keys in another order, numbers as strings) share.
func canonical(items []*core.DeclarationItem) (hash string, body []byte, err error) {
	body, err = json.Marshal(items)
	if err != nil {
		return "", nil, fmt.Errorf("encode declaration: %w", err)
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:]), body, nil
}

func replay(l *core.Lodgement) (*Lodged, error) {
	var out Lodged
	if err := json.Unmarshal(l.Answer, &out); err != nil {
		return nil, fmt.Errorf("stored answer of %s: %w", l.DeclarationNo, err)
	}
	out.Replayed = true
	return &out, nil
}

// drawdown counts each item against its licence in item order, with what
// other declarations drew before: an item the licence covers draws while
// quantity is left; one that would go over is refused and flagged. The
// screening's own exceeded findings are replaced: it counts this
// declaration alone. A single-use licence another declaration drew on is
// used up.
func drawdown(ctx context.Context, r core.Repos, lics map[string]*core.Licence, items []*core.DeclarationItem, res screen.Result) ([]core.Finding, []DrawdownLine, []core.Drawdown, error) {
	fs := slices.DeleteFunc(slices.Clone(res.Findings), func(f core.Finding) bool { return f.Code == screen.LicenceExceeded })
	blocked := map[int]bool{}
	for _, f := range fs {
		switch f.Code {
		case screen.LicenceMissing, screen.LicenceInvalid, screen.LicenceMismatch:
			blocked[f.ItemNo] = true
		}
	}
	drawn := map[string]float64{}
	lines := []DrawdownLine{}
	var draws []core.Drawdown
	for _, it := range items {
		lic := lics[it.LicenceNo]
		if it.LicenceNo == "" || lic == nil || lic.ExporterUSCC != it.ExporterUSCC || slices.Contains(res.Undrawn, it.ItemNo) {
			continue
		}
		limitDec, err := core.ToKg(lic.Quantity, lic.Unit)
		if err != nil {
			continue
		}
		limit := limitDec.Float()
		if _, ok := drawn[lic.No]; !ok {
			before, err := r.Lodgements().Drawn(ctx, lic.No, it.DeclarationNo)
			if err != nil {
				return nil, nil, nil, err
			}
			drawn[lic.No] = before
			if lic.Uses == core.UsesSingle && before > 0 {
				others, err := r.Lodgements().Drawdowns(ctx, lic.No)
				if err != nil {
					return nil, nil, nil, err
				}
				for _, o := range others {
					if o.DeclarationNo != it.DeclarationNo {
						fs = append(fs, core.Finding{Code: screen.LicenceInvalid, Severity: core.SeverityHigh, Channel: core.ChannelRed, ItemNo: it.ItemNo,
							Message:   fmt.Sprintf("single-use licence %s was already used by declaration %s", lic.No, o.DeclarationNo),
							MessageZh: fmt.Sprintf("一批一证许可证%s已在报关单%s使用", lic.No, o.DeclarationNo),
							Evidence:  map[string]any{"licence_no": lic.No, "first_used_by": o.DeclarationNo}})
						blocked[it.ItemNo] = true
						break
					}
				}
			}
		}
		kg := itemKg(it)
		line := DrawdownLine{ItemNo: it.ItemNo, LicenceNo: lic.No, LicensedKg: limit}
		switch {
		case blocked[it.ItemNo]:
		case drawn[lic.No]+kg > limit+1e-6:
			fs = append(fs, core.Finding{Code: screen.LicenceExceeded, Severity: core.SeverityHigh, Channel: core.ChannelRed, ItemNo: it.ItemNo,
				Message: fmt.Sprintf("licence %s has %.1f kg left of %.1f kg; this item needs %.1f kg and draws nothing",
					lic.No, max(0, limit-drawn[lic.No]), limit, kg),
				MessageZh: fmt.Sprintf("许可证%s剩余%.1f千克（许可数量%.1f千克），本项需%.1f千克，未予核销", lic.No, max(0, limit-drawn[lic.No]), limit, kg),
				Evidence:  map[string]any{"licence_no": lic.No, "licensed_kg": limit, "drawn_before_kg": drawn[lic.No], "this_item_kg": kg}})
		default:
			drawn[lic.No] += kg
			line.Kg, line.Accepted = kg, true
			draws = append(draws, core.Drawdown{LicenceNo: lic.No, DeclarationNo: it.DeclarationNo, ItemNo: it.ItemNo, Kg: kg})
		}
		lines = append(lines, line)
	}
	for i := range lines {
		lines[i].DrawnKg = drawn[lines[i].LicenceNo]
	}
	slices.SortStableFunc(fs, func(a, b core.Finding) int { return a.ItemNo - b.ItemNo })
	return fs, lines, draws, nil
}

func itemKg(d *core.DeclarationItem) float64 {
	if kg, err := core.ToKg(d.Quantity, d.Unit); err == nil {
		return kg.Float()
	}
	return d.NetWeightKg.Float()
}

// raiseAlerts raises one alert per code found on the declaration, as an
// analysis does; an amendment that no longer has a finding leaves the
// earlier alert to the officers working it.
func raiseAlerts(ctx context.Context, r core.Repos, in screen.Input, res screen.Result, fs []core.Finding) error {
	byCode := map[string][]core.Finding{}
	var codes []string
	for _, f := range fs {
		if _, ok := byCode[f.Code]; !ok {
			codes = append(codes, f.Code)
		}
		byCode[f.Code] = append(byCode[f.Code], f)
	}
	prov := ""
	if le := in.Ledger[res.ExporterUSCC]; le != nil {
		prov = le.Enterprise.Province
	}
	for _, code := range codes {
		cfs := byCode[code]
		_, score := screen.Grade(cfs)
		ev, err := json.Marshal(map[string]any{"declared_at": res.DeclaredAt.String(), "exporter_uscc": res.ExporterUSCC, "findings": cfs, "lodged": true})
		if err != nil {
			return err
		}
		if _, err := r.Alerts().Raise(ctx, &core.Alert{ID: "DEC-" + res.DeclarationNo + "-" + code, SubjectType: "declaration",
			SubjectID: res.DeclarationNo, Code: code, Score: score, Summary: cfs[0].Message, SummaryZh: cfs[0].MessageZh,
			Evidence: string(ev), Province: prov}); err != nil {
			return err
		}
	}
	return nil
}
