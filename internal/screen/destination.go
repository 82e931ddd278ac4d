package screen

import (
	"fmt"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

// outsideRules: on a tariff line several groups' items share
// (2931900032: trimethylindium, 3C004.b, beside organic antimony,
// 3C003.d), goods whose remarks give the code of one group's item are
// that item, and a destination rule for the other groups alone is not
// theirs (seen on a world the check was not written against: TMIn to the
// United States while the gallium, germanium and antimony prohibition
// stood).
func (s *Screener) outsideRules(d *core.DeclarationItem, a *catalog.Answer) bool {
	groups := map[string]bool{}
	for _, it := range a.Items {
		groups[it.Group] = true
	}
	if len(groups) < 2 || len(a.Rules) == 0 {
		return false
	}
	codes := s.parsedRemarks(d).Codes
	theirs := map[string]bool{}
	for _, it := range a.Items {
		for _, c := range codes {
			if it.ControlCode != "" && CodeMatches(c, it.ControlCode) || it.ListCode != "" && CodeMatches(c, it.ListCode) {
				theirs[it.Group] = true
			}
		}
	}
	if len(theirs) == 0 {
		return false
	}
	for _, ar := range a.Rules {
		if len(ar.Rule.Groups) == 0 {
			return false
		}
		for _, g := range ar.Rule.Groups {
			if theirs[g] {
				return false
			}
		}
	}
	return true
}

// parsedRemarks are the item's remarks read (the declaration's, written
// once on its first row, where the item's own are empty).
func (s *Screener) parsedRemarks(d *core.DeclarationItem) Remarks {
	remarks := d.Remarks
	if strings.TrimSpace(remarks) == "" {
		remarks = s.declRemarks[d.DeclarationNo]
	}
	// Remarks repeat: the item's part of them is cut out (a regular
	// expression over the text) once per text and item.
	k := remarksKey{remarks, d.ItemNo}
	rm, ok := s.remarks[k]
	if !ok {
		rm = ParseRemarks(ItemRemarks(remarks, d.ItemNo))
		if len(s.remarks) < memoLimit {
			s.remarks[k] = rm
		}
	}
	return rm
}

// remarksKey is a remarks field and the item it is read for.
type remarksKey struct {
	text string
	item int
}

// endUserDestination: the rules of the country of the end user the
// licence names, where the party's record puts it elsewhere than the
// goods' destination — antimony to a Vietnamese trader under a licence
// whose end user is an American naval weapons centre goes, in the end,
// to the United States' military.
func (s *Screener) endUserDestination(d *core.DeclarationItem, lic *core.Licence, military, licensed bool) (core.Finding, bool) {
	if lic == nil || lic.EndUserName == "" {
		return core.Finding{}, false
	}
	c := s.partyCountry(lic.EndUserName)
	if c == "" || strings.EqualFold(c, d.DestinationCountry) {
		return core.Finding{}, false
	}
	a := s.lookup(d.HSCode, d.DeclaredAt, c, military)
	if s.in.Catalog.ReadsText(d.HSCode) {
		described := s.in.Catalog.Lookup(catalog.Query{HS: d.HSCode, Date: d.DeclaredAt, Destination: c, Military: military, Text: d.GoodsName + " " + d.GoodsSpec})
		a = &described
	}
	if !a.Controlled {
		return core.Finding{}, false
	}
	there := *d
	there.DestinationCountry = c
	f, ok := destinationFinding(&there, a, lic, licensed)
	if !ok {
		return f, false
	}
	f.Evidence["destination"], f.Evidence["end_user"], f.Evidence["end_user_country"] = d.DestinationCountry, lic.EndUserName, c
	f.MessageZh += fmt.Sprintf("（许可证所列最终用户“%s”在%s，货物经%s转往）", lic.EndUserName, c, d.DestinationCountry)
	f.Message += fmt.Sprintf(" (the licence's end user %q is in %s; the goods go there by way of %s)", lic.EndUserName, c, d.DestinationCountry)
	return f, true
}

// destinationFinding: the rules for the destination that forbid the
// export or presume it denied, or that ask for an enhanced review — which
// a licence valid for these goods, this destination and consignee is the
// outcome of (licensed): then nothing is left to flag.
func destinationFinding(d *core.DeclarationItem, a *catalog.Answer, lic *core.Licence, licensed bool) (core.Finding, bool) {
	if a.DestinationRule == catalog.RuleNone || len(a.Rules) == 0 {
		return core.Finding{}, false
	}
	if a.DestinationRule == catalog.RuleEnhancedReview && licensed {
		return core.Finding{}, false
	}
	r := a.Rules[0].Rule
	for _, ar := range a.Rules {
		if catalog.RuleRank(ar.Rule.Rule) > catalog.RuleRank(r.Rule) {
			r = ar.Rule
		}
	}
	f := core.Finding{Code: DestinationProhibited, Evidence: map[string]any{"destination": d.DestinationCountry,
		"rule": a.DestinationRule, "measure": r.Measure.ID, "article": r.Article, "scope": r.Scope, "military_end_use": r.Military}}
	switch a.DestinationRule {
	case catalog.RuleProhibited, catalog.RulePresumptionOfDenial:
		f.Severity, f.Channel = core.SeverityHigh, core.ChannelRed
	default:
		f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
	}
	names := map[string][2]string{
		catalog.RuleProhibited:          {"禁止出口", "prohibited"},
		catalog.RulePresumptionOfDenial: {"原则上不予许可", "presumed denied"},
		catalog.RuleEnhancedReview:      {"须加强最终用户和最终用途审查", "subject to enhanced end-user and end-use review"},
	}[a.DestinationRule]
	f.MessageZh = fmt.Sprintf("依据%s第%d条，该物项出口至%s%s", r.Measure.ID, r.Article, d.DestinationCountry, names[0])
	f.Message = fmt.Sprintf("under %s article %d, export of this item to %s is %s", r.Measure.ID, r.Article, d.DestinationCountry, names[1])
	return f, true
}
