package simulate

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

type ent struct {
	uscc, name, prov, segments, minerals, address string
	group                                         string
}

type partyRow struct {
	id, name, country, address, phone, email, registry, kind string
}

type licence struct {
	no, holder, status, uses string
	from, to                 core.Date
	hs, code, goods          string
	kg                       float64
	dest, consignee          string
	used                     float64
}

type item struct {
	no                                    string
	itemNo                                int
	day                                   core.Date
	exporter, exporterName, producer      string
	office, mode, bl                      string
	containers                            []string
	country, dest, consignee, consCountry string
	consAddress, licence, hs, goods, spec string
	kg, gross, value                      float64
	currency, remarks                     string
}

type manifest struct {
	bl, container       string
	vgm, tare           float64
	size, pol, pod, tsp string
}

type world struct {
	cat *catalog.Catalog
	r   rng
	n   int

	ledger    []ent
	general   []ent
	byGroup   map[string][]ent // exporters of each group
	smelters  map[string][]ent
	parties   []partyRow
	honest    map[string][]partyRow // by country
	hubHonest []partyRow
	fronts    []partyRow
	fronts2   []partyRow // two hops from a US end user
	usEnd     []partyRow
	military  []partyRow
	listedNet []partyRow // tied to a listed party by shared phone or address
	listed    []partyRow // consignees on the bundle's own list
	links     [][4]string
	lists     [][]string
	licences  []*licence
	items     []item
	manifests []manifest
	truth     [][4]string
	planted   map[string]bool

	seq, bl, cnt, lic int

	events   []event
	evSeq    int
	lots     int
	seed32   uint32
	inLedger map[string]bool // the ledger as built, before planted fronts join it
	names    map[[3]string]bool
	makers   map[string][]ent // domestic manufacturers by group

	plantedParty map[string]bool
	rough        bool
}

func newWorld(cat *catalog.Catalog, opt Options) *world {
	scale := opt.Scale
	if scale <= 0 {
		scale = 1
	}
	return &world{cat: cat, r: rng{rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5851f42d4c957f2d))}, n: int(10000 * scale),
		byGroup: map[string][]ent{}, smelters: map[string][]ent{}, honest: map[string][]partyRow{}, planted: map[string]bool{},
		seed32: uint32(opt.Seed), inLedger: map[string]bool{}, names: map[[3]string]bool{}, makers: map[string][]ent{}, plantedParty: map[string]bool{}}
}

var (
	nameWords = []string{"Aurora", "Baltic", "Cobalt", "Delta", "Everest", "Falcon", "Granite", "Harbor", "Ionic", "Juniper", "Kestrel", "Lumen",
		"Meridian", "Nordic", "Orion", "Pioneer", "Quartz", "Riverside", "Summit", "Titan", "Unity", "Vertex", "Westwind", "Zenith", "Atlas", "Beacon",
		"Crescent", "Dynamo", "Emerald", "Frontier", "Golden", "Horizon", "Keystone", "Liberty", "Matrix", "Nova", "Oak", "Polar", "Radiant", "Sterling"}
	nameTrades = []string{"Metals", "Materials", "Alloys", "Chemicals", "Industries", "Resources", "Trading", "Technologies", "Electronics", "Supply"}
	legal      = map[string]string{"NL": "B.V.", "DE": "GmbH", "BE": "NV", "JP": "K.K.", "KR": "Co., Ltd.", "IN": "Pvt Ltd", "US": "Inc.", "TH": "Co., Ltd.",
		"VN": "JSC", "MX": "S.A. de C.V.", "MY": "Sdn Bhd", "AE": "FZE", "TR": "A.S.", "GB": "Ltd", "FR": "SAS", "IT": "S.p.A.", "HK": "Limited"}
	cities = map[string]string{"NL": "Rotterdam", "DE": "Hamburg", "BE": "Antwerp", "JP": "Osaka", "KR": "Incheon", "IN": "Mumbai", "US": "Houston",
		"TH": "Bangkok", "VN": "Hai Phong", "MX": "Monterrey", "MY": "Port Klang", "AE": "Jebel Ali", "TR": "Istanbul", "GB": "Felixstowe", "FR": "Le Havre", "IT": "Genoa", "HK": "Kwai Chung"}
	dialing = map[string]string{"NL": "+31", "DE": "+49", "BE": "+32", "JP": "+81", "KR": "+82", "IN": "+91", "US": "+1", "TH": "+66", "VN": "+84",
		"MX": "+52", "MY": "+60", "AE": "+971", "TR": "+90", "GB": "+44", "FR": "+33", "IT": "+39", "HK": "+852"}
	portOf = map[string]string{"NL": "NLRTM", "DE": "DEHAM", "BE": "BEANR", "JP": "JPOSA", "KR": "KRINC", "IN": "INNSA", "US": "USHOU", "TH": "THLCH",
		"VN": "VNHPH", "MX": "MXZLO", "MY": "MYPKG", "AE": "AEJEA", "TR": "TRIST", "GB": "GBFXT", "FR": "FRLEH", "IT": "ITGOA", "HK": "HKHKG"}
	honestCountries = []string{"NL", "DE", "BE", "JP", "KR", "IN", "US", "GB", "FR", "IT", "TR"}
	hubs            = []string{"TH", "VN", "MX", "MY", "AE"}
	currencies      = []string{"USD", "USD", "USD", "USD", "EUR", "CNY"}
)

// partyName makes a name no other party's resembles: two parties whose
// words are the same in any order would be one entity to the matcher.
func (w *world) partyName(country string) string {
	for {
		a, b, t := nameWords[w.r.pick(len(nameWords))], nameWords[w.r.pick(len(nameWords))], nameTrades[w.r.pick(len(nameTrades))]
		k := [3]string{min(a, b), max(a, b), t}
		if a == b || w.names[k] {
			if len(w.names) > len(nameWords)*len(nameWords)*len(nameTrades)/3 {
				// Nearly every pair is taken (very large scales): a number
				// keeps names apart.
				return fmt.Sprintf("%s %s %s %d %s", a, b, t, len(w.parties), legal[country])
			}
			continue
		}
		w.names[k] = true
		return fmt.Sprintf("%s %s %s %s", a, b, t, legal[country])
	}
}

func (w *world) newParty(country, kind string) partyRow {
	i := len(w.parties) + 1
	p := partyRow{id: fmt.Sprintf("P%05d", i), name: w.partyName(country), country: country,
		address: fmt.Sprintf("%d %s Road, %s", 10+w.r.pick(980), nameWords[w.r.pick(len(nameWords))], cities[country]),
		phone:   fmt.Sprintf("%s %d %07d", dialing[country], 2+w.r.pick(7), w.r.pick(10000000)), kind: kind}
	p.email = fmt.Sprintf("sales%d@%s.example", i, strings.ToLower(strings.Fields(p.name)[0]))
	if w.r.chance(0.5) {
		p.registry = fmt.Sprintf("%s-%08d", country, w.r.pick(100000000))
	}
	w.parties = append(w.parties, p)
	return p
}

// build lays out the world's enterprises, parties and their ties.
func (w *world) build() {
	idx := 0
	next := func(prov string) string { idx++; return uscc(prov, idx) }
	for _, p := range products {
		if len(w.smelters[p.group]) > 0 && len(w.byGroup[p.group]) >= 3 {
			continue
		}
		prov := p.province
		pz := provZh(prov)
		for i := 0; i < 3; i++ {
			w.ledger = append(w.ledger, ent{next(prov), fmt.Sprintf("%s%s%s矿业有限公司", pz, randZh(w.r), groupZh(p.group)), prov, "mining", p.group, fmt.Sprintf("%s某县矿区%d号", pz, i+1), p.group})
		}
		for i := 0; i < 2; i++ {
			e := ent{next(prov), fmt.Sprintf("%s%s%s冶炼有限公司", pz, randZh(w.r), groupZh(p.group)), prov, "smelting|export", p.group, fmt.Sprintf("%s工业园%d号", pz, 10+i), p.group}
			w.ledger = append(w.ledger, e)
			w.smelters[p.group] = append(w.smelters[p.group], e)
			w.byGroup[p.group] = append(w.byGroup[p.group], e)
		}
		for i := 0; i < 3; i++ {
			minerals := p.group
			if i == 0 {
				minerals += "|other" // also trades general goods: honest zinc, lead
			}
			e := ent{next(prov), fmt.Sprintf("%s%s%s贸易有限公司", pz, randZh(w.r), groupZh(p.group)), prov, "trading|export", minerals, fmt.Sprintf("%s商务区%d号", pz, 100+i), p.group}
			w.ledger = append(w.ledger, e)
			w.byGroup[p.group] = append(w.byGroup[p.group], e)
		}
	}
	// Guangdong traders across groups.
	for i := 0; i < 6; i++ {
		e := ent{next("440000"), fmt.Sprintf("广东%s金属进出口有限公司", randZh(w.r)), "440000", "trading|export", "antimony|gallium|germanium|tungsten|other", fmt.Sprintf("广州市天河区贸易大道%d号", 200+i), ""}
		w.ledger = append(w.ledger, e)
		for _, g := range []string{"antimony", "gallium", "germanium", "tungsten"} {
			w.byGroup[g] = append(w.byGroup[g], e)
		}
	}
	// Domestic manufacturers: most material never leaves the country.
	for _, g := range []string{"antimony", "gallium", "germanium", "tungsten", "rare-earth", "graphite"} {
		for i := 0; i < 2; i++ {
			e := ent{next("440000"), fmt.Sprintf("广东%s%s新材料制造有限公司", randZh(w.r), groupZh(g)), "440000", "processing|manufacturing", g, fmt.Sprintf("佛山市制造大道%d号", 300+len(w.makers)), g}
			w.ledger = append(w.ledger, e)
			w.makers[g] = append(w.makers[g], e)
		}
	}
	// A Guangdong magnet maker.
	w.ledger = append(w.ledger, ent{next("440000"), "广东" + randZh(w.r) + "磁材科技有限公司", "440000", "manufacturing|export", "rare-earth", "东莞市松山湖磁材路8号", "magnet"})
	// General exporters, not in the ledger: general goods need none.
	genProv := []string{"440000", "330000", "320000", "350000", "370000", "310000"}
	for i := 0; i < 300; i++ {
		prov := genProv[w.r.pick(len(genProv))]
		w.general = append(w.general, ent{next(prov), fmt.Sprintf("%s%s进出口有限公司", provZh(prov), randZh(w.r)), prov, "trading|export", "other", fmt.Sprintf("%s外贸路%d号", provZh(prov), i+1), ""})
	}

	for _, c := range honestCountries {
		for i := 0; i < 10; i++ {
			w.honest[c] = append(w.honest[c], w.newParty(c, []string{"manufacturer", "trader", "research"}[w.r.pick(3)]))
		}
	}
	for _, c := range hubs {
		for i := 0; i < 4; i++ {
			p := w.newParty(c, "trader") // honest traders in the hubs, buying before and after any restriction
			w.hubHonest = append(w.hubHonest, p)
			w.honest[c] = append(w.honest[c], p)
		}
	}
	for i := 0; i < 6; i++ {
		w.usEnd = append(w.usEnd, w.newParty("US", "manufacturer"))
	}
	for i := 0; i < 4; i++ {
		m := w.newParty("US", "military")
		m.name = strings.Replace(m.name, " "+strings.Fields(m.name)[2]+" ", " Defense Systems ", 1)
		w.parties[len(w.parties)-1] = m
		w.military = append(w.military, m)
	}
	// Fronts in hub countries for US end users, one hop away.
	rels := []string{"owns", "agent_of", "subsidiary_of", "controls", "director"}
	for i := 0; i < 10; i++ {
		f := w.newParty(hubs[i%len(hubs)], "trader")
		us := w.usEnd[i%len(w.usEnd)]
		if i%3 == 2 {
			us = w.military[i%len(w.military)]
			w.plantParty(f.id, "NETWORK_RISK", "agent_or_subsidiary_of_military_end_user")
		}
		rel := rels[i%len(rels)]
		if rel == "owns" || rel == "controls" {
			w.links = append(w.links, [4]string{us.id, f.id, rel, "corporate registry"})
		} else {
			w.links = append(w.links, [4]string{f.id, us.id, rel, "open sources"})
		}
		w.fronts = append(w.fronts, f)
	}
	// Two hops: front → intermediary sharing an address → US end user.
	for i := 0; i < 5; i++ {
		mid := w.newParty(hubs[(i+2)%len(hubs)], "forwarder")
		f := w.newParty(hubs[(i+3)%len(hubs)], "trader")
		f.address = mid.address // the tie is only in the data, not stated
		w.parties[len(w.parties)-1] = f
		w.links = append(w.links, [4]string{mid.id, w.usEnd[i%len(w.usEnd)].id, "agent_of", "shipping records"})
		w.fronts2 = append(w.fronts2, f)
	}
	// The bundle's own restricted-party list, and parties tied to it.
	for i := 0; i < 6; i++ {
		c := []string{"US", "GB", "TR", "AE", "IN", "DE"}[i]
		p := w.newParty(c, "trader")
		w.listed = append(w.listed, p)
		w.lists = append(w.lists, []string{"SIM-WATCH", p.name, strings.Fields(p.name)[0] + " " + strings.Fields(p.name)[1], c, "2024-01-15", "", "simulated watch list"})
		tied := w.newParty(hubs[i%len(hubs)], "trader")
		if i%2 == 0 {
			tied.phone = p.phone
		} else {
			tied.address = p.address
		}
		w.parties[len(w.parties)-1] = tied
		w.listedNet = append(w.listedNet, tied)
		w.plantParty(tied.id, "NETWORK_RISK", map[bool]string{true: "shares_phone_with_listed", false: "shares_address_with_listed"}[i%2 == 0])
	}
	for _, e := range w.ledger {
		w.inLedger[e.uscc] = true
	}
	// Near misses: honest parties whose names resemble listed ones.
	for _, l := range w.listed[:3] {
		p := w.newParty("NL", "trader")
		ws := strings.Fields(l.name)
		p.name = ws[0] + " " + nameWords[(len(p.id)+len(ws[1]))%len(nameWords)] + " Logistics B.V."
		w.parties[len(w.parties)-1] = p
		w.honest["NL"] = append(w.honest["NL"], p)
	}
}

func provZh(code string) string {
	for _, p := range provinces {
		if p.code == code {
			return p.zh
		}
	}
	return map[string]string{"330000": "浙江", "320000": "江苏", "350000": "福建", "370000": "山东", "310000": "上海"}[code]
}

func groupZh(g string) string {
	return map[string]string{"antimony": "锑", "gallium": "镓", "germanium": "锗", "tungsten": "钨", "rare-earth": "稀土", "graphite": "石墨", "bismuth": "铋"}[g]
}

var zhSyllables = []rune("华兴盛达鑫源泰丰恒宏瑞祥嘉昌隆鼎裕晟博远")

func randZh(r rng) string {
	return string([]rune{zhSyllables[r.pick(len(zhSyllables))], zhSyllables[r.pick(len(zhSyllables))]})
}

// declNo numbers declarations: customs office, year, sequence.
func (w *world) declNo(office string, d core.Date) string {
	w.seq++
	return fmt.Sprintf("%s%d%010d", office, d.Year(), w.seq)
}

var offices = []string{"5316", "2248", "5301", "4200", "7210", "5100"}

func (w *world) productFor(groups ...string) product {
	var ps []product
	for _, p := range products {
		for _, g := range groups {
			if p.group == g {
				ps = append(ps, p)
			}
		}
	}
	return ps[w.r.pick(len(ps))]
}

// usRestricted: gallium, germanium and antimony to the US were presumed
// denied from 2024-12-03 (MOFCOM 2024 No. 46) until the suspension.
func usRestricted(group string, d core.Date) bool {
	switch group {
	case "gallium", "germanium", "antimony":
		return !d.Before(core.NewDate(2024, 12, 3)) && d.Before(core.NewDate(2025, 11, 9))
	}
	return false
}

func (w *world) fx(cur string, d core.Date) float64 {
	switch cur {
	case "USD":
		if d.Before(core.NewDate(2025, 1, 1)) {
			return 7.13
		}
		if d.Before(core.NewDate(2025, 7, 1)) {
			return 7.18
		}
		return 7.11
	case "EUR":
		if d.Before(core.NewDate(2025, 7, 1)) {
			return 7.8
		}
		return 8.25
	}
	return 1
}

func (w *world) plant(no, code, variant string) {
	w.truth = append(w.truth, [4]string{"declaration", no, code, variant})
	w.planted[no] = true
}

func (w *world) plantParty(id, code, variant string) {
	k := id + "\x00" + code
	if w.plantedParty[k] {
		return
	}
	w.plantedParty[k] = true
	w.truth = append(w.truth, [4]string{"party", id, code, variant})
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
