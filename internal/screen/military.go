package screen

import (
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/party"
)

// isMilitary says whether the goods go to a military end user or end use:
// the licence's end use, the remarks, or a military party named as the
// consignee or the licence's end user.
func (s *Screener) isMilitary(d *core.DeclarationItem, lic *core.Licence) bool {
	if lic != nil && mentionsMilitary(lic.EndUse) {
		return true
	}
	mil, ok := s.milRemarks[d.Remarks]
	if !ok {
		mil = mentionsMilitary(d.Remarks)
		if len(s.milRemarks) < memoLimit {
			s.milRemarks[d.Remarks] = mil
		}
	}
	if mil {
		return true
	}
	if len(s.milParties) == 0 {
		return false
	}
	if s.military == nil {
		s.military = militaryScreener(s.parties, s.milParties)
	}
	country := firstNonEmpty(d.ConsigneeCountry, d.DestinationCountry)
	// The end user the licence names is the goods' user as much as the
	// consignee is (a benign importer for a listed defence firm).
	return s.militaryName(d.ConsigneeName, country) || lic != nil && lic.EndUserName != "" && s.militaryName(lic.EndUserName, country)
}

// militaryName says whether name is a military end user's.
func (s *Screener) militaryName(name, country string) bool {
	mil, ok := s.milNames[name]
	if ok {
		return mil
	}
	n := party.Normalize(name)
	for _, m := range s.military.Screen(name, "", core.Date{}) { // a military user abroad is one still
		// Lone Star Ceramics Inc. is not Lone Star Ceramics Supply
		// Corp.: another legal form is another registration.
		if !party.SuffixesDiffer(n, party.Normalize(m.Entry.Name), country) {
			mil = true
			break
		}
	}
	if len(s.milNames) < memoLimit {
		s.milNames[name] = mil
	}
	return mil
}

// militaryScreener is the restricted-party matcher over the military end
// users, with its asides, transliterations and acronyms ("Lockheed Martin
// Corp (Missiles and Fire Control)" is the military party "Lockheed
// Martin"), each known also by the names a list entry for the same
// organisation gives it in other scripts (洛克希德马丁公司).
func militaryScreener(lists *party.Screener, ps []*core.Party) *party.Screener {
	mil := make([]*core.ListEntry, 0, len(ps))
	for _, p := range ps {
		e := &core.ListEntry{List: "military", Name: p.Name, Country: p.Country, Reference: p.ID}
		for _, m := range lists.Screen(p.Name, p.Country, namesAsOf) {
			if !party.SuffixesDiffer(party.Normalize(p.Name), party.Normalize(m.MatchedName), p.Country) {
				e.Aliases = append(append(e.Aliases, m.Entry.Name), m.Entry.Aliases...)
			}
		}
		mil = append(mil, e)
	}
	return party.NewScreener(mil)
}

// mentionsMilitary looks for a military end use in free text (军 in either
// script, or the English words), but not a denial of one (非军用, not for
// military use).
func mentionsMilitary(s string) bool {
	if s == "" {
		return false
	}
	// Weapons named for what they are count as much as the word military
	// ("用途：导弹导引头红外窗口", "最终用途：装甲穿甲弹芯").
	zh := strings.Contains(s, "军") || strings.Contains(s, "軍") || strings.Contains(s, "国防") || strings.Contains(s, "國防") ||
		containsAny(s, weaponWordsZh)
	if !zh {
		en := containsFold(s, "military") || containsFold(s, "defense") || containsFold(s, "defence") || containsWord(s, "DoD") ||
			containsFold(s, "armed forces") || containsFold(s, "munition") || containsFold(s, "missile") || containsFold(s, "weapon") ||
			containsFold(s, "warhead") || containsFold(s, "armor-piercing") || containsFold(s, "armour-piercing") || containsFold(s, "armor piercing") ||
			containsFold(s, "armour piercing") || containsFold(s, "projectile") || containsFold(s, "torpedo") || containsFold(s, "fighter jet") ||
			forces(s)
		if en && (containsFold(s, "not for military") || containsFold(s, "non-military") || containsFold(s, "non military")) {
			return false
		}
		return en
	}
	return !(strings.Contains(s, "非军") || strings.Contains(s, "非軍") || strings.Contains(s, "不用于军") || strings.Contains(s, "不用於軍") ||
		strings.Contains(s, "非国防") || strings.Contains(s, "不用于国防"))
}

// forces: a navy, an army, an air force named in English ("End use:
// naval sonar transducers"), as whole words; the Salvation Army is none.
func forces(s string) bool {
	l := strings.ToLower(s)
	return containsWord(l, "naval") || containsWord(l, "navy") || containsWord(l, "army") && !strings.Contains(l, "salvation army") ||
		strings.Contains(l, "air force") || strings.Contains(l, "marine corps")
}

// weaponWordsZh name weapons and their parts, in both scripts.
var weaponWordsZh = []string{"导弹", "導彈", "弹头", "彈頭", "穿甲", "弹芯", "彈芯", "弹药", "彈藥", "炮弹", "砲彈", "火箭弹", "火箭彈", "鱼雷", "魚雷", "武器", "战斗机", "戰鬥機", "装甲车", "裝甲車"}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word w in
// any case, without lowering a copy of every remark.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i]|0x20 == w[0] && strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}
