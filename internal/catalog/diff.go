package catalog

import (
	"fmt"
	"slices"
	"strings"

	"orewatch/internal/core"
)

// Change is one difference between two catalogues, said in both languages.
type Change struct {
	Kind    string `json:"kind"` // measure.added, measure.removed, measure.changed, item.added, item.removed, item.changed, rule.changed, rule.removed, listing.added, listing.removed, listing.changed
	Subject string `json:"subject"`
	En      string `json:"en"`
	Zh      string `json:"zh"`
	// HSCodes are the codes whose answers may differ, where the change
	// concerns goods.
	HSCodes []string `json:"hs_codes,omitempty"`
}

// Diff lists what b changes against a: measures, their items, dates and
// suspensions, destination rules, and the listings of the lists.
func Diff(a, b *State) []Change {
	var out []Change
	am, bm := measuresByID(a.Catalog), measuresByID(b.Catalog)
	for _, m := range b.Catalog.Measures {
		old, ok := am[m.ID]
		if !ok {
			out = append(out, Change{Kind: "measure.added", Subject: m.ID, HSCodes: m.hsCodes(),
				En: fmt.Sprintf("new measure %s, effective %s, %d items", m.ID, m.Effective, len(m.Items)),
				Zh: fmt.Sprintf("新增措施 %s，%s起施行，%d个物项", m.ID, m.Effective, len(m.Items))})
			continue
		}
		out = append(out, measureChanges(old, m, b.Catalog)...)
	}
	for _, m := range a.Catalog.Measures {
		if _, ok := bm[m.ID]; !ok {
			out = append(out, Change{Kind: "measure.removed", Subject: m.ID, HSCodes: m.hsCodes(),
				En: fmt.Sprintf("measure %s removed", m.ID), Zh: fmt.Sprintf("删除措施 %s", m.ID)})
		}
	}
	out = append(out, listingChanges(a.Lists, b.Lists)...)
	return out
}

func measuresByID(c *Catalog) map[string]*Measure {
	out := make(map[string]*Measure, len(c.Measures))
	for _, m := range c.Measures {
		out[m.ID] = m
	}
	return out
}

func measureChanges(a, b *Measure, cat *Catalog) []Change {
	var out []Change
	changed := func(en, zh string, hs []string) {
		out = append(out, Change{Kind: "measure.changed", Subject: b.ID, En: b.ID + ": " + en, Zh: b.ID + "：" + zh, HSCodes: hs})
	}
	if a.Effective != b.Effective {
		changed(fmt.Sprintf("effective %s → %s", a.Effective, b.Effective), fmt.Sprintf("施行日期 %s → %s", a.Effective, b.Effective), b.hsCodes())
	}
	if ws, wz := windows(a.Suspensions), windows(b.Suspensions); ws != wz {
		changed(fmt.Sprintf("suspensions %s → %s", ws, wz), fmt.Sprintf("暂停 %s → %s", ws, wz), b.hsCodes())
	}
	if sa, sb := supersession(a.Superseded), supersession(b.Superseded); sa != sb {
		changed(fmt.Sprintf("ends %s → %s", sa, sb), fmt.Sprintf("终止 %s → %s", sa, sb), b.hsCodes())
	}
	ai := map[string]*Item{}
	for _, it := range a.Items {
		ai[it.ID] = it
	}
	for _, it := range b.Items {
		old, ok := ai[it.ID]
		delete(ai, it.ID)
		switch {
		case !ok:
			out = append(out, Change{Kind: "item.added", Subject: b.ID + "/" + it.ID, HSCodes: it.HSCodes,
				En: fmt.Sprintf("%s: item %s %s (%s) added, HS %s", b.ID, it.ID, it.NameEn, it.ControlCode, strings.Join(it.HSCodes, " ")),
				Zh: fmt.Sprintf("%s：新增物项 %s %s（%s），商品编号 %s", b.ID, it.ID, it.NameZh, it.ControlCode, strings.Join(it.HSCodes, " "))})
		case !slices.Equal(old.HSCodes, it.HSCodes) || old.ControlCode != it.ControlCode || old.Group != it.Group:
			hs := append(slices.Clone(old.HSCodes), it.HSCodes...)
			slices.Sort(hs)
			out = append(out, Change{Kind: "item.changed", Subject: b.ID + "/" + it.ID, HSCodes: slices.Compact(hs),
				En: fmt.Sprintf("%s: item %s: control code %q → %q, HS %s → %s", b.ID, it.ID, old.ControlCode, it.ControlCode, strings.Join(old.HSCodes, " "), strings.Join(it.HSCodes, " ")),
				Zh: fmt.Sprintf("%s：物项 %s：管制编码 %q → %q，商品编号 %s → %s", b.ID, it.ID, old.ControlCode, it.ControlCode, strings.Join(old.HSCodes, " "), strings.Join(it.HSCodes, " "))})
		}
	}
	for _, it := range a.Items {
		if _, gone := ai[it.ID]; gone {
			out = append(out, Change{Kind: "item.removed", Subject: b.ID + "/" + it.ID, HSCodes: it.HSCodes,
				En: fmt.Sprintf("%s: item %s %s removed", b.ID, it.ID, it.NameEn), Zh: fmt.Sprintf("%s：删除物项 %s %s", b.ID, it.ID, it.NameZh)})
		}
	}
	// An article may hold several rules (one per kind of goods): a rule
	// is known by its article, kind, destination and goods.
	ruleKey := func(r *DestinationRule) string {
		return fmt.Sprintf("%d|%s|%s|%v|%s", r.Article, r.Rule, r.Destination, r.Military, strings.Join(r.Groups, ","))
	}
	ar := map[string]*DestinationRule{}
	for _, r := range a.Rules {
		ar[ruleKey(r)] = r
	}
	for _, r := range b.Rules {
		old, ok := ar[ruleKey(r)]
		delete(ar, ruleKey(r))
		if ok && windows(old.Suspensions) == windows(r.Suspensions) {
			continue
		}
		before := "none"
		if ok {
			before = windows(old.Suspensions)
		}
		out = append(out, Change{Kind: "rule.changed", Subject: fmt.Sprintf("%s art. %d", b.ID, r.Article), HSCodes: cat.groupHSCodes(r.Groups),
			En: fmt.Sprintf("%s article %d (%s to %s): suspended %s → %s", b.ID, r.Article, r.Rule, r.Destination, before, windows(r.Suspensions)),
			Zh: fmt.Sprintf("%s 第%d条（%s，%s）：暂停 %s → %s", b.ID, r.Article, ruleZh[r.Rule], r.Destination, before, windows(r.Suspensions))})
	}
	for _, r := range a.Rules {
		if _, gone := ar[ruleKey(r)]; gone {
			out = append(out, Change{Kind: "rule.removed", Subject: fmt.Sprintf("%s art. %d", b.ID, r.Article),
				En: fmt.Sprintf("%s article %d (%s to %s) removed", b.ID, r.Article, r.Rule, r.Destination),
				Zh: fmt.Sprintf("%s 第%d条（%s，%s）已删除", b.ID, r.Article, ruleZh[r.Rule], r.Destination)})
		}
	}
	return out
}

var ruleZh = map[string]string{RuleProhibited: "禁止出口", RulePresumptionOfDenial: "原则上不予许可", RuleEnhancedReview: "加强最终用户和最终用途审查"}

func windows(ws []Window) string {
	if len(ws) == 0 {
		return "none"
	}
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = fmt.Sprintf("%s–%s", w.From, w.To)
		if w.By != "" {
			s[i] += " (" + w.By + ")"
		}
	}
	return strings.Join(s, ", ")
}

func supersession(s *Supersession) string {
	if s == nil {
		return "none"
	}
	return fmt.Sprintf("%s (%s)", s.On, s.By)
}

func listingChanges(a, b []*core.ListEntry) []Change {
	key := func(e *core.ListEntry) string { return e.List + "|" + e.Name + "|" + e.ListedOn.String() }
	am := map[string]*core.ListEntry{}
	for _, e := range a {
		am[key(e)] = e
	}
	var out []Change
	for _, e := range b {
		old, ok := am[key(e)]
		delete(am, key(e))
		subject := fmt.Sprintf("%s %s", e.List, e.Name)
		switch {
		case !ok:
			out = append(out, Change{Kind: "listing.added", Subject: subject,
				En: fmt.Sprintf("%s listed on %s from %s", e.Name, e.List, e.ListedOn), Zh: fmt.Sprintf("%s 自%s列入 %s", e.Name, e.ListedOn, e.List)})
		case lapses(old.Lapses) != lapses(e.Lapses):
			out = append(out, Change{Kind: "listing.changed", Subject: subject,
				En: fmt.Sprintf("%s on %s: set aside %s → %s", e.Name, e.List, lapses(old.Lapses), lapses(e.Lapses)),
				Zh: fmt.Sprintf("%s（%s）：暂停或移出 %s → %s", e.Name, e.List, lapses(old.Lapses), lapses(e.Lapses))})
		}
	}
	for _, e := range a {
		if _, gone := am[key(e)]; gone {
			out = append(out, Change{Kind: "listing.removed", Subject: fmt.Sprintf("%s %s", e.List, e.Name),
				En: fmt.Sprintf("%s no longer on %s", e.Name, e.List), Zh: fmt.Sprintf("%s 不再列于 %s", e.Name, e.List)})
		}
	}
	return out
}

func lapses(ls []core.Lapse) string {
	if len(ls) == 0 {
		return "none"
	}
	s := make([]string, len(ls))
	for i, l := range ls {
		until := "open"
		if !l.Until.IsZero() {
			until = l.Until.String()
		}
		s[i] = fmt.Sprintf("%s %s–%s (%s)", l.Kind, l.From, until, l.By)
	}
	return strings.Join(s, ", ")
}
