// Package simulate writes synthetic worlds: a bundle of the mineral chains
// of the seven provinces, general trade around them, and every smuggling
// pattern of the bundle spec planted with variants next to benign
// look-alikes, with truth.csv naming every planted subject. It exists so
// that detection can be measured (orewatch eval), not to describe any real
// enterprise: every name, code and figure is made up.
package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

// Options size and seed a world.
type Options struct {
	Seed  uint64
	Scale float64 // 1 ≈ 10,000 declarations
	// Rough makes the data messier, as other sources' data is: carriers
	// weigh within ±2 %, a third of manifests lack size or tare, half the
	// declarations name no producer or consignee country, honest prices
	// scatter ±12 % and market quotes ±6 %. A test of how well detection
	// generalises beyond the generator's tidy defaults.
	Rough bool
}

// Stats counts what a world holds.
type Stats struct {
	Declarations int            `json:"declarations"`
	Items        int            `json:"items"`
	Planted      int            `json:"planted_declarations"`
	ByCode       map[string]int `json:"planted_by_code"`
	Events       int            `json:"events"`
}

var (
	start = core.NewDate(2024, 6, 1)
	end   = core.NewDate(2025, 10, 31)
)

// product is a controlled or strategic good exporters sell.
type product struct {
	material, group, hs, nameZh, nameEn, spec string
	priceCN                                   func(core.Date) float64 // CNY per kg
	intlRatio                                 float64                 // overseas to domestic
	lotKg                                     [2]float64              // typical consignment
	air                                       bool                    // usually flown
	province                                  string
}

// trend interpolates a price path through (month index, value) knots.
func trend(knots ...[2]float64) func(core.Date) float64 {
	return func(d core.Date) float64 {
		m := monthsSince(d)
		if m <= knots[0][0] {
			return knots[0][1]
		}
		for i := 1; i < len(knots); i++ {
			if m <= knots[i][0] {
				a, b := knots[i-1], knots[i]
				return a[1] + (b[1]-a[1])*(m-a[0])/(b[0]-a[0])
			}
		}
		return knots[len(knots)-1][1]
	}
}

func monthsSince(d core.Date) float64 {
	t0, t := start.Time(), d.Time()
	return float64(t.Year()-t0.Year())*12 + float64(t.Month()-t0.Month()) + float64(t.Day()-1)/30
}

// The products: prices follow the published ranges of 2024-25 (antimony
// from about 140,000 to 235,000 CNY/t at home with overseas prices nearly
// double by mid-2025; gallium, germanium, tungsten, bismuth, rare earths
// within their reported bands).
var products = []product{
	{"antimony-ingot", "antimony", "8110101000", "锑锭", "antimony ingot", "Sb99.65%", trend([2]float64{0, 140}, [2]float64{6, 145}, [2]float64{11, 235}, [2]float64{16, 190}), 1.75, [2]float64{5000, 24000}, false, "430000"},
	{"antimony-trioxide", "antimony", "2825800010", "三氧化二锑", "antimony trioxide", "Sb2O3 99.99%", trend([2]float64{0, 120}, [2]float64{11, 200}, [2]float64{16, 170}), 1.6, [2]float64{5000, 20000}, false, "450000"},
	{"gallium-metal", "gallium", "8112929010", "金属镓", "gallium metal", "Ga 4N", trend([2]float64{0, 1900}, [2]float64{8, 2200}, [2]float64{16, 1700}), 2.2, [2]float64{20, 500}, true, "520000"},
	{"germanium-metal", "germanium", "8112921010", "锗锭", "germanium ingot", "Ge 5N", trend([2]float64{0, 13000}, [2]float64{10, 16000}, [2]float64{16, 14000}), 1.6, [2]float64{10, 200}, true, "530000"},
	{"germanium-dioxide", "germanium", "2825600001", "二氧化锗", "germanium dioxide", "GeO2 99.999%", trend([2]float64{0, 8000}, [2]float64{16, 9500}), 1.5, [2]float64{20, 300}, true, "530000"},
	{"apt", "tungsten", "2841801000", "仲钨酸铵", "ammonium paratungstate", "APT 88.5% WO3", trend([2]float64{0, 200}, [2]float64{12, 260}, [2]float64{16, 370}), 1.3, [2]float64{5000, 20000}, false, "360000"},
	{"tungsten-oxide", "tungsten", "2825901200", "三氧化钨", "tungsten trioxide", "WO3 99.9%", trend([2]float64{0, 220}, [2]float64{16, 400}), 1.3, [2]float64{3000, 15000}, false, "360000"},
	{"samarium-oxide", "rare-earth", "2846901940", "氧化钐", "samarium oxide", "Sm2O3 99.9%", trend([2]float64{0, 15}, [2]float64{16, 18}), 1.8, [2]float64{2000, 15000}, false, "150000"},
	{"spherical-graphite", "graphite", "3801901000", "球形石墨", "spherical graphite", "SG-17 99.95% C", trend([2]float64{0, 22}, [2]float64{16, 26}), 1.4, [2]float64{10000, 22000}, false, "150000"},
}

// general goods of the background trade, with plausible densities and
// values; the first ones are the cover names of the published cases.
type good struct {
	hs, nameZh, nameEn string
	cnyKg              [2]float64
	density            float64 // kg per m³ as packed; 0 for goods too dense to fill a container
	cover              string  // material id when this is a cover commodity
}

var goods = []good{
	{"7901119000", "锌锭", "zinc ingot", [2]float64{21, 25}, 0, "zinc-ingot"},
	{"3810100000", "焊锡膏", "solder paste", [2]float64{150, 260}, 0, "solder-paste"},
	{"7504000010", "镍粉", "nickel powder", [2]float64{120, 170}, 0, "nickel-powder"},
	{"6909120000", "陶瓷材料", "ceramic material", [2]float64{8, 20}, 0, "ceramic-material"},
	{"6204430000", "女式连衣裙", "women's dresses", [2]float64{60, 180}, 220, ""},
	{"9403600000", "木制家具", "wooden furniture", [2]float64{25, 70}, 180, ""},
	{"8471300000", "笔记本电脑", "laptop computers", [2]float64{1500, 4000}, 250, ""},
	{"3924100000", "塑料餐具", "plastic tableware", [2]float64{15, 40}, 200, ""},
	{"9503008900", "玩具", "toys", [2]float64{20, 60}, 200, ""},
	{"6402991000", "运动鞋", "sports shoes", [2]float64{40, 120}, 250, ""},
	{"7308900000", "钢结构件", "steel structures", [2]float64{7, 12}, 0, ""},
	{"7208510000", "热轧钢板", "hot-rolled steel plate", [2]float64{4, 6}, 0, ""},
	{"8516500000", "微波炉", "microwave ovens", [2]float64{120, 220}, 220, ""},
	{"4202920000", "箱包", "luggage", [2]float64{60, 150}, 150, ""},
}

var provinces = []struct{ code, zh, en string }{
	{"150000", "内蒙古", "Inner Mongolia"}, {"360000", "江西", "Jiangxi"}, {"430000", "湖南", "Hunan"},
	{"440000", "广东", "Guangdong"}, {"450000", "广西", "Guangxi"}, {"520000", "贵州", "Guizhou"}, {"530000", "云南", "Yunnan"},
}

// rng wraps the world's one source of randomness.
type rng struct{ *rand.Rand }

func (r rng) between(a, b float64) float64 { return a + (b-a)*r.Float64() }
func (r rng) pick(n int) int               { return r.IntN(n) }
func (r rng) chance(p float64) bool        { return r.Float64() < p }
func (r rng) normal(mu, sigma float64) float64 {
	return mu + sigma*r.NormFloat64()
}
func (r rng) day(from, to core.Date) core.Date {
	n := int(to.Time().Sub(from.Time()).Hours()/24) + 1
	return from.AddDays(r.IntN(n))
}

func uscc(prov string, i int) string {
	first := fmt.Sprintf("91%s%s%07d", prov, "MA", i)
	c, err := core.USCCCheckChar(first)
	if err != nil {
		panic(err)
	}
	return first + string(c)
}

func roundTo(v float64, step float64) float64 { return math.Round(v/step) * step }

// controlCode gives the code the remarks and licence state: the
// catalogue's, the unified dual-use list's where the announcement printed
// none, or none where neither gives one (the statement alone is what the
// rule can ask for then).
func controlCode(cat *catalog.Catalog, hs string, d core.Date) (string, bool) {
	a := cat.Lookup(catalog.Query{HS: hs, Date: d})
	if !a.Controlled {
		return "", false
	}
	for _, it := range a.Items {
		if it.ControlCode != "" {
			return it.ControlCode, true
		}
	}
	for _, it := range a.Items {
		if it.ListCode != "" {
			return it.ListCode, true
		}
	}
	return "", true
}
