package risk

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// Unaccounted is controlled material an enterprise acquired or should have
// produced and never accounted for (the mass balance's findings).
type Unaccounted struct {
	Month    string // YYYY-MM
	Material string
	Group    string
	Kg       float64
	// Idle is stock that arrived in Month and never left the books; the
	// rest is output a smelter's yield fell short of in Month.
	Idle bool
}

// valueOutlier is how many times the usual unit value of its HS code a
// declaration must be before its value says something.
const valueOutlier = 4.0

// mineralTerms name the controlled minerals in goods descriptions, in
// Simplified Chinese (Traditional input is folded to it) and English.
var mineralTerms = []struct{ group, zh, en, symbol string }{
	{"antimony", "锑", "antimony", "Sb"},
	{"gallium", "镓", "gallium", "Ga"},
	{"germanium", "锗", "germanium", "Ge"},
	{"tungsten", "钨", "tungsten", "W"},
	{"tellurium", "碲", "tellurium", "Te"},
	{"bismuth", "铋", "bismuth", "Bi"},
	{"molybdenum", "钼", "molybdenum", "Mo"},
	{"indium", "铟", "indium", "In"},
	{"rare-earth", "稀土", "rare earth", ""},
	{"rare-earth", "钐", "samarium", "Sm"},
	{"rare-earth", "钆", "gadolinium", "Gd"},
	{"rare-earth", "铽", "terbium", "Tb"},
	{"rare-earth", "镝", "dysprosium", "Dy"},
	{"rare-earth", "镥", "lutetium", "Lu"},
	{"rare-earth", "钪", "scandium", "Sc"},
	{"rare-earth", "钇", "yttrium", "Y"},
	{"graphite", "石墨", "graphite", ""},
}

// controlledProducts are names of controlled or strategic products as they
// are written on declarations (folded: Simplified, lower case). Goods so
// named under an uncontrolled HS code are what the name says, not what
// the code says — the plainest false declaration.
var controlledProducts = []struct{ name, group string }{
	{"锑锭", "antimony"}, {"金属锑", "antimony"}, {"精锑", "antimony"}, {"三氧化二锑", "antimony"}, {"锑白", "antimony"}, {"锑精矿", "antimony"},
	{"antimony ingot", "antimony"}, {"antimony metal", "antimony"}, {"antimony trioxide", "antimony"}, {"antimony concentrate", "antimony"},
	{"金属镓", "gallium"}, {"镓锭", "gallium"}, {"gallium metal", "gallium"}, {"gallium ingot", "gallium"},
	{"金属锗", "germanium"}, {"锗锭", "germanium"}, {"二氧化锗", "germanium"}, {"germanium metal", "germanium"}, {"germanium ingot", "germanium"}, {"germanium dioxide", "germanium"},
	{"仲钨酸铵", "tungsten"}, {"三氧化钨", "tungsten"}, {"钨精矿", "tungsten"}, {"ammonium paratungstate", "tungsten"}, {"tungsten trioxide", "tungsten"}, {"tungsten concentrate", "tungsten"},
	{"金属铋", "bismuth"}, {"铋锭", "bismuth"}, {"bismuth metal", "bismuth"}, {"bismuth ingot", "bismuth"},
	{"碲锭", "tellurium"}, {"金属碲", "tellurium"}, {"tellurium metal", "tellurium"},
	{"铟锭", "indium"}, {"金属铟", "indium"}, {"indium ingot", "indium"}, {"indium metal", "indium"},
	{"钼精矿", "molybdenum"}, {"molybdenum concentrate", "molybdenum"},
	{"氧化镝", "rare-earth"}, {"氧化铽", "rare-earth"}, {"氧化钐", "rare-earth"}, {"氧化钆", "rare-earth"}, {"氧化镥", "rare-earth"}, {"氧化钪", "rare-earth"}, {"氧化钇", "rare-earth"},
	{"金属镝", "rare-earth"}, {"金属铽", "rare-earth"}, {"镝铁", "rare-earth"}, {"dysprosium oxide", "rare-earth"}, {"terbium oxide", "rare-earth"}, {"samarium oxide", "rare-earth"},
	{"球形石墨", "graphite"}, {"鳞片石墨", "graphite"}, {"spherical graphite", "graphite"}, {"flake graphite", "graphite"},
}

// elementShare finds "Bi 55%", "Bi:55 %", "Sb≥99.65%", "含铋55%", "锑含量99.65%",
// "55% Bi" and "5N Ge" in a spec.
var elementShare = regexp.MustCompile(`(?i)(?:\b([A-Z][a-z]?)\s*[:：=]?\s*(?:≥|>=|>|min\.?)?\s*(\d{1,3}(?:\.\d+)?)\s*%|(\d{1,3}(?:\.\d+)?)\s*%\s*([A-Z][a-z]?)\b|含([\p{Han}]{1,2})\s*(\d{1,3}(?:\.\d+)?)\s*%|([\p{Han}])含量\s*[:：]?\s*(?:≥|>=|>)?\s*(\d{1,3}(?:\.\d+)?)\s*%|\b([2-9])N\s+([A-Z][a-z]?)\b|\b([A-Z][a-z]?)\d?O\d{0,2}(?:/T?REO)?\s*[:：=]?\s*(?:≥|>=|>|min\.?)?\s*(\d{1,3}(?:\.\d+)?)\s*%|\b(?:(Sb|Ga|Ge|Bi|Te|In|Mo|W|Sm|Gd|Tb|Dy|Lu|Sc)\s?(9\d\.\d+)\b|(Sb|Ga|Ge|Bi|Te|Sm|Gd|Tb|Dy|Lu|Sc)(9\d)(?:$|[^.\w]))|\b(Sb|Ga|Ge|Bi|Te|In|Mo|W|Sm|Gd|Tb|Dy|Lu|Sc|Y)\s+(?:metal|powder|ingots?)\s*(?:≥|>=|>)?\s*(\d{1,3}(?:\.\d+)?)\s*%)`)

// highCoercivity matches sintered NdFeB grades whose coercivity needs
// heavy rare earths (dysprosium or terbium): the SH, UH, EH, AH and TH
// classes.
var highCoercivity = regexp.MustCompile(`(?i)\bN?\d{2}(SH|UH|EH|AH|TH)\b`)

// noHeavyRE matches a statement that magnets hold no Dy or Tb.
var noHeavyRE = regexp.MustCompile(`(?i)(不含|无|未含)(镝|铽|重稀土)|(dy|tb|heavy rare[- ]earth)[- ]?free|(no|without)\s+(dy|tb|dysprosium|terbium|heavy rare)|\b(dy|tb)\s*[:：=]?\s*0(\.0+)?\s*%`)

// isMagnet says whether hs is a permanent magnet's line.
func isMagnet(hs string) bool {
	for _, p := range magnetHS {
		if strings.HasPrefix(hs, p) {
			return true
		}
	}
	return false
}

// magnetHS are the HS lines of permanent magnets.
var magnetHS = []string{"850511", "850519"}

type signal struct {
	Name     string  `json:"signal"`
	Weight   float64 `json:"weight"`
	Detail   string  `json:"detail"`
	DetailZh string  `json:"detail_zh"`
	// element is the content signal's element: a rare earth's content is
	// the goods' own only when their name is that rare earth.
	element struct{ zh, en, symbol string }
	share   float64 // the content signal's share, in %
	product string  // the named product's name (named_ signals), folded
}

// sig is a signal with what it found said in both languages.
func sig(name string, w float64, en, zh string) signal {
	return signal{Name: name, Weight: w, Detail: en, DetailZh: zh}
}

// groupWords names a mineral group in English and Chinese.
func groupWords(id string) (en, zh string) {
	for _, g := range catalog.Groups {
		if g.ID == id {
			return g.NameEn, g.NameZh
		}
	}
	return id, id
}

func groupEn(id string) string { en, _ := groupWords(id); return en }
func groupZh(id string) string { _, zh := groupWords(id); return zh }

// ruleWords names a destination rule in English and Chinese.
func ruleWords(rule string) (en, zh string) {
	switch rule {
	case catalog.RuleProhibited:
		return "export prohibited", "禁止出口"
	case catalog.RulePresumptionOfDenial:
		return "presumed denied", "原则上不予许可"
	case catalog.RuleEnhancedReview:
		return "enhanced review", "加强审查"
	}
	return rule, rule
}

// combine treats a finding's signals as independent evidence: the weight
// is the chance that at least one is right, red from 0.9; it also returns
// the signals' details for the message.
func combine(sigs []signal) (float64, string, []string) {
	p := 1.0
	details := make([]string, len(sigs))
	for i, s := range sigs {
		p *= 1 - s.Weight
		details[i] = s.Detail
	}
	w := 1 - p
	channel := core.ChannelYellow
	if atLeast(w, 0.9) {
		channel = core.ChannelRed
	}
	return w, channel, details
}

// detailsZh are the signals' findings in Chinese.
func detailsZh(sigs []signal) []string {
	out := make([]string, len(sigs))
	for i, s := range sigs {
		out[i] = cmp.Or(s.DetailZh, s.Detail)
	}
	return out
}

func (x *detector) misdeclarations(items []*core.DeclarationItem) {
	medians := x.hsMedians(items)
	// The codes each declaration's items are declared under: a lot that
	// left under a declaration of several items belongs to the item of its
	// own code, not to the others.
	declared := make(map[string][]string, len(items))
	for _, d := range items {
		declared[d.DeclarationNo] = append(declared[d.DeclarationNo], d.HSCode)
	}
	// claimed is the stock each exporter cannot show that earlier
	// findings (items are in date order) took as what they shipped: a lot
	// leaves once. A trader whose inventory lies on its books while it
	// ships other goods for a year is suspected of it once, not on every
	// shipment (seen on a world the detector was not tuned on: 173 false
	// findings for one trader).
	claimed := map[core.USCC]float64{}
	groups := make([]string, len(items)) // each item's x.sensitive, read once
	for i, d := range items {
		groups[i] = x.sensitive(d)
	}
	handled := declaredGroups(items, groups, x.in.Ledger)
	regular := generalTrade(items, groups)
	for i, d := range items {
		// Goods declared as controlled face the screening checks. Goods of
		// a strategic material under a code that is not controlled are
		// still weighed: lanthanum oxide at the price of dysprosium oxide,
		// 99.5 % antimony trioxide whose lots are 4N, magnets whose words
		// leave the dysprosium out.
		strategic := groups[i] != ""
		if strategic && x.controlledByCatalogue(d) {
			// The checks judge them as the item declared; the chain of
			// custody can still show they are another (terbium oxide
			// leaving as lanthanum oxide under yttrium oxide's code).
			deps := x.asOf(x.ownLots(x.in.Departures[d.DeclarationNo], declared[d.DeclarationNo]), d.DeclaredAt)
			if s, ok := x.chainIdentity(d, deps); ok {
				x.anotherItem(d, []signal{s})
			}
			continue
		}
		var sigs []signal
		stock := false
		text := x.fold(d.GoodsName + " " + d.GoodsSpec)
		if s, ok := namedProduct(x.fold(d.GoodsName)); ok {
			sigs = append(sigs, s)
		} else if s, ok := specNamesProduct(x.fold(d.GoodsSpec), text); ok && !x.in.Catalog.Lists(d.HSCode) {
			// Under a code the catalogue lists the goods are the item,
			// declared before or after its control.
			sigs = append(sigs, s)
		} else {
			sigs = append(sigs, mentioned(text, d.GoodsName+" "+d.GoodsSpec+" "+text, x.in.Catalog.ControlsProducts)...)
		}
		if s, ok := x.ledgerMismatch(d); ok {
			sigs = append(sigs, s)
		}
		if m := x.material(d.HSCode); m != nil && m.Group == "other" && x.isShippedCover(m.ID) {
			sigs = append(sigs, sig("cover_commodity", 0.15, fmt.Sprintf("%s is a cover name in published smuggling cases", m.ID), fmt.Sprintf("%s是已公开走私案件中用过的伪报品名", m.ID)))
		}
		if s, ok := magnetSpec(d, text); ok {
			sigs = append(sigs, s)
		}
		var chain signal
		var hasChain, chainClean bool
		deps := x.asOf(x.ownLots(x.in.Departures[d.DeclarationNo], declared[d.DeclarationNo]), d.DeclaredAt)
		if strategic && !x.in.Catalog.Describes(d.HSCode) {
			// Made from the same mineral is what strategic goods are: only
			// a lot that is another, controlled item says something.
			chain, hasChain = x.chainIdentity(d, deps)
		} else {
			chain, hasChain, chainClean = chainSignal(d, deps)
		}
		if hasChain {
			sigs = append(sigs, chain)
		}
		// Stock the exporter holds elsewhere says nothing of goods the
		// chain of custody shows were made without it, nor of goods of the
		// mineral itself.
		if s, ok := x.unaccountedStock(d, claimed[d.ExporterUSCC]); ok && !chainClean && !strategic {
			sigs = append(sigs, s)
			stock = true
		}
		sigs = append(sigs, x.valueSignals(d, medians, handled)...)
		sigs = dropNamedWhereContentGiven(sigs)
		sigs = x.onSiblingLine(d, sigs)
		if g, ok := derivedProduct(text, d.HSCode); ok {
			// Ferromolybdenum from a molybdenum smelter, electrodes from a
			// graphite plant: the mineral's name is the product's, and its
			// enterprises make it (seen on a world the detector was not
			// tuned on: 126 clean ferroalloys and electrodes flagged).
			sigs = slices.DeleteFunc(sigs, func(s signal) bool {
				return s.Name == "description_names_"+g || strings.HasPrefix(s.Name, "ledger_")
			})
		}
		if x.sensitive(d) != "" {
			// Strategic goods (magnets) weighed for a controlled part left
			// out: that they name their mineral, or come from its
			// enterprises, is what they are, not a sign.
			// Nor that they are made of it: 99.95 % tungsten under a
			// tungsten code is the goods' own content.
			// But a rare earth's compound named as one of the controlled
			// elements' (氧化镝, dysprosium oxide), under a code that is not
			// that item's, is named against its code: another element's
			// line, not a magnet's part (seen on a world the detector was
			// not tuned on: dysprosium oxide on 2846901200).
			own := "content_" + x.sensitive(d)
			name := x.fold(d.GoodsName)
			namedAgainst := func(s signal) bool {
				if x.sensitive(d) != "rare-earth" || isMagnet(d.HSCode) || s.Name != "named_rare-earth_product" || x.in.Catalog.Lists(d.HSCode) {
					return false
				}
				// Its own line's name (samarium oxide on samarium oxide's
				// line, before its control: a line the catalogue lists) is
				// no contradiction.
				m := x.material(d.HSCode)
				return m == nil || !strings.Contains(x.fold(m.NameZh+" "+m.NameEn), s.product)
			}
			sigs = slices.DeleteFunc(sigs, func(s signal) bool {
				return strings.HasPrefix(s.Name, "ledger_") || strings.HasPrefix(s.Name, "description_names_") ||
					strings.HasPrefix(s.Name, "named_") && !namedAgainst(s) ||
					s.Name == own && !otherRareEarth(s, own, name, d.GoodsName)
			})
		}
		// The cover-commodity prior only strengthens other evidence: at
		// least one strong signal, or two independent ones, are needed.
		strong, independent, onGoods := false, 0, false
		for _, s := range sigs {
			if s.Name != "cover_commodity" {
				independent++
				strong = strong || atLeast(s.Weight, 0.45)
			}
			// A cover name is the goods' own, but a weak one: it speaks
			// for them only where general goods are not the exporter's
			// regular trade (seen on a world the detector was not tuned
			// on: ledger traders shipping zinc and lead ingots every month
			// while their books never closed).
			onGoods = onGoods || !aboutExporter(s.Name) && (s.Name != "cover_commodity" || !regular[i])
		}
		if !strong && independent < 2 || !onGoods {
			continue
		}
		w, channel, names := combine(sigs)
		if !atLeast(w, 0.45) {
			continue
		}
		if stock {
			claimed[d.ExporterUSCC] += weightOf(d)
		}
		x.add(d, core.Finding{Code: Misdeclaration, Channel: channel, Weight: w,
			Evidence: map[string]any{"hs_code": d.HSCode, "goods_name": d.GoodsName, "goods_spec": d.GoodsSpec, "signals": sigs,
				"combined": round(w, 2), "threshold": 0.45},
			Message:   fmt.Sprintf("goods declared as %q (HS %s, uncontrolled) are likely something else: %s", d.GoodsName, d.HSCode, strings.Join(names, "; ")),
			MessageZh: fmt.Sprintf("申报为“%s”（商品编号%s，非管制）的货物疑似伪报：%s", d.GoodsName, d.HSCode, strings.Join(detailsZh(sigs), "；"))})
		x.coverExporter(d)
	}
}

// onSiblingLine weighs goods declared on the uncontrolled code of a
// tariff line split between a controlled item and the rest (tungsten
// alloy counterweights on 8101999090 beside 1C117.c's 8101999001;
// antimony trioxide on 2825800090 beside 3C003.c's ≥ 99.99 % on
// 2825800010): that they name the item's mineral, or give its content, is
// what goods of the line do, not a sign, and nor is a lot of the mineral
// leaving under the declaration (seen on a world the detector was not
// tuned on: every counterweight red). A content that meets the
// item's own threshold is: those are the item's goods on the other code.
func (x *detector) onSiblingLine(d *core.DeclarationItem, sigs []signal) []signal {
	sib := x.in.Catalog.Siblings(d.HSCode)
	if len(sib) == 0 {
		return sigs
	}
	groups := map[string]bool{}
	for _, it := range sib {
		groups[it.Group] = true
	}
	var meets []signal
	text := x.fold(d.GoodsName + " " + d.GoodsSpec)
	for _, s := range mentioned(text, d.GoodsName+" "+d.GoodsSpec+" "+text, x.in.Catalog.ControlsProducts) {
		g, ok := strings.CutPrefix(s.Name, "content_")
		if !ok || !groups[g] {
			continue
		}
		for _, it := range sib {
			for _, t := range it.Thresholds {
				if it.Group == g && t.Property == "purity" && t.Passes(s.share) {
					code := firstNonEmpty(it.ControlCode, it.ListCode)
					meets = append(meets, sig("meets_sibling_item", 0.8,
						fmt.Sprintf("the specification gives %.4g%% %s, which meets %s (%s, %s) of HS %s, the other code of the same tariff line", s.share, s.element.en, it.NameEn, code, t, strings.Join(it.HSCodes, ", ")),
						fmt.Sprintf("规格注明含%s %.4g%%，达到同一税则号列另一编码%s项下%s（%s）的指标", s.element.zh, s.share, strings.Join(it.HSCodes, "、"), it.NameZh, code)))
				}
			}
		}
	}
	if len(meets) == 0 {
		// A grade with no element, in the words thresholds read ("4N
		// 高纯级" for antimony trioxide).
		if v, ok := catalog.StatedPurity(d.GoodsName + " " + d.GoodsSpec); ok {
			for _, it := range sib {
				for _, t := range it.Thresholds {
					if t.Property == "purity" && t.Passes(v) && len(meets) == 0 {
						code := firstNonEmpty(it.ControlCode, it.ListCode)
						meets = append(meets, sig("meets_sibling_item", 0.8,
							fmt.Sprintf("the specification gives a purity of %.4g%%, which meets %s (%s, %s) of HS %s, the other code of the same tariff line", v, it.NameEn, code, t, strings.Join(it.HSCodes, ", ")),
							fmt.Sprintf("规格注明纯度%.4g%%，达到同一税则号列另一编码%s项下%s（%s）的指标", v, strings.Join(it.HSCodes, "、"), it.NameZh, code)))
					}
				}
			}
		}
	}
	out := sigs[:0]
	for _, s := range sigs {
		g := s.Name
		for _, p := range []string{"content_", "description_names_", "named_", "spec_names_", "chain_lot_"} {
			g = strings.TrimPrefix(g, p)
		}
		g = strings.TrimSuffix(g, "_product")
		if g != s.Name && groups[g] {
			continue
		}
		out = append(out, s)
	}
	if len(meets) > 0 {
		out = append(out, meets[0])
	}
	return out
}

// anotherItem adds the finding that controlled goods are another item
// than the one declared.
func (x *detector) anotherItem(d *core.DeclarationItem, sigs []signal) {
	w, channel, names := combine(sigs)
	x.add(d, core.Finding{Code: Misdeclaration, Channel: channel, Weight: w,
		Evidence:  map[string]any{"hs_code": d.HSCode, "goods_name": d.GoodsName, "goods_spec": d.GoodsSpec, "signals": sigs, "combined": round(w, 2)},
		Message:   fmt.Sprintf("goods declared as %q (HS %s, a controlled item) are likely another item: %s", d.GoodsName, d.HSCode, strings.Join(names, "; ")),
		MessageZh: fmt.Sprintf("申报为“%s”（商品编号%s，管制物项）的货物疑为另一物项：%s", d.GoodsName, d.HSCode, strings.Join(detailsZh(sigs), "；"))})
}

// coverExporter: goods found under a cover name are the strategic goods
// they hide, and the ledger rule is the one for those goods — an exporter
// outside the ledger (or not active in it that day) exports them
// unregistered. Yellow, as the goods' identity is suspected, not shown.
// Goods declared as strategic were judged by the ledger rule already.
func (x *detector) coverExporter(d *core.DeclarationItem) {
	if g := x.sensitive(d); g != "" && x.in.Catalog.IsStrategic(g) {
		return
	}
	e := x.in.Ledger[d.ExporterUSCC]
	// Active as the ledger rule reads a record without history: from its
	// registration date, in its reported status (none reported: active).
	if d.ExporterUSCC == "" || e != nil && (e.Status == "" || e.Status == core.StatusActive) && !e.RegisteredOn.After(d.DeclaredAt) {
		return
	}
	status := "not in the ledger"
	statusZh := "未列入台账"
	if e != nil {
		status, statusZh = "not active in the ledger", "台账状态非正常"
	}
	x.add(d, core.Finding{Code: UnregisteredEnterprise, Weight: 0.3,
		Evidence: map[string]any{"role": "exporter", "uscc": d.ExporterUSCC, "declared_at": d.DeclaredAt.String(), "basis": "misdeclaration"},
		Message: fmt.Sprintf("exporter %s was %s on %s, and the goods declared as %q are likely strategic goods under a cover name",
			d.ExporterUSCC, status, d.DeclaredAt, d.GoodsName),
		MessageZh: fmt.Sprintf("出口经营者%s在%s%s，且申报为“%s”的货物疑似以他名出口的战略矿产", d.ExporterUSCC, d.DeclaredAt, statusZh, d.GoodsName)})
}

// controlledByCatalogue: the catalogue makes these goods a controlled
// item on their day, read with their words where the code holds items
// recognised or ruled out by them.
func (x *detector) controlledByCatalogue(d *core.DeclarationItem) bool {
	if !x.in.Catalog.ReadsText(d.HSCode) {
		return x.answer(d.HSCode, d.DeclaredAt, "").Controlled // cached by code and day
	}
	a := x.in.Catalog.Lookup(catalog.Query{HS: d.HSCode, Date: d.DeclaredAt, Text: d.GoodsName + " " + d.GoodsSpec})
	return a.Controlled
}

// chainIdentity: a lot leaving under a declaration of strategic goods is a
// material whose own codes are a controlled item, and not the code
// declared — 4N antimony trioxide (2825800010) under the 99.5 % grade's
// 2825800090.
func (x *detector) chainIdentity(d *core.DeclarationItem, deps []Departure) (signal, bool) {
	for _, dp := range deps {
		codes := x.materialCodes(dp.Material)
		if len(codes) == 0 || slices.Contains(codes, d.HSCode) {
			continue
		}
		for _, hs := range codes {
			if a := x.answer(hs, d.DeclaredAt, ""); a.Controlled {
				return sig("chain_lot_controlled_item", 0.9, fmt.Sprintf("the chain of custody records %.0f kg of %s (lot %s), a controlled item under HS %s, leaving under this declaration of HS %s",
					dp.Kg, dp.Material, dp.Lot, hs, d.HSCode), fmt.Sprintf("流向记录显示%.0f千克%s（批次%s，商品编号%s下的管制物项）以本报关单（商品编号%s）出境",
					dp.Kg, dp.Material, dp.Lot, hs, d.HSCode)), true
			}
		}
	}
	return signal{}, false
}

// ownLots leaves out the lots that another item of the declaration is
// declared as (its material's codes hold that item's code).
func (x *detector) ownLots(deps []Departure, declared []string) []Departure {
	if len(declared) < 2 {
		return deps
	}
	var out []Departure
	for _, dp := range deps {
		codes := x.materialCodes(dp.Material)
		if !slices.ContainsFunc(declared, func(hs string) bool { return slices.Contains(codes, hs) }) {
			out = append(out, dp)
		}
	}
	return out
}

// materialCodes are a material's HS codes: a bundle's row, else the
// shipped table's.
func (x *detector) materialCodes(id string) []string {
	for _, m := range x.in.Materials {
		if m.ID == id {
			return m.HSCodes
		}
	}
	for _, m := range x.in.Catalog.Materials {
		if m.ID == id {
			return m.HSCodes
		}
	}
	return nil
}

// namedProduct: the goods name is a controlled product's name.
func namedProduct(folded string) (signal, bool) {
	for _, p := range controlledProducts {
		if strings.Contains(folded, p.name) {
			return namedSig(p.name, p.group), true
		}
	}
	return signal{}, false
}

func namedSig(name, group string) signal {
	en, zh := groupWords(group)
	s := sig("named_"+group+"_product", 0.6, fmt.Sprintf("the goods are named %q, a %s product, under an uncontrolled code", name, en),
		fmt.Sprintf("品名“%s”为%s产品，却以非管制商品编号申报", name, zh))
	s.product = name
	return s
}

func specSig(name, group string) signal {
	en, zh := groupWords(group)
	return sig("spec_names_"+group+"_product", 0.5, fmt.Sprintf("the specification names %q, a %s product", name, en),
		fmt.Sprintf("规格型号写明“%s”，为%s产品", name, zh))
}

// specNamesProduct: the specification names a controlled product ("APT
// 88.7 % WO3" for sodium tungstate, "flake +80 mesh" for amorphous
// graphite); Latin names count as words of their own. text is the whole
// description, which some names need to mean the product (a flake is
// flake graphite only in graphite).
func specNamesProduct(spec, text string) (signal, bool) {
	for _, p := range specProducts {
		if p.within != "" && !strings.Contains(text, p.within) {
			continue
		}
		if (p.name[0] < 0x80 && containsWord(spec, p.name)) || (p.name[0] >= 0x80 && strings.Contains(spec, p.name)) {
			return specSig(p.name, p.group), true
		}
	}
	return signal{}, false
}

// specProducts are controlled products a specification may name: a
// name, never a content ("三氧化钨含量" is what sodium tungstate holds;
// "APT-0" is what it is not).
var specProducts = []struct{ name, group, within string }{
	{"apt", "tungsten", ""}, {"apt-0", "tungsten", ""}, {"仲钨酸铵", "tungsten", ""}, {"ammonium paratungstate", "tungsten", ""},
	{"锑锭", "antimony", ""}, {"antimony ingot", "antimony", ""}, {"金属镓", "gallium", ""}, {"镓锭", "gallium", ""}, {"gallium metal", "gallium", ""},
	{"金属锗", "germanium", ""}, {"锗锭", "germanium", ""}, {"germanium ingot", "germanium", ""}, {"球形石墨", "graphite", ""}, {"spherical graphite", "graphite", ""},
	{"鳞片", "graphite", "石墨"}, {"flake", "graphite", "石墨"}, {"鳞片", "graphite", "graphite"}, {"flake", "graphite", "graphite"},
}

// derivedProducts are products of a mineral that carry its name and are
// goods of their own, under their own heading: ferroalloys (7202) and
// carbon electrodes (8545) are not the metal or the graphite the controls
// name.
var derivedProducts = []struct{ group, word, heading string }{
	{"molybdenum", "钼铁", "7202"}, {"molybdenum", "ferromolybdenum", "7202"}, {"molybdenum", "ferro-molybdenum", "7202"}, {"molybdenum", "ferro molybdenum", "7202"},
	{"tungsten", "钨铁", "7202"}, {"tungsten", "ferrotungsten", "7202"}, {"tungsten", "ferro-tungsten", "7202"}, {"tungsten", "ferro tungsten", "7202"},
	{"graphite", "石墨电极", "8545"}, {"graphite", "graphite electrode", "8545"}, {"graphite", "电极", "8545"},
	// Rare-earth magnets are what rare-earth enterprises make; whether
	// they hold the controlled heavy rare earths is magnetSpec's question.
	{"rare-earth", "钕铁硼", "8505"}, {"rare-earth", "ndfeb", "8505"}, {"rare-earth", "nd-fe-b", "8505"}, {"rare-earth", "永磁", "8505"},
	{"rare-earth", "magnet", "8505"}, {"rare-earth", "磁钢", "8505"}, {"rare-earth", "磁体", "8505"}, {"rare-earth", "磁铁", "8505"},
}

// derivedProduct says whether folded names a derived product of a group
// under its own heading.
func derivedProduct(folded, hs string) (group string, ok bool) {
	for _, p := range derivedProducts {
		if strings.HasPrefix(hs, p.heading) && strings.Contains(folded, p.word) {
			return p.group, true
		}
	}
	return "", false
}

// negatedMineral is a controlled mineral said to be absent from the goods,
// in folded text: 不含重稀土, 无镝无铽, 未添加镓, dy-free, dy/tb free, no
// dysprosium, without heavy rare earths, free of terbium.
var negatedMineral = func() *regexp.Regexp {
	var zh, en []string
	for _, t := range mineralTerms {
		zh, en = append(zh, regexp.QuoteMeta(t.zh)), append(en, regexp.QuoteMeta(t.en))
		if t.symbol != "" {
			en = append(en, strings.ToLower(t.symbol))
		}
	}
	z, e := strings.Join(zh, "|"), strings.Join(en, "|")
	return regexp.MustCompile(`(?:不含|无|未含|未添加|不添加|不加)(?:重|轻)?(?:` + z + `)(?:[、/和及与]?(?:重|轻)?(?:` + z + `))*` +
		`|\b(?:(?:heavy|light)\s+)?(?:` + e + `)(?:\s*(?:/|and|&|,)\s*(?:` + e + `))*s?\s*-?\s*free\b` +
		`|\b(?:no|without|free of|zero)\s+(?:(?:heavy|light)\s+)?(?:` + e + `)(?:\s*(?:/|and|&|,|or)\s*(?:` + e + `))*s?\b`)
}()

// reNamedNines is a mineral named with its grade in nines: bismuth 4N.
var reNamedNines = regexp.MustCompile(`(?i)(antimony|gallium|germanium|tungsten|tellurium|bismuth|molybdenum|indium|锑|镓|锗|钨|碲|铋|钼|铟)\s*([2-7])N\b`)

// reAlloy is an alloy written as its elements and their shares in weight
// per cent, one word: Bi57.6Sn42Ag0.4, Sn42Bi58, Dy80Fe20, FeDy80 (iron
// the balance), W90Ni7Fe3.
var reAlloy = regexp.MustCompile(`\b(?:[A-Z][a-z]?(?:\d+(?:\.\d+)?)?){2,6}\b`)

var reAlloyPart = regexp.MustCompile(`([A-Z][a-z]?)(\d+(?:\.\d+)?)?`)

// alloying are the elements alloys are written with; a word with any other
// capital (N48H, YG8, SAC305) is a grade or a model, not an alloy.
var alloying = map[string]bool{"Fe": true, "Ni": true, "Co": true, "Cu": true, "Sn": true, "Ag": true, "Pb": true, "Zn": true, "Al": true,
	"Mg": true, "Mn": true, "Cr": true, "Ti": true, "Si": true, "C": true, "B": true, "Nb": true, "Ta": true, "V": true, "Zr": true,
	"Sb": true, "Ga": true, "Ge": true, "W": true, "Te": true, "Bi": true, "Mo": true, "In": true, "Nd": true, "Pr": true, "Ce": true,
	"La": true, "Sm": true, "Gd": true, "Tb": true, "Dy": true, "Lu": true, "Sc": true, "Y": true, "Au": true, "Pt": true, "Pd": true, "Cd": true}

// alloyShares reads an alloy's elements and their shares from a word of
// raw: every element given a share, the shares adding to about 100 (not
// a formula such as Sm2Co17, whose numbers count atoms), or all but the
// first, which is the balance.
func alloyShares(raw string) map[string]float64 {
	var out map[string]float64
	for _, word := range reAlloy.FindAllString(raw, -1) {
		parts := reAlloyPart.FindAllStringSubmatch(word, -1)
		shares, sum, balance, ok := map[string]float64{}, 0.0, "", true
		for i, p := range parts {
			if !alloying[p[1]] {
				ok = false
				break
			}
			if p[2] == "" {
				// The balance is written first (FeDy80); an element
				// without a number elsewhere is a formula's (Nd2Fe14B).
				if i > 0 {
					ok = false
					break
				}
				balance = p[1]
				continue
			}
			v, _ := strconv.ParseFloat(p[2], 64)
			shares[p[1]], sum = shares[p[1]]+v, sum+v
		}
		switch {
		case !ok || len(parts) < 2:
			continue
		case balance == "" && (sum < 95 || sum > 100.5):
			continue
		case balance != "" && (sum <= 0 || sum >= 100):
			continue
		case balance != "":
			shares[balance] = 100 - sum
		}
		if out == nil {
			out = map[string]float64{}
		}
		for el, v := range shares {
			out[el] = max(out[el], v)
		}
	}
	return out
}

// mentioned finds controlled minerals named in a description of goods
// declared under an uncontrolled code. products says whether a group's
// metal is controlled with its products: goods mostly of that metal
// (bismuth solder paste of 58 % bismuth) are then the item itself.
func mentioned(folded, raw string, products func(group string) bool) []signal {
	var out []signal
	seen := map[string]bool{}
	// A mineral said to be absent (不含重稀土, 无镝无铽, Dy-free, without
	// terbium) is not named.
	folded = negatedMineral.ReplaceAllString(folded, " ")
	for _, t := range mineralTerms {
		if seen[t.group] {
			continue
		}
		if strings.Contains(folded, t.zh) || containsWord(folded, t.en) {
			seen[t.group] = true
			out = append(out, sig("description_names_"+t.group, 0.3, fmt.Sprintf("the description names %s (%s)", t.en, t.zh), fmt.Sprintf("品名或规格提及%s", t.zh)))
		}
	}
	for _, m := range elementShare.FindAllStringSubmatch(raw, -1) {
		el, num := m[1], m[2]
		if el == "" {
			el, num = m[4], m[3]
		}
		if el == "" {
			el, num = m[5], m[6]
		}
		if el == "" {
			el, num = m[7], m[8]
		}
		if el == "" && m[10] != "" { // "5N Ge": five nines of germanium
			el, num = m[10], "99.9"
		}
		if el == "" { // "Sb2O3≥99.99%": the oxide's metal
			el, num = m[11], m[12]
		}
		if el == "" { // "Sb99.9", "Bi97": a grade written without its sign
			el, num = m[13], m[14]
		}
		if el == "" { // "Bi97", "Dy99": two letters and the grade, one word
			el, num = m[15], m[16]
		}
		if el == "" { // "Tb metal 99.9%"
			el, num = m[17], m[18]
		}
		share, _ := strconv.ParseFloat(num, 64)
		out = content(out, seen, el, share, products)
	}
	// "bismuth 4N ingot", "锗 5N": a grade in nines after the mineral's name.
	for _, m := range reNamedNines.FindAllStringSubmatch(raw, -1) {
		name, nines := strings.ToLower(m[1]), int(m[2][0]-'0')
		for _, t := range mineralTerms {
			if t.symbol != "" && (name == t.en || name == t.zh) {
				out = content(out, seen, t.symbol, 100-math.Pow(10, float64(2-nines)), products)
			}
		}
	}
	shares := alloyShares(raw)
	els := make([]string, 0, len(shares))
	for el := range shares {
		els = append(els, el)
	}
	sort.Strings(els)
	for _, el := range els {
		out = content(out, seen, el, shares[el], products)
	}
	return out
}

// content adds the signal of a share of an element, once per group.
func content(out []signal, seen map[string]bool, el string, share float64, products func(string) bool) []signal {
	for _, t := range mineralTerms {
		if share >= 30 && (t.symbol != "" && el == t.symbol || el == t.zh) {
			if !seen["share_"+t.group] {
				seen["share_"+t.group] = true
				// Goods that are nine parts in ten the element are the
				// element, whatever their name; goods mostly of a metal
				// controlled with its products are its products.
				w := 0.4
				switch {
				case share >= 90:
					w = 0.6
				case share >= 50 && products != nil && products(t.group):
					w = 0.45
				}
				s := sig("content_"+t.group, w, fmt.Sprintf("the specification gives %.4g%% %s", share, t.en), fmt.Sprintf("规格注明含%s %.4g%%", t.zh, share))
				s.element.zh, s.element.en, s.element.symbol = t.zh, t.en, t.symbol
				s.share = share
				out = append(out, s)
			}
		}
	}
	return out
}

// dropNamedWhereContentGiven keeps one signal per fact: a specification
// giving "55 % bismuth" also names bismuth.
func dropNamedWhereContentGiven(sigs []signal) []signal {
	content := map[string]bool{}
	for _, s := range sigs {
		if g, ok := strings.CutPrefix(s.Name, "content_"); ok {
			content[g] = true
		}
	}
	out := sigs[:0]
	for _, s := range sigs {
		if g, ok := strings.CutPrefix(s.Name, "description_names_"); ok && content[g] {
			continue
		}
		out = append(out, s)
	}
	return out
}

func containsWord(folded, w string) bool {
	i := strings.Index(folded, w)
	for i >= 0 {
		before := i == 0 || !isLetter(folded[i-1])
		end := i + len(w)
		after := end >= len(folded) || !isLetter(folded[end])
		if before && after {
			return true
		}
		j := strings.Index(folded[i+1:], w)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// ledgerMismatch: the exporter or producer is in the ledger for
// controlled or strategic minerals only, and declares general goods.
func (x *detector) ledgerMismatch(d *core.DeclarationItem) (signal, bool) {
	for _, role := range []struct {
		name string
		u    core.USCC
	}{{"producer", d.ProducerUSCC}, {"exporter", d.ExporterUSCC}} {
		e := x.in.Ledger[role.u]
		if role.u == "" || e == nil || len(e.Minerals) == 0 {
			continue
		}
		only := true
		for _, g := range e.Minerals {
			if g == "other" || !x.in.Catalog.IsStrategic(g) {
				only = false
			}
		}
		if !only {
			continue
		}
		var makes bool
		for _, s := range e.Segments {
			switch s {
			case core.SegMining, core.SegSmelting, core.SegProcessing, core.SegManufacturing:
				makes = true
			}
		}
		w := 0.35
		if makes {
			w = 0.45
		}
		return sig("ledger_"+role.name, w, fmt.Sprintf("the %s %s is in the ledger for %s only", role.name, role.u, strings.Join(e.Minerals, ", ")),
			fmt.Sprintf("%s%s在台账中仅登记%s", map[string]string{"producer": "生产单位", "exporter": "出口经营者"}[role.name], role.u, strings.Join(e.Minerals, "、"))), true
	}
	return signal{}, false
}

// generalTrade says for each item whether its exporter's earlier
// declarations show general goods as a regular part of its trade: at
// least regularGeneral declarations of general goods, a third or more of
// all it declared. Only earlier declarations count, as a live judgement
// sees them. items are in date order, a declaration's items together.
func generalTrade(items []*core.DeclarationItem, groups []string) []bool {
	type tally struct {
		general, all int
		lastNo       string
		lastGeneral  bool
	}
	seen := map[core.USCC]*tally{}
	out := make([]bool, len(items))
	for i, d := range items {
		t := seen[d.ExporterUSCC]
		if t == nil {
			t = &tally{}
			seen[d.ExporterUSCC] = t
		}
		if t.lastNo != d.DeclarationNo {
			if t.lastNo != "" {
				t.all++
				if t.lastGeneral {
					t.general++
				}
			}
			t.lastNo, t.lastGeneral = d.DeclarationNo, false
		}
		out[i] = t.general >= regularGeneral && 3*t.general >= t.all
		if groups[i] == "" {
			t.lastGeneral = true
		}
	}
	return out
}

// regularGeneral is how many declarations of general goods make them part
// of an exporter's trade.
const regularGeneral = 3

// declaredGroups are the mineral groups each exporter outside the ledger
// declares goods of: what it is known to handle, where no ledger entry
// says.
func declaredGroups(items []*core.DeclarationItem, groups []string, ledger map[core.USCC]*core.Enterprise) map[core.USCC]map[string]bool {
	out := map[core.USCC]map[string]bool{}
	for i, d := range items {
		if g := groups[i]; g != "" && ledger[d.ExporterUSCC] == nil {
			if out[d.ExporterUSCC] == nil {
				out[d.ExporterUSCC] = map[string]bool{}
			}
			out[d.ExporterUSCC][g] = true
		}
	}
	return out
}

// valueSignals: general goods declared at many times what the same HS code
// usually fetches, and at what a controlled material the exporter handles
// costs that day — by its ledger entry, or, outside the ledger, by the
// minerals it declares elsewhere (a sender of germanium parcels whose
// "tin" parcels cost what germanium does).
func (x *detector) valueSignals(d *core.DeclarationItem, medians map[string]float64, declared map[core.USCC]map[string]bool) []signal {
	uv, ok := x.unitValue(d)
	if !ok {
		return nil
	}
	var out []signal
	if med, factor, en, zh, ok := usualValue(medians, d.HSCode); ok {
		if uv >= factor*med {
			out = append(out, sig("hs_value_outlier", outlierWeight(uv/med*valueOutlier/factor), fmt.Sprintf("declared at %.0f CNY/kg, %.0f× the usual %.0f CNY/kg for %s", uv, uv/med, med, en),
				fmt.Sprintf("申报单价%.0f元/千克，为%s通常单价%.0f元/千克的%.0f倍", uv, zh, med, uv/med)))
		}
	} else if m := x.material(d.HSCode); m != nil {
		// Too few declarations under the code to know its usual value: the
		// market price of what the code says the goods are.
		if _, hi, n := band(x.priceTable()[m.ID], d.DeclaredAt); n > 0 && hi > 0 && uv >= valueOutlier*hi {
			out = append(out, sig("market_value_outlier", outlierWeight(uv/hi), fmt.Sprintf("declared at %.0f CNY/kg, %.0f× the market price of %s (at most %.0f CNY/kg)", uv, uv/hi, m.ID, hi),
				fmt.Sprintf("申报单价%.0f元/千克，为%s市场价（至多%.0f元/千克）的%.0f倍", uv, m.ID, hi, uv/hi)))
		}
	}
	if len(out) == 0 {
		return nil
	}
	// Only the materials the exporter's ledger entry says it handles: with
	// prices from 15 to 16,000 CNY/kg, any value fits some material.
	handles := declared[d.ExporterUSCC]
	if e := x.in.Ledger[d.ExporterUSCC]; e != nil {
		handles = map[string]bool{}
		for _, g := range e.Minerals {
			handles[g] = true
		}
	}
	if len(handles) == 0 {
		return out
	}
	prices := x.priceTable()
	mats := make([]string, 0, len(prices))
	for m := range prices {
		mats = append(mats, m)
	}
	sort.Strings(mats)
	for _, m := range mats {
		if g, ok := x.materialByID(m); !ok || g == "other" || !handles[g] {
			continue
		}
		lo, hi, n := band(prices[m], d.DeclaredAt)
		if n > 0 && uv >= lo/2 && uv <= hi*2 {
			// Within a tenth of the price, the value is hardly a coincidence.
			w := 0.45
			if uv >= lo*0.9 && uv <= hi*1.1 {
				w = 0.55
			}
			out = append(out, sig("value_fits_"+m, w, fmt.Sprintf("%.0f CNY/kg is what %s cost that day (%.0f–%.0f CNY/kg)", uv, m, lo, hi),
				fmt.Sprintf("%.0f元/千克与当日%s价格相符（%.0f–%.0f元/千克）", uv, m, lo, hi)))
			break
		}
	}
	return out
}

// outlierWeight grows with how far above the usual value goods are
// declared: 4× is a hint, 25× is a price no buyer pays for those goods.
func outlierWeight(ratio float64) float64 {
	switch {
	case ratio >= 25:
		return 0.5
	case ratio >= 10:
		return 0.4
	}
	return 0.3
}

// materialByID returns a material's group.
func (x *detector) materialByID(id string) (string, bool) {
	for _, m := range x.in.Materials {
		if m.ID == id {
			return m.Group, true
		}
	}
	for _, m := range x.in.Catalog.Materials {
		if m.ID == id {
			return m.Group, true
		}
	}
	return "", false
}

// isShippedCover: general-goods rows of the shipped materials table are
// the cover commodities of the published cases.
func (x *detector) isShippedCover(id string) bool {
	for _, m := range x.in.Catalog.Materials {
		if m.ID == id {
			return m.Group == "other"
		}
	}
	return false
}

func magnetSpec(d *core.DeclarationItem, folded string) (signal, bool) {
	isMagnet := false
	for _, p := range magnetHS {
		if strings.HasPrefix(d.HSCode, p) {
			isMagnet = true
		}
	}
	if !isMagnet && !strings.Contains(folded, "ndfeb") && !strings.Contains(folded, "钕铁硼") {
		return signal{}, false
	}
	g := highCoercivity.FindString(d.GoodsSpec + " " + d.GoodsName)
	diffused := grainBoundary.FindString(d.GoodsSpec + " " + d.GoodsName)
	if g == "" && diffused == "" {
		return signal{}, false
	}
	if noHeavyRE.MatchString(folded+" "+textnorm.Fold(d.Remarks)) || !strings.Contains(folded, "镝") && !strings.Contains(folded, "dy") && !strings.Contains(folded, "铽") && !strings.Contains(folded, "tb") {
		if g == "" {
			return sig("magnet_diffusion", 0.7, fmt.Sprintf("%s (grain-boundary diffusion) puts dysprosium or terbium into the magnet, but none is declared", diffused),
				fmt.Sprintf("%s（晶界扩散）即向磁体渗入镝或铽，但申报未注明", diffused)), true
		}
		return sig("magnet_grade", 0.7, fmt.Sprintf("grade %s needs dysprosium or terbium for its coercivity, but none is declared", g),
			fmt.Sprintf("牌号%s的矫顽力需添加镝或铽，但申报未注明", g)), true
	}
	return signal{}, false
}

// grainBoundary is grain-boundary diffusion named: the process that puts
// dysprosium or terbium into a sintered magnet's grain boundaries.
var grainBoundary = regexp.MustCompile(`(?i)\bGBD\b|\bGBDP\b|grain[- ]boundary diffus\w*|晶界扩散|晶界渗透|晶界擴散|晶界滲透`)

// unaccountedStock: the exporter has controlled material it never
// accounted for, and now exports general goods. A yield shortfall counts in
// the months just before; idle stock however long it has lain — a lot held
// for a year before it leaves under a cover name is the same lot.
// claimed is what earlier findings took of it.
func (x *detector) unaccountedStock(d *core.DeclarationItem, claimed float64) (signal, bool) {
	us := x.in.Unaccounted[d.ExporterUSCC]
	if len(us) == 0 {
		return signal{}, false
	}
	month := d.DeclaredAt.Month()
	lo := d.DeclaredAt.AddDays(-92).Month()
	var hits []string
	var kg float64
	for _, u := range us {
		if (u.Idle || u.Month >= lo) && u.Month <= month {
			hits = append(hits, fmt.Sprintf("%s %.0f kg %s", u.Month, u.Kg, u.Material))
			kg += u.Kg
		}
	}
	if len(hits) == 0 || kg-claimed < weightOf(d)*0.25 {
		return signal{}, false
	}
	sort.Strings(hits)
	return sig("unaccounted_stock", 0.5, "the exporter holds controlled material never accounted for: "+strings.Join(hits, ", "),
		"出口经营者持有去向不明的管制物料："+strings.Join(hits, "，")), true
}

// asOf is what the departures say under the controls of day: material of
// a group not yet (or no longer) controlled that day is general goods.
func (x *detector) asOf(deps []Departure, day core.Date) []Departure {
	if len(deps) == 0 {
		return deps
	}
	out := make([]Departure, len(deps))
	for i, dp := range deps {
		out[i] = dp.asOf(func(g string) bool { return x.groupControlledOn(g, day) })
	}
	return out
}

// groupControlledOn reports whether a measure covering the group's items
// is in force on day. A group no transcribed measure covers yet (bismuth,
// whose items of 2025-10 are still to be transcribed) counts as
// controlled, as its material's group says: the catalogue's gaps must not
// hide what the chain of custody shows.
func (x *detector) groupControlledOn(group string, day core.Date) bool {
	inForce, covered := x.in.Catalog.GroupControlledOn(group, day)
	return inForce || !covered
}

// aboutExporter: signals that speak of the exporter, not of the goods —
// what its ledger entry lists, what stock its books cannot show. They
// strengthen what the goods show (a price, a content, a lot, a name, the
// producer the declaration gives) and never stand for it: chain-of-custody
// books close imperfectly, and an exporter's registration is what it must
// report, not all it sells (seen on a world the detector was not tuned on:
// ledger traders and smelters with stock their books never closed,
// exporting general goods at their market price — 1,800 false findings).
func aboutExporter(name string) bool {
	return name == "ledger_exporter" || name == "unaccounted_stock"
}

// otherRareEarth: a content signal of one rare earth on goods named as
// another — dysprosium ≥ 99.5 % in "cerium oxide polishing powder" — is
// no content of the goods' own: the rare earths are one group, but not
// one material.
func otherRareEarth(s signal, own, foldedName, rawName string) bool {
	if own != "content_rare-earth" || s.element.zh == "" {
		return false
	}
	e := s.element
	return !strings.Contains(foldedName, e.zh) && !containsWord(foldedName, e.en) && (e.symbol == "" || !containsWord(rawName, e.symbol))
}
