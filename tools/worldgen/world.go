package main

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

type Enterprise struct {
	USCC, Name, Address string
	Loc                 *Loc
	Segments, Minerals  []string
	RegisteredOn        time.Time
	Status              string
	Compliance          bool
	InLedger            bool
	Role                string // mine, smelter, trader, metal, ordinary, broker, dormant, rogue
	Group               string
	Produces            []*Material
	Sells               []*Material // what it exports
	Books               bool        // keeps EPCIS books
	Abbr                string
	Style               int // remarks style
	Phone               string
}

func (e *Enterprise) produces(m *Material) bool {
	for _, x := range e.Produces {
		if x == m {
			return true
		}
	}
	return false
}

type Party struct {
	ID, Name, Country, Address, Phone, Email, Registry, Kind string
	Alt                                                      []string
	Sector                                                   string // mineral, ordinary, both
	List                                                     *ListEntry
	Role                                                     string // consignee, listed, forwarder, person, shell, nearmiss, domestic
	NoClean                                                  bool   // never used by clean traffic
}

type ListEntry struct {
	List, Name         string
	Aliases            []string
	Country            string
	ListedOn, Delisted time.Time
	Reference          string
}

func (l *ListEntry) activeOn(d time.Time) bool {
	return l != nil && !d.Before(l.ListedOn) && (l.Delisted.IsZero() || d.Before(l.Delisted))
}

type Link struct{ From, To, Relation, Source string }

type TruthRow struct{ Type, ID, Code, Variant string }

type World struct {
	Seed       int64
	N          int
	Rate       float64
	r          *R
	Start, End time.Time
	AsOf       time.Time
	Style      int // 0 English headers/UTF-8, 1 Simplified headers/GB18030, 2 Traditional headers/UTF-8 BOM
	ug         *usccGen
	Ents       []*Enterprise
	entBy      map[string]*Enterprise
	producers  map[string][]*Enterprise
	Parties    []*Party
	partyBy    map[string]*Party
	partySeq   map[string]bool
	Links      []Link
	Lists      []*ListEntry
	Lics       []*Licence
	licBy      map[string]*Licence
	Decls      []*Decl
	Manifests  []ManRow
	Events     map[string][]*Event
	Truth      []TruthRow
	entTruth   map[string]map[string]string // id -> code -> variant (enterprise)
	partyTruth map[string]map[string]string
	brokers    []*Enterprise
	listedP    map[string]*Party // short key -> party
	leakers    map[string]string // uscc -> variant
	warnings   []string
	licSeq     int
	mil        []*Party
	conts      map[string]*container
	contOrder  []string
	psN        int
	agentOf    *Enterprise
}

func newWorld(seed int64, n int, rate float64) *World {
	w := &World{Seed: seed, N: n, Rate: rate, r: newR(seed, "world"),
		Start: day(2025, 1, 2), End: day(2026, 6, 30), AsOf: day(2026, 7, 1),
		entBy: map[string]*Enterprise{}, producers: map[string][]*Enterprise{}, partyBy: map[string]*Party{},
		partySeq: map[string]bool{}, licBy: map[string]*Licence{}, Events: map[string][]*Event{},
		entTruth: map[string]map[string]string{}, partyTruth: map[string]map[string]string{}, listedP: map[string]*Party{},
		leakers: map[string]string{}}
	w.Style = int((seed - 1) % 3)
	if w.Style < 0 {
		w.Style += 3
	}
	w.ug = &usccGen{r: w.r.Fork("uscc"), used: map[string]bool{}}
	return w
}

func (w *World) locsWith(tag string) []*Loc {
	var out []*Loc
	for i := range locs {
		for _, t := range locs[i].Tags {
			if t == tag {
				out = append(out, &locs[i])
			}
		}
	}
	if len(out) == 0 {
		for i := range locs {
			out = append(out, &locs[i])
		}
	}
	return out
}

func (w *World) addEnt(r *R, role, group string, l *Loc, nameKind string) *Enterprise {
	e := &Enterprise{Loc: l, Role: role, Group: group, Status: "active", InLedger: true}
	e.USCC = w.ug.next(l.County)
	e.Name = chineseCompanyName(r, l, nameKind)
	for w.nameTaken(e.Name) {
		e.Name = chineseCompanyName(r, l, nameKind)
	}
	e.Address = chineseAddress(r, l)
	e.Abbr = upper(r, 3)
	e.Style = wpick(r, []float64{35, 25, 8, 17, 15})
	e.Phone = chinaPhone(r, l)
	e.RegisteredOn = randDay(r, day(2023, 3, 1), day(2024, 11, 30))
	e.Compliance = r.P(0.72)
	w.Ents = append(w.Ents, e)
	w.entBy[e.USCC] = e
	return e
}

func (w *World) nameTaken(n string) bool {
	for _, e := range w.Ents {
		if e.Name == n {
			return true
		}
	}
	return false
}

func (w *World) setProduces(e *Enterprise, ids ...string) {
	for _, id := range ids {
		m := matBy[id]
		e.Produces = append(e.Produces, m)
		w.producers[id] = append(w.producers[id], e)
	}
}

func (w *World) makeEnterprises() {
	r := w.r.Fork("enterprises")
	v := func(n int) int { // seed-varied count
		k := n + r.I(-1, 1)
		if k < 1 {
			k = 1
		}
		return k
	}
	type spec struct {
		role, group, tag, nameKind string
		n                          int
		produces                   []string
		segs                       []string
	}
	specs := []spec{
		{"mine", "antimony", "antimony", "antimony", v(3), []string{"antimony-concentrate"}, []string{"mining"}},
		{"mine", "tungsten", "tungsten", "tungsten", v(3), []string{"tungsten-concentrate"}, []string{"mining"}},
		{"mine", "rare-earth", "rare-earth", "rare-earth", v(3), []string{"rare-earth-concentrate"}, []string{"mining"}},
		{"mine", "graphite", "graphite", "graphite", v(3), []string{"flake-graphite", "amorphous-graphite"}, []string{"mining", "processing"}},
		{"mine", "germanium", "germanium", "germanium", 2, []string{"germanium-concentrate"}, []string{"mining"}},
		{"mine", "gallium", "gallium", "gallium", 2, []string{"gallium-crude"}, []string{"smelting"}},
		{"smelter", "antimony", "antimony", "antimony", v(4), []string{"antimony-ingot"}, []string{"smelting", "export"}},
		{"smelter", "gallium", "gallium", "gallium", 2, []string{"gallium-metal", "gallium-oxide"}, []string{"processing", "export"}},
		{"smelter", "germanium", "germanium", "germanium", v(3), []string{"germanium-dioxide", "germanium-ingot"}, []string{"smelting", "processing", "export"}},
		{"smelter", "graphite", "graphite", "graphite", 2, []string{"spherical-graphite"}, []string{"processing", "export"}},
		{"smelter", "graphite", "graphite", "graphite", 1, []string{"isostatic-graphite", "graphite-electrode"}, []string{"manufacturing", "export"}},
		{"smelter", "tungsten", "tungsten", "tungsten", v(4), []string{"apt", "tungsten-oxide"}, []string{"smelting", "processing", "export"}},
		{"smelter", "tungsten", "tungsten", "tungsten", 2, []string{"tungsten-carbide", "tungsten-wire", "ferrotungsten"}, []string{"processing", "manufacturing", "export"}},
		{"smelter", "rare-earth", "rare-earth", "rare-earth", v(3), []string{"dysprosium-oxide", "terbium-oxide", "yttrium-oxide", "samarium-oxide", "gadolinium-oxide", "scandium-oxide", "neodymium-oxide", "lanthanum-oxide", "cerium-oxide"}, []string{"smelting", "export"}},
		{"smelter", "rare-earth", "rare-earth", "rare-earth", 1, []string{"dysprosium-metal", "terbium-metal"}, []string{"smelting", "processing", "export"}},
		{"smelter", "rare-earth", "rare-earth", "rare-earth", 2, []string{"ndfeb-magnet"}, []string{"manufacturing", "export"}},
		{"smelter", "superhard", "superhard", "superhard", 2, []string{"cubic-press-parts"}, []string{"manufacturing", "export"}},
		{"smelter", "superhard", "superhard", "superhard", 1, []string{"synthetic-diamond"}, []string{"manufacturing", "export"}},
		{"smelter", "germanium", "germanium", "germanium", 1, []string{"germanium-lens"}, []string{"manufacturing", "export"}},
	}
	for _, s := range specs {
		ls := w.locsWith(s.tag)
		for i := 0; i < s.n; i++ {
			e := w.addEnt(r, s.role, s.group, pick(r, ls), s.nameKind)
			e.Segments = s.segs
			e.Minerals = []string{s.group}
			e.Books = true
			w.setProduces(e, s.produces...)
			// antimony smelters: some also make oxides
			if s.group == "antimony" && s.role == "smelter" && (i%2 == 0) {
				w.setProduces(e, "antimony-trioxide-4n", "antimony-trioxide")
				e.Segments = []string{"smelting", "processing", "export"}
			}
			if s.role == "smelter" {
				e.Sells = append(e.Sells, e.Produces...)
			}
		}
	}
	// make sure every exported mineral product has a producer
	for _, m := range materialList {
		if m.Mineral() && m.Class != "raw" && len(w.producers[m.ID]) == 0 {
			panic("no producer for " + m.ID)
		}
	}
	// domestic-only minerals, in the ledger without event books
	for _, g := range []string{"molybdenum", "molybdenum", "bismuth", "indium", "tellurium"} {
		e := w.addEnt(r, "mine", g, pick(r, w.locsWith(g)), g)
		e.Segments = pick(r, [][]string{{"mining"}, {"mining", "smelting"}, {"smelting"}})
		e.Minerals = []string{g}
	}
	// ledger traders / exporters of minerals
	tradeGroups := [][]string{{"antimony", "tungsten"}, {"rare-earth"}, {"gallium", "germanium"}, {"graphite"}, {"antimony"}, {"rare-earth", "tungsten"}, {"germanium", "gallium", "antimony"}, {"graphite", "rare-earth"}, {"tungsten"}, {"antimony", "graphite"}, {"superhard", "tungsten"}, {"rare-earth", "gallium"}, {"germanium"}, {"antimony", "rare-earth", "tungsten"}}
	nt := len(tradeGroups) + r.I(-2, 0)
	for i := 0; i < nt; i++ {
		e := w.addEnt(r, "trader", tradeGroups[i][0], pick(r, w.locsWith("trading")), "trading")
		e.Segments = pick(r, [][]string{{"trading", "export"}, {"export"}, {"trading", "export", "transport"}})
		e.Minerals = tradeGroups[i]
		e.Books = true
		for _, g := range tradeGroups[i] {
			for _, m := range materialList {
				if m.Group == g && (m.Class == "ctrl" || m.Class == "near") && m.ID != "germanium-lens" && m.ID != "cubic-press-parts" {
					e.Sells = append(e.Sells, m)
				}
			}
		}
	}
	// base-metal exporters (kept in the ledger: iron, nickel, tin, zinc are strategic minerals)
	metalKinds := []struct {
		tag, kind string
		mats      []string
	}{{"metal-ferro", "metal-ferro", []string{"ferrosilicon"}}, {"metal-nickel", "metal-nickel", []string{"nickel-powder"}}, {"metal-tin", "metal-tin", []string{"tin-ingot", "solder-wire"}},
		{"metal-zinc", "metal-zinc", []string{"zinc-ingot"}}, {"metal-steel", "metal-steel", []string{"steel-pipe", "hot-rolled-coil"}}, {"metal-solder", "metal-solder", []string{"solder-wire", "tin-ingot"}}, {"trading", "trading", []string{"aluminium-ingot", "zinc-ingot", "ferrosilicon"}}}
	for i := 0; i < 13+r.I(0, 3); i++ {
		mk := metalKinds[i%len(metalKinds)]
		e := w.addEnt(r, "metal", "other", pick(r, w.locsWith(mk.tag)), mk.kind)
		e.Segments = pick(r, [][]string{{"smelting", "export"}, {"manufacturing", "export"}, {"trading", "export"}})
		e.Minerals = []string{"other"}
		for _, id := range mk.mats {
			e.Sells = append(e.Sells, matBy[id])
		}
	}
	// ordinary exporters: not in the ledger
	ordKinds := []struct {
		tag, kind string
		mats      []string
	}{{"ordinary-ceramics", "ordinary-ceramics", []string{"ceramic-tiles", "ceramic-tableware", "tile-adhesive", "ceramic-glaze"}},
		{"ordinary-led", "ordinary-led", []string{"led-lamps"}}, {"ordinary-furniture", "ordinary-furniture", []string{"furniture"}},
		{"ordinary", "ordinary", []string{"eps-foam", "paper-cartons", "plastic-hangers", "towels", "glassware"}},
		{"ordinary", "ordinary", []string{"gears", "oil-filters"}}, {"ordinary", "ordinary", []string{"towels", "glassware", "ceramic-tableware", "plastic-hangers"}}, {"trading", "trading", []string{"optical-glass", "glassware", "led-lamps", "oil-filters"}}}
	for i := 0; i < 55+r.I(0, 10); i++ {
		ok := ordKinds[i%len(ordKinds)]
		e := w.addEnt(r, "ordinary", "other", pick(r, w.locsWith(ok.tag)), ok.kind)
		e.InLedger = false
		for _, id := range ok.mats {
			e.Sells = append(e.Sells, matBy[id])
		}
	}
	// customs brokers (申报单位), not in the ledger
	for i := 0; i < 10; i++ {
		e := w.addEnt(r, "broker", "other", pick(r, w.locsWith("trading")), "broker")
		e.InLedger = false
		w.brokers = append(w.brokers, e)
	}
	// dormant ledger entries (suspended/closed, no exports): noise
	for i, st := range []string{"suspended", "closed", "closed", "suspended"} {
		g := []string{"antimony", "graphite", "tungsten", "rare-earth"}[i]
		e := w.addEnt(r, "dormant", g, pick(r, w.locsWith(g)), g)
		e.Status = st
		e.Segments = []string{"trading"}
		e.Minerals = []string{g}
	}
	// groups: a few ledger enterprises owned by one another (clean links)
	var ledger []*Enterprise
	for _, e := range w.Ents {
		if e.InLedger && e.Role != "dormant" {
			ledger = append(ledger, e)
		}
	}
	for i := 0; i < 6; i++ {
		a, b := pick(r, ledger), pick(r, ledger)
		if a != b && a.Group == b.Group {
			w.Links = append(w.Links, Link{a.USCC, b.USCC, "owns", "国家企业信用信息公示系统"})
		}
	}
}

// producerOf returns a producer of m, preferring one already used.
func (w *World) producerOf(r *R, m *Material) *Enterprise {
	ps := w.producers[m.ID]
	if len(ps) == 0 {
		return nil
	}
	return pick(r, ps)
}

func (w *World) newPartyID(r *R) string {
	for {
		id := fmt.Sprintf("P%05d", r.I(10000, 99999))
		if !w.partySeq[id] {
			w.partySeq[id] = true
			return id
		}
	}
}

func (w *World) addParty(p *Party) *Party {
	w.Parties = append(w.Parties, p)
	w.partyBy[p.ID] = p
	return p
}

func (w *World) makeParties() {
	r := w.r.Fork("parties")
	wts := make([]float64, len(countries))
	for i, c := range countries {
		wts[i] = c.Weight
	}
	seen := map[string]bool{}
	n := 240 + r.I(0, 40)
	for tries := 0; len(w.Parties) < n && tries < 20*n; tries++ {
		c := countries[wpick(r, wts)]
		sector := "mineral"
		if r.P(0.45) {
			sector = "ordinary"
		}
		name, alt := foreignCompany(r, c.A2, sector)
		if seen[normName(name)] {
			continue
		}
		seen[normName(name)] = true
		kind := []string{"manufacturer", "trader", "research", "unknown"}[wpick(r, []float64{55, 35, 4, 6})]
		if sector == "ordinary" {
			kind = []string{"trader", "manufacturer", "unknown"}[wpick(r, []float64{70, 20, 10})]
		}
		p := &Party{ID: w.newPartyID(r), Name: name, Alt: alt, Country: c.A2, Address: foreignAddress(r, c.A2), Kind: kind, Sector: sector, Role: "consignee"}
		if r.P(0.8) {
			p.Phone = foreignPhone(r, c.A2)
		}
		if r.P(0.6) {
			p.Email = emailFor(r, alt0(p), c.A2)
		}
		if r.P(0.6) {
			p.Registry = foreignRegistry(r, c.A2)
		}
		w.addParty(p)
	}
	// forwarders
	for _, f := range []struct{ n, c string }{{"Sinotrans Logistics (HK) Co., Ltd.", "HK"}, {"Orient Freight Forwarding Pte. Ltd.", "SG"}, {"Pan-Asia Cargo Services Ltd.", "HK"}, {"Eurasia Rail Logistics GmbH", "DE"}, {"Haiphong Express Logistics Co., Ltd.", "VN"}, {"Gulf Bridge Shipping LLC", "AE"}, {"Busan Global Forwarding Co., Ltd.", "KR"}, {"Manzanillo Agencia Aduanal S.C.", "MX"}} {
		w.addParty(&Party{ID: w.newPartyID(r), Name: f.n, Country: f.c, Address: foreignAddress(r, f.c), Phone: foreignPhone(r, f.c), Kind: "forwarder", Role: "forwarder", Sector: "both"})
	}
	// clean links: forwarders act for consignees; holdings own subsidiaries
	var cons []*Party
	var fwd []*Party
	for _, p := range w.Parties {
		if p.Role == "consignee" {
			cons = append(cons, p)
		} else if p.Role == "forwarder" {
			fwd = append(fwd, p)
		}
	}
	for i := 0; i < 25; i++ {
		w.Links = append(w.Links, Link{pick(r, fwd).ID, pick(r, cons).ID, "agent_of", pick(r, []string{"提单通知人", "carrier booking data", "舱单通知方"})})
	}
	for i := 0; i < 8; i++ {
		a, b := pick(r, cons), pick(r, cons)
		if a != b && a.Country == b.Country {
			w.Links = append(w.Links, Link{a.ID, b.ID, pick(r, []string{"subsidiary_of", "same_address", "owns"}), pick(r, []string{"OpenCorporates", "trade registry", "企业年报"})})
		}
	}
}

func alt0(p *Party) string {
	if len(p.Alt) > 0 && !hasNonLatin(p.Alt[0]) {
		return p.Alt[0]
	}
	return p.Name
}

func hasNonLatin(s string) bool {
	for _, c := range s {
		if c > 0x24F {
			return true
		}
	}
	return false
}

// makeLists builds the restricted parties of the reference yaml (as parties
// too, since consignees and links point at them), our own risk list, and
// near-miss names that are NOT listed.
func (w *World) makeLists() {
	r := w.r.Fork("lists")
	type le struct {
		key, list, zh, en, cc, kind string
		on                          time.Time
		aliases                     []string // bundle aliases (some, not all)
		variants                    []string // how declarants write it (not given as aliases)
		ref                         string
	}
	eccl25 := day(2025, 1, 2)
	eccl25b := day(2025, 3, 4)
	eccl26 := day(2026, 2, 24)
	entries := []le{
		{"LMT", "CN-ECCL", "洛克希德·马丁公司", "Lockheed Martin", "US", "military", eccl25, []string{"Lockheed Martin Corporation"}, []string{"LOCKHEED MARTIN CORP.", "Lockheed-Martin Corporation", "洛克希德马丁公司", "Lockheed Martin Corp (Missiles and Fire Control)"}, "商务部公告2025年第1号"},
		{"RMD", "CN-ECCL", "雷神导弹与防务公司", "Raytheon Missiles & Defense", "US", "military", eccl25, nil, []string{"RAYTHEON MISSILES AND DEFENSE", "Raytheon Missiles & Defence", "雷神导弹与防务"}, "商务部公告2025年第1号"},
		{"GD", "CN-ECCL", "通用动力公司", "General Dynamics", "US", "military", eccl25, []string{"General Dynamics Corporation"}, []string{"GENERAL DYNAMICS CORP", "General Dynamics Corp."}, "商务部公告2025年第1号"},
		{"GDLS", "CN-ECCL", "通用动力陆地系统公司", "General Dynamics Land Systems", "US", "military", eccl25b, nil, []string{"GENERAL DYNAMICS LAND SYSTEMS INC", "General Dynamics Land Systems, Inc."}, "商务部公告2025年第13号"},
		{"SKY", "CN-ECCL", "斯凯迪奥公司", "Skydio", "US", "manufacturer", eccl25b, []string{"Skydio, Inc."}, []string{"SKYDIO INC.", "Skydio Inc", "斯凯迪奥"}, "商务部公告2025年第13号"},
		{"AV", "CN-ECCL", "宇航环境公司", "AeroVironment", "US", "manufacturer", eccl25b, nil, []string{"AEROVIRONMENT, INC.", "Aero Vironment Inc", "AeroVironment Inc."}, "商务部公告2025年第13号"},
		{"GAASI", "CN-ECCL", "通用原子航空系统公司", "General Atomics Aeronautical Systems", "US", "military", eccl25b, []string{"GA-ASI"}, []string{"GENERAL ATOMICS AERONAUTICAL SYSTEMS INC", "General Atomics Aeronautical Systems, Inc."}, "商务部公告2025年第13号"},
		{"IHIAS", "CN-ECCL", "IHI宇航株式会社", "IHI Aerospace Co., Ltd.", "JP", "manufacturer", eccl26, nil, []string{"IHI AEROSPACE CO LTD", "株式会社IHIエアロスペース", "IHI Aerospace Co Ltd"}, "商务部公告2026年"},
		{"IHIMM", "CN-ECCL", "IHI主要金属株式会社", "IHI Master Metal Co., Ltd.", "JP", "manufacturer", eccl26, nil, []string{"IHI MASTER METAL CO.,LTD.", "株式会社IHIマスターメタル"}, "商务部公告2026年"},
		{"MHIAE", "CN-ECCL", "三菱重工航空发动机株式会社", "Mitsubishi Heavy Industries Aero Engines, Ltd.", "JP", "manufacturer", eccl26, nil, []string{"MITSUBISHI HEAVY INDUSTRIES AERO ENGINES LTD", "三菱重工航空エンジン株式会社", "MHI Aero Engines"}, "商务部公告2026年"},
		{"JAXA", "CN-ECCL", "日本宇宙航空研究开发机构", "Japan Aerospace Exploration Agency", "JP", "research", eccl26, []string{"JAXA"}, []string{"Japan Aerospace Exploration Agency (JAXA)", "国立研究開発法人宇宙航空研究開発機構", "JAXA Tsukuba Space Center"}, "商务部公告2026年"},
		{"KHIAS", "CN-ECCL", "川崎重工航空宇宙系统公司", "Kawasaki Heavy Industries Aerospace Systems Company", "JP", "manufacturer", eccl26, nil, []string{"KAWASAKI HEAVY INDUSTRIES, LTD. AEROSPACE SYSTEMS COMPANY", "川崎重工業株式会社 航空宇宙システムカンパニー"}, "商务部公告2026年"},
		{"FDNS", "CN-ECCL", "富士通防卫与国家安全株式会社", "Fujitsu Defense & National Security, Ltd.", "JP", "manufacturer", eccl26, nil, []string{"FUJITSU DEFENSE AND NATIONAL SECURITY LIMITED", "富士通ディフェンス＆ナショナルセキュリティ株式会社"}, "商务部公告2026年"},
		{"SUBARU", "CN-WATCH", "斯巴鲁株式会社", "Subaru Corporation", "JP", "manufacturer", eccl26, nil, []string{"SUBARU CORPORATION", "株式会社SUBARU"}, "商务部公告2026年"},
		// our own list: a provincial risk unit's watch list (fictional entities)
		{"ORION", "PROV-RISK", "", "Orion Strategic Metals FZE", "AE", "trader", day(2025, 3, 18), []string{"Orion Strat. Metals"}, []string{"ORION STRATEGIC METALS FZE", "Orion Strategic Metal FZE"}, "省商务厅风险提示2025-07"},
		{"KESTREL", "PROV-RISK", "", "Kestrel Defense Materials LLC", "US", "military", day(2025, 6, 2), nil, []string{"KESTREL DEFENSE MATERIALS", "Kestrel Defence Materials LLC"}, "省商务厅风险提示2025-12"},
		{"SUNDA", "PROV-RISK", "", "Sunda Strategic Resources Sdn. Bhd.", "MY", "trader", day(2025, 2, 10), nil, []string{"SUNDA STRATEGIC RESOURCES SDN BHD"}, "省商务厅风险提示2025-03"},
		{"NORDIC", "PROV-RISK", "", "Nordic Dual Trade OÜ", "EE", "trader", day(2025, 9, 15), []string{"Nordic Dual Trade OU"}, []string{"NORDIC DUAL TRADE OU"}, "省商务厅风险提示2025-09"},
	}
	for _, e := range entries {
		name := e.zh
		aliases := append([]string{}, e.aliases...)
		if name == "" {
			name = e.en
		} else {
			aliases = append([]string{e.en}, aliases...)
		}
		l := &ListEntry{List: e.list, Name: name, Aliases: aliases, Country: e.cc, ListedOn: e.on, Reference: e.ref}
		if e.key == "SUNDA" {
			l.Delisted = day(2025, 10, 31)
		}
		w.Lists = append(w.Lists, l)
		pn := e.en
		if e.cc == "JP" && r.P(0.3) && len(e.variants) > 1 {
			pn = e.variants[1]
		}
		p := w.addParty(&Party{ID: w.newPartyID(r), Name: pn, Alt: e.variants, Country: e.cc, Kind: e.kind, List: l, Role: "listed", NoClean: true, Sector: "mineral"})
		if e.list == "PROV-RISK" { // fictional entities get fictional particulars; real ones none
			p.Address = foreignAddress(r, e.cc)
			p.Phone = foreignPhone(r, e.cc)
			if e.cc == "EE" {
				p.Address = "Tartu mnt 83, 10115 Tallinn"
			}
		}
		w.listedP[e.key] = p
	}
	// near misses: similar names, different, unlisted companies (used by clean traffic)
	for _, nm := range []struct{ n, cc, kind string }{
		{"Mitsubishi Materials Corporation", "JP", "manufacturer"}, {"Kawasaki Kisen Kaisha, Ltd.", "JP", "trader"}, {"NEC Platforms, Ltd.", "JP", "manufacturer"},
		{"Fujitsu Frontech Limited", "JP", "manufacturer"}, {"Lockwood Martin Engineering Pty Ltd", "AU", "manufacturer"}, {"General Dynamo Electric Sdn. Bhd.", "MY", "manufacturer"},
		{"Rayton Solar Inc.", "US", "manufacturer"}, {"Skydome Ventures LLC", "US", "trader"}, {"Aero Environmental Testing Co.", "US", "research"}, {"Orion Metals Trading GmbH", "DE", "trader"},
	} {
		w.addParty(&Party{ID: w.newPartyID(r), Name: nm.n, Country: nm.cc, Kind: nm.kind, Role: "nearmiss", Sector: "both"})
	}
}

// consignees returns clean consignee parties matching the filter.
func (w *World) consignees(sector string, ok func(*Party) bool) []*Party {
	var out []*Party
	for _, p := range w.Parties {
		if p.NoClean || (p.Role != "consignee" && p.Role != "nearmiss") {
			continue
		}
		if sector != "" && p.Sector != sector && p.Sector != "both" {
			continue
		}
		if ok != nil && !ok(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func (w *World) exportersFor(m *Material) []*Enterprise {
	var out []*Enterprise
	for _, e := range w.Ents {
		if e.Role == "rogue" || e.Role == "dormant" || e.Status != "active" {
			continue
		}
		for _, s := range e.Sells {
			if s == m {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

func (w *World) markEnt(id, code, variant string) {
	if w.entTruth[id] == nil {
		w.entTruth[id] = map[string]string{}
	}
	if _, ok := w.entTruth[id][code]; !ok {
		w.entTruth[id][code] = variant
	}
}

func (w *World) markParty(id, code, variant string) {
	if w.partyTruth[id] == nil {
		w.partyTruth[id] = map[string]string{}
	}
	if _, ok := w.partyTruth[id][code]; !ok {
		w.partyTruth[id][code] = variant
	}
}

func (w *World) warn(f string, a ...any) { w.warnings = append(w.warnings, fmt.Sprintf(f, a...)) }

func sortEnts(es []*Enterprise) {
	sort.Slice(es, func(i, j int) bool { return es[i].USCC < es[j].USCC })
}

func normName(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, c := range s {
		if c == ' ' || c == ',' || c == '.' || c == '-' || c == '(' || c == ')' || c == '（' || c == '）' || c == '·' || c == '&' {
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
