// Package ledger is the enterprise ledger (台账) as its officers use it:
// adding enterprises with validated codes, dated status changes, "was it in
// the ledger on that day", and per-province coverage that shows the survey's
// own holes.
package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// Entry is an enterprise with its dated history.
type Entry struct {
	Enterprise *core.Enterprise    `json:"enterprise"`
	History    []core.StatusChange `json:"history"`
	// StatusOn is the status on the day asked for ("" when not yet in the
	// ledger that day).
	StatusOn core.LedgerStatus `json:"status_on,omitempty"`
	Day      string            `json:"day,omitempty"`
}

// NewEnterprise validates the fields of an enterprise given as text, the
// way officers type them (province by name or code, segments and groups in
// Chinese or English).
func NewEnterprise(uscc, name, province string, segments, minerals []string, registeredOn, address string, compliance bool) (*core.Enterprise, error) {
	u, err := core.ParseUSCC(uscc)
	if err != nil {
		return nil, core.FieldErrorf("uscc", "%v", err)
	}
	if strings.TrimSpace(name) == "" {
		return nil, core.FieldErrorf("name", "the enterprise name is required")
	}
	loc, err := geo.MustDefault().Locate(province)
	if err != nil {
		return nil, core.FieldErrorf("province", "%v", err)
	}
	e := &core.Enterprise{USCC: u, Name: strings.TrimSpace(name), Province: loc.Province.Code, City: loc.Code,
		Address: address, ComplianceProgram: compliance, Status: core.StatusActive}
	if len(segments) == 0 {
		return nil, core.FieldErrorf("segments", "at least one segment is required (%s)", segmentList())
	}
	for _, s := range segments {
		seg, ok := ParseSegment(s)
		if !ok {
			return nil, core.FieldErrorf("segments", "unknown segment %q (%s)", s, segmentList())
		}
		e.Segments = append(e.Segments, seg)
	}
	for _, m := range minerals {
		g, ok := ParseGroup(m)
		if !ok {
			return nil, core.FieldErrorf("minerals", "unknown mineral group %q", m)
		}
		e.Minerals = append(e.Minerals, g)
	}
	if registeredOn != "" {
		d, err := core.ParseDate(registeredOn)
		if err != nil {
			return nil, core.FieldErrorf("registered_on", "%v", err)
		}
		e.RegisteredOn = d
	}
	return e, nil
}

var segmentZh = map[string]core.Segment{"开采": core.SegMining, "采矿": core.SegMining, "冶炼": core.SegSmelting, "加工": core.SegProcessing,
	"运输": core.SegTransport, "制造": core.SegManufacturing, "贸易": core.SegTrading, "销售": core.SegTrading, "出口": core.SegExport}

// ParseSegment reads a segment in English or Chinese (简/繁).
func ParseSegment(s string) (core.Segment, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	for _, seg := range core.Segments {
		if string(seg) == s {
			return seg, true
		}
	}
	for zh, seg := range segmentZh {
		if foldZh(s) == zh {
			return seg, true
		}
	}
	return "", false
}

// ParseGroup reads a mineral group by id or Chinese name.
func ParseGroup(s string) (string, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	for _, g := range catalog.Groups {
		if g.ID == s || foldZh(s) == g.NameZh || strings.EqualFold(s, g.NameEn) {
			return g.ID, true
		}
	}
	return "", false
}

func segmentList() string {
	var out []string
	for _, s := range core.Segments {
		out = append(out, string(s))
	}
	return strings.Join(out, ", ")
}

// Add puts an enterprise in the ledger with its first status, dated from
// its registration (or the given day), in one transaction.
func Add(ctx context.Context, s core.Store, e *core.Enterprise, day core.Date, who audit.Actor) error {
	if !e.RegisteredOn.IsZero() {
		day = e.RegisteredOn
	} else {
		e.RegisteredOn = day
	}
	return s.WithTx(ctx, func(r core.Repos) error {
		if _, err := r.Enterprises().Get(ctx, e.USCC); err == nil {
			return core.Errorf(core.ECONFLICT, "enterprise %s is already in the ledger (use set-status to change it)", e.USCC)
		}
		if _, err := r.Enterprises().Upsert(ctx, e); err != nil {
			return err
		}
		if _, err := r.Enterprises().AddStatus(ctx, core.StatusChange{USCC: e.USCC, Status: e.Status, EffectiveOn: day, Reason: "added to the ledger"}); err != nil {
			return err
		}
		return audit.Record(ctx, r, who, "ledger.add", string(e.USCC), nil, e, "")
	})
}

// SetStatus records a dated status change and, when it is the latest,
// the enterprise's current status.
func SetStatus(ctx context.Context, s core.Store, u core.USCC, status core.LedgerStatus, day core.Date, reason string, who audit.Actor) error {
	if !status.Valid() {
		return core.FieldErrorf("status", "unknown ledger status %q (active, suspended, closed)", status)
	}
	return s.WithTx(ctx, func(r core.Repos) error {
		e, err := r.Enterprises().Get(ctx, u)
		if err != nil {
			return err
		}
		if _, err := r.Enterprises().AddStatus(ctx, core.StatusChange{USCC: u, Status: status, EffectiveOn: day, Reason: reason}); err != nil {
			return err
		}
		h, err := r.Enterprises().History(ctx, u)
		if err != nil {
			return err
		}
		before := *e
		latest := core.StatusOn(h, core.NewDate(9999, 12, 31))
		if latest != e.Status {
			e.Status = latest
			if _, err = r.Enterprises().Upsert(ctx, e); err != nil {
				return err
			}
		}
		return audit.Record(ctx, r, who, "ledger.set-status", string(u), &before, e, fmt.Sprintf("%s from %s: %s", status, day, reason))
	})
}

// Show returns an enterprise, its history and its status on day.
func Show(ctx context.Context, s core.Store, u core.USCC, day core.Date) (*Entry, error) {
	e, err := s.Enterprises().Get(ctx, u)
	if err != nil {
		return nil, err
	}
	h, err := s.Enterprises().History(ctx, u)
	if err != nil {
		return nil, err
	}
	if h == nil {
		h = []core.StatusChange{}
	}
	return &Entry{Enterprise: e, History: h, StatusOn: core.StatusOn(h, day), Day: day.String()}, nil
}

// Coverage is one province's survey: how many enterprises per segment and
// mineral group, and which report no chain-of-custody events (the holes).
type Coverage struct {
	Province     string         `json:"province"`
	ProvinceName string         `json:"province_name"`
	Enterprises  int            `json:"enterprises"`
	ByStatus     map[string]int `json:"by_status"`
	BySegment    map[string]int `json:"by_segment"`
	ByMineral    map[string]int `json:"by_mineral"`
	// ByPrefecture counts the enterprises whose ledger entry names a city
	// or county, by prefecture ("431300 娄底市"), so a survey that covered
	// one city of a province shows it.
	ByPrefecture map[string]int `json:"by_prefecture,omitempty"`
	// Silent lists enterprises that have reported no chain-of-custody
	// events: the survey's holes.
	Silent []core.USCC `json:"silent,omitempty"`
}

// ProvinceCoverage counts the ledger by province. reporting, when not nil,
// says which enterprises reported events; the others are listed as silent.
func ProvinceCoverage(ctx context.Context, s core.Store, province string, reporting map[core.USCC]bool) ([]Coverage, error) {
	byProv := map[string]*Coverage{}
	for off := 0; ; off += 10000 {
		es, total, err := s.Enterprises().List(ctx, core.EnterpriseFilter{Province: province, Offset: off, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			c, ok := byProv[e.Province]
			if !ok {
				c = &Coverage{Province: e.Province, ByStatus: map[string]int{}, BySegment: map[string]int{}, ByMineral: map[string]int{},
					ByPrefecture: map[string]int{}}
				if p, err := geo.MustDefault().Province(e.Province); err == nil {
					c.ProvinceName = p.NameZh + " " + p.NameEn
				}
				byProv[e.Province] = c
			}
			c.Enterprises++
			c.ByStatus[string(e.Status)]++
			if len(e.City) == 6 {
				key := e.City[:4] + "00"
				if v, ok := geo.MustDefault().Division(key); ok {
					key += " " + v.NameZh
				}
				c.ByPrefecture[key]++
			}
			for _, sg := range e.Segments {
				c.BySegment[string(sg)]++
			}
			for _, m := range e.Minerals {
				c.ByMineral[m]++
			}
			if reporting != nil && !reporting[e.USCC] {
				c.Silent = append(c.Silent, e.USCC)
			}
		}
		if off+len(es) >= total || len(es) == 0 {
			break
		}
	}
	out := make([]Coverage, 0, len(byProv))
	for _, c := range byProv {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Province < out[j].Province })
	return out, nil
}

// ParseProvince resolves a province code or name to its code.
func ParseProvince(s string) (string, error) {
	p, err := geo.MustDefault().Province(s)
	if err != nil {
		return "", core.FieldErrorf("province", "%v", err)
	}
	return p.Code, nil
}

// Reporting returns the enterprises that have reported events, from the
// event store's sites (urn:orewatch:site:<uscc>[:suffix]).
func Reporting(ctx context.Context, s core.Store) (map[core.USCC]bool, error) {
	locs, err := s.Events().Locations(ctx)
	if err != nil {
		return nil, err
	}
	out := map[core.USCC]bool{}
	for _, l := range locs {
		if rest, ok := strings.CutPrefix(l, "urn:orewatch:site:"); ok {
			u, _, _ := strings.Cut(rest, ":")
			out[core.USCC(u)] = true
		}
	}
	return out, nil
}

// InProvince lists the USCCs of a province's ledger enterprises: what a
// province officer's views of chains and flows are limited to.
func InProvince(ctx context.Context, s core.Store, province string) (map[core.USCC]bool, error) {
	out := map[core.USCC]bool{}
	for off := 0; ; off += 10000 {
		es, total, err := s.Enterprises().List(ctx, core.EnterpriseFilter{Province: province, Offset: off, Limit: 10000})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.USCC] = true
		}
		if off+len(es) >= total || len(es) == 0 {
			return out, nil
		}
	}
}
