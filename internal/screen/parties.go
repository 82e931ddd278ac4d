package screen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/party"
	"orewatch/internal/textnorm"
)

// checkParties screens the parties a declaration names — its consignee,
// the end user its licence names, and one its remarks name — against the
// restricted-party lists in force that day.
func (s *Screener) checkParties(d *core.DeclarationItem, a *catalog.Answer, lic *core.Licence) []core.Finding {
	var out []core.Finding
	type who struct{ role, roleZh, name, country string }
	// The consignee's country as the declaration states it: the goods'
	// destination stands in for it when it is blank, but a listed firm
	// named as consignee of goods for a third country is not thereby
	// somewhere else.
	subjects := [3]who{{"consignee", "境外收货人", d.ConsigneeName, d.ConsigneeCountry}}
	n := 1
	if lic != nil && lic.EndUserName != "" {
		// The licence names the end user, not its country: the goods'
		// destination is often a third country on the way (a Hong Kong
		// consignee for a Japanese user), which must not count against
		// a match.
		subjects[n] = who{"end user", "最终用户", lic.EndUserName, ""}
		n++
	}
	if name := endUserInRemarks(d.Remarks); name != "" && (lic == nil || !strings.EqualFold(name, lic.EndUserName)) {
		// The remarks may name the end user themselves: "END USER - JC
		// Technology Inc., via SGSIN".
		subjects[n] = who{"end user", "最终用户", name, ""}
		n++
	}
	for _, w := range subjects[:n] {
		ms := s.parties.Screen(w.name, w.country, d.DeclaredAt)
		if len(ms) == 0 {
			continue
		}
		m := ms[0]
		if m.Entry.List == "CN-WATCH" && !a.Controlled {
			// The watch list governs licences for dual-use items; other
			// goods to a watch-listed party are ordinary trade.
			continue
		}
		f := core.Finding{Code: EndUserListed, Evidence: map[string]any{"role": w.role, "name": w.name, "list": m.Entry.List,
			"list_entry": m.Entry.Name, "matched_name": m.MatchedName, "score": m.Score, "listed_on": m.Entry.ListedOn.String(),
			"reference": m.Entry.Reference}}
		strict := m.Entry.List == "CN-UEL" || (m.Entry.List == "CN-ECCL" && a.Controlled) || (a.Controlled && m.Entry.List != "CN-WATCH")
		country := w.country
		if country == "" {
			country = s.partyCountry(w.name)
		}
		if country == "" && w.role != "consignee" && strings.EqualFold(strings.TrimSpace(w.name), strings.TrimSpace(d.ConsigneeName)) {
			country = d.ConsigneeCountry // the consignee is its own end user
		}
		namesake := anotherEntity(w.name, country, m)
		if country == "" && w.role == "consignee" {
			country = d.DestinationCountry
		}
		if strict && m.Score >= 0.93 && !namesake {
			f.Severity, f.Channel = core.SeverityHigh, core.ChannelRed
		} else {
			f.Severity, f.Channel = core.SeverityMedium, core.ChannelYellow
		}
		f.MessageZh = fmt.Sprintf("%s“%s”与%s名单中的“%s”匹配（相似度%.2f）", w.roleZh, w.name, m.Entry.List, m.Entry.Name, m.Score)
		f.Message = fmt.Sprintf("%s %q matches %q on list %s (score %.2f)", w.role, w.name, m.MatchedName, m.Entry.List, m.Score)
		if namesake {
			f.Evidence["namesake"] = map[string]string{"country": country, "list_country": m.Entry.Country}
			f.MessageZh += fmt.Sprintf("；但其所在国或公司形式（%s）与名单实体（%s）不同，可能是同名企业、关联公司，或被列实体在境外的地址，请核实", country, m.Entry.Country)
			f.Message += fmt.Sprintf("; but its country or legal form (%s) is not the listed entity's (%s): a namesake, an affiliate, or the listed entity at an address abroad — confirm", country, m.Entry.Country)
		}
		if m.Entry.List == "CN-WATCH" && a.Controlled {
			// The watch list does not forbid the export: it takes the
			// general licence away and asks for a risk assessment and an
			// end-use undertaking with each application. The officer checks
			// the licence was granted on those terms.
			f.Evidence["rule"] = "watch_list"
			f.MessageZh = fmt.Sprintf("%s“%s”在关注名单上（%s列入，与“%s”匹配，相似度%.2f）：不得使用通用许可，须凭单项许可出口，申请时应提交风险评估报告和最终用户、最终用途承诺；请核对许可证是否据此签发",
				w.roleZh, w.name, m.Entry.ListedOn, m.Entry.Name, m.Score)
			f.Message = fmt.Sprintf("%s %q is on the watch list (listed %s, matching %q, score %.2f): no general licence; export only under a single licence applied for with a risk assessment and end-use and end-user undertakings; check the licence was granted on those terms",
				w.role, w.name, m.Entry.ListedOn, m.MatchedName, m.Score)
		}
		out = append(out, f)
		// Where the rules of the end user's country restrict the goods,
		// the destination check and the route detector say so already.
		if f.Channel == core.ChannelRed && w.role == "end user" && s.lookup(d.HSCode, d.DeclaredAt, strings.ToUpper(m.Entry.Country), false).DestinationRule == catalog.RuleNone {
			if t, ok := listedEndUserBeyond(d, w.name, m); ok {
				out = append(out, t)
			}
		}
	}
	return out
}

// listedEndUserBeyond: the declaration names a listed end user — on its
// licence or in its remarks — in another country than the one the goods
// are consigned to, through a consignee that is not the end user: a
// third country on the way to a restricted end user, whatever the rules
// of the end user's own country say of the goods.
func listedEndUserBeyond(d *core.DeclarationItem, endUser string, m party.Match) (core.Finding, bool) {
	c := strings.ToUpper(m.Entry.Country)
	if c == "" || strings.EqualFold(c, d.DestinationCountry) || strings.EqualFold(strings.TrimSpace(endUser), strings.TrimSpace(d.ConsigneeName)) {
		return core.Finding{}, false
	}
	return core.Finding{Code: Transshipment, Severity: core.SeverityHigh, Channel: core.ChannelRed,
		MessageZh: fmt.Sprintf("货物申报运往%s的收货人“%s”，最终用户“%s”为%s名单所列%s实体：疑经第三国转往受限最终用户", d.DestinationCountry, d.ConsigneeName, endUser, m.Entry.List, c),
		Message: fmt.Sprintf("goods consigned to %q in %s for the end user %q, listed on %s in %s: likely routed through a third country to a restricted end user",
			d.ConsigneeName, d.DestinationCountry, endUser, m.Entry.List, c),
		Evidence: map[string]any{"end_user": endUser, "list": m.Entry.List, "list_entry": m.Entry.Name, "end_user_country": c,
			"destination": d.DestinationCountry, "consignee": d.ConsigneeName}}, true
}

// reEndUser is an end user named in the remarks, up to the clause's end.
var reEndUser = regexp.MustCompile(`(?i)(?:end[- ]?users?|ultimate consignee|最终用户|最終用戶|最终使用人|最終使用人|最终收货人|最終收貨人)\s*(?:name)?\s*(?:[:：=\-–—]|is\b)?\s*([^，,；;/|。\n]+)`)

var (
	reAfterName = regexp.MustCompile(`(?i)\s(?:via|lot|batch|marks?|invoice|inv|contract|po|controlled|control|code|eccn|hs)\b|批[号號]|唛头|嘜頭|发票|發票|合同|管制|编码|編碼|\s{2,}`)
	reNameForm  = regexp.MustCompile(`(?i)(?:\b(?:inc|corp|corporation|ltd|limited|llc|gmbh|co|plc|ag|bv|nv|pte|jsc)\b\.?|有限公司|股份公司|公司|株式会社)`)
)

// endUserInRemarks is the end user the remarks name, "" when none.
func endUserInRemarks(remarks string) string {
	// Most remarks name no end user: the words are looked for before the
	// expression runs on every item of a million.
	if remarks == "" || !containsFold(remarks, "user") && !containsFold(remarks, "consignee") &&
		!strings.Contains(remarks, "用户") && !strings.Contains(remarks, "用戶") && !strings.Contains(remarks, "使用人") &&
		!strings.Contains(remarks, "收货人") && !strings.Contains(remarks, "收貨人") {
		return ""
	}
	m := reEndUser.FindStringSubmatch(remarks)
	if m == nil {
		return ""
	}
	name := strings.TrimSpace(m[1])
	// The name ends where the next label of the field starts, or after
	// its legal form.
	if loc := reAfterName.FindStringIndex(name); loc != nil && loc[0] > 0 {
		name = strings.TrimSpace(name[:loc[0]])
	}
	if loc := reNameForm.FindStringIndex(name); loc != nil {
		name = strings.TrimSpace(name[:loc[1]])
	}
	if utf8.RuneCountInString(name) < 4 {
		return ""
	}
	return name
}

// anotherEntity: a name that matches a list entry but may be another
// registration — a namesake or an affiliate, for an officer to confirm
// before the goods are stopped. Either its legal form exists only in
// countries other than the entry's (Applied Technologies Group (M) Sdn.
// Bhd. against the listed American Applied Technologies Group; Summit
// Technologies Pte. Ltd. against Summit Technologies Inc.), or the party
// is stated to be in another country than the entry's (the declaration's
// consignee country, a party's record): the name alone, however exact,
// does not make a firm in Durban the Turkish one listed. country is ""
// when nothing states it: a listed firm named as consignee of goods for a
// third country stays the listed firm.
func anotherEntity(name, country string, m party.Match) bool {
	if m.Entry.Country == "" {
		return false
	}
	n := party.Normalize(name)
	if where := formCountries(n, name); len(where) > 0 && !slices.Contains(where, strings.ToUpper(m.Entry.Country)) &&
		len(formCountries(party.Normalize(m.MatchedName), m.MatchedName)) == 0 {
		return true
	}
	return country != "" && !strings.EqualFold(country, m.Entry.Country)
}

// formCountries are the countries whose companies a name's legal form
// belongs to, where the form says so (a GmbH is German, Austrian, Swiss or
// Liechtenstein's; a Sdn. Bhd. Malaysian or Bruneian); none for forms
// found everywhere.
func formCountries(n party.Normalized, name string) []string {
	var out []string
	for _, f := range n.Forms {
		out = append(out, formJurisdictions[f]...)
	}
	for _, w := range strings.Fields(strings.NewReplacer(".", " ", ",", " ", "(", " ", ")", " ").Replace(strings.ToLower(name))) {
		if w == "pte" {
			out = append(out, "SG")
		}
	}
	return out
}

var formJurisdictions = map[string][]string{
	"sdnbhd": {"MY", "BN"}, "gmbh": {"DE", "AT", "CH", "LI"}, "ag": {"DE", "AT", "CH", "LI"}, "bv": {"NL", "BE"}, "nv": {"NL", "BE", "CW", "SR"},
	"kk": {"JP"}, "gk": {"JP"}, "yk": {"JP"}, "fze": {"AE"}, "fzco": {"AE"}, "fzllc": {"AE"}, "tbk": {"ID"}, "trltd": {"TR"}, "tras": {"TR"},
	"spzoo": {"PL"}, "oy": {"FI"}, "ab": {"SE"},
}

// partyCountry is the country of the party known by name (parties.csv),
// "" when none or several of that name are known: a licence names its end
// user without one. A lodging screens with a Screener of its own over
// every stored party, so the names are first compared as they are written
// (no allocation); only a name no party has in any case is folded against
// them all, once per Screener.
func (s *Screener) partyCountry(name string) string {
	country, found := "", false
	for _, p := range s.in.Parties {
		if !strings.EqualFold(p.Name, name) {
			continue
		}
		if found && p.Country != country {
			return ""
		}
		country, found = p.Country, true
	}
	if found {
		return country
	}
	if s.countries == nil {
		s.countries = map[string]string{}
		for _, p := range s.in.Parties {
			k := textnorm.Fold(p.Name)
			if c, seen := s.countries[k]; seen && c != p.Country {
				s.countries[k] = ""
				continue
			}
			s.countries[k] = p.Country
		}
	}
	return s.countries[textnorm.Fold(name)]
}
