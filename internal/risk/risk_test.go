package risk

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

func dec(t testing.TB, v float64) core.Decimal {
	t.Helper()
	d, err := core.ParseDecimal(fmt.Sprintf("%.3f", v))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func day(s string) core.Date {
	d, err := core.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type fixture struct {
	t     *testing.T
	cat   *catalog.Catalog
	ref   *Reference
	items []*core.DeclarationItem
	mans  []*core.Manifest
	seq   int
}

func newFixture(t *testing.T) *fixture {
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := LoadReference(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, cat: cat, ref: ref}
}

// item adds one declaration item; opts adjust it.
func (f *fixture) item(hs, goods string, kg float64, opts ...func(*core.DeclarationItem)) *core.DeclarationItem {
	f.seq++
	d := &core.DeclarationItem{DeclarationNo: fmt.Sprintf("5316202500%08d", f.seq), ItemNo: 1, DeclaredAt: day("2025-03-10"),
		ExporterUSCC: "91430000MA00000011", TransportMode: "2", DestinationCountry: "NL", ConsigneeName: "Harbor Metals B.V.",
		HSCode: hs, GoodsName: goods, Quantity: dec(f.t, kg), Unit: "kg", NetWeightKg: dec(f.t, kg), GrossWeightKg: dec(f.t, kg*1.01),
		TotalValue: dec(f.t, kg*3), Currency: "USD"}
	for _, o := range opts {
		o(d)
	}
	f.items = append(f.items, d)
	return d
}

// container puts the item in its own container whose carrier mass is
// cargo kilograms (tare excluded).
func (f *fixture) container(d *core.DeclarationItem, size string, cargo float64) {
	c := fmt.Sprintf("TEST%07d", f.seq)
	d.BillOfLading, d.Containers = "BL"+d.DeclarationNo, []string{c}
	tare := map[string]float64{"20": 2250, "40": 3750}[size]
	f.mans = append(f.mans, &core.Manifest{BillOfLading: d.BillOfLading, ContainerNo: c, VGMKg: dec(f.t, cargo+tare), TareKg: dec(f.t, tare), Size: size})
}

func (f *fixture) run(in Input) Output {
	in.Catalog, in.Ref, in.Items, in.Manifests = f.cat, f.ref, f.items, append(in.Manifests, f.mans...)
	out := Detect(in)
	// What a live judge prepares once must detect the same.
	if prepared := Detect(Prepare(in)); !reflect.DeepEqual(prepared, out) {
		f.t.Errorf("prepared input detects otherwise:\n%+v\nwant\n%+v", prepared, out)
	}
	// And the shortfalls' population measured beforehand over the same
	// items sets the same threshold.
	sf := MeasureShortfalls(in, in.Items)
	measured := in
	measured.Shortfalls = &sf
	if got := Detect(measured); !reflect.DeepEqual(got, out) {
		f.t.Errorf("measured shortfalls detect otherwise:\n%+v\nwant\n%+v", got, out)
	}
	return out
}

func codes(fs []core.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return strings.Join(out, "|")
}

func TestWeights(t *testing.T) {
	f := newFixture(t)
	// A population of honest container shipments of steel (no density
	// bound) whose carrier mass scatters by a per cent around the
	// declared gross.
	for i := 0; i < 40; i++ {
		d := f.item("7208510000", "热轧钢板", 20000)
		f.container(d, "20", d.GrossWeightKg.Float()*(1+0.01*float64(i%5-2)/2))
	}
	short := f.item("7208510000", "热轧钢板", 15000)
	f.container(short, "20", 23000) // a third more than declared
	heavy := f.item("6204430000", "女式连衣裙", 21000)
	f.container(heavy, "20", 21200) // 21 t of "dresses" in 33 m³
	light := f.item("6204430000", "女式连衣裙", 6000)
	f.container(light, "40", 6100)
	noSize := f.item("6204430000", "女式连衣裙", 14000)
	f.container(noSize, "20", 14100)
	f.mans[len(f.mans)-1].Size = "" // the carrier gave the tare, not the size
	dense := f.item("7901119000", "锌锭", 27000)
	f.container(dense, "20", 27300) // heavy but honest: zinc is dense
	out := f.run(Input{})

	tests := []struct {
		name    string
		d       *core.DeclarationItem
		want    string
		channel string
	}{
		{"under-declared gross weight", short, Underdeclaration, core.ChannelRed},
		{"garments heavier than their volume allows", heavy, Concealment, core.ChannelRed},
		{"garments of honest weight", light, "", ""},
		{"14 t of garments in a container the tare says is a 20' (1.3 × its volume's worth)", noSize, Concealment, core.ChannelYellow},
		{"zinc near the payload", dense, "", ""},
		{"honest steel", f.items[0], "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := out.Findings[tt.d.DeclarationNo]
			if got := codes(fs); got != tt.want {
				t.Fatalf("codes %q, want %q", got, tt.want)
			}
			if tt.want != "" && fs[0].Channel != tt.channel {
				t.Errorf("channel %s, want %s", fs[0].Channel, tt.channel)
			}
			if tt.want != "" && (fs[0].Message == "" || fs[0].MessageZh == "" || fs[0].Evidence == nil) {
				t.Errorf("finding does not explain itself: %+v", fs[0])
			}
		})
	}
	ev := out.Findings[short.DeclarationNo][0].Evidence
	if ev["shortfall_kg"].(float64) < 5500 || ev["threshold_share"].(float64) < underFloor {
		t.Errorf("evidence %v", ev)
	}
}

// TestContainerReusedLater: a container number names a box, not a
// voyage. Eight tonnes of garments in a box in March and eight in the
// same box in November are two shipments, each weighed against its own
// manifest row (together, sixteen tonnes of garments would not fit); two
// bills sharing one box in the same week are one.
func TestContainerReusedLater(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 40; i++ {
		d := f.item("7208510000", "热轧钢板", 20000)
		f.container(d, "20", d.GrossWeightKg.Float())
	}
	march := f.item("6204430000", "女式连衣裙", 8000)
	f.container(march, "20", march.GrossWeightKg.Float())
	november := f.item("6204430000", "女式连衣裙", 8000, func(d *core.DeclarationItem) { d.DeclaredAt = day("2025-11-20") })
	november.BillOfLading, november.Containers = "BL-NOV", march.Containers
	f.mans = append(f.mans, &core.Manifest{BillOfLading: "BL-NOV", ContainerNo: march.Containers[0], VGMKg: dec(t, november.GrossWeightKg.Float()+2250),
		TareKg: dec(t, 2250), Size: "20"})
	// Two bills in one box the same week: 16 t of garments between them.
	a := f.item("6204430000", "女式连衣裙", 8000, func(d *core.DeclarationItem) { d.DeclaredAt = day("2025-06-02") })
	f.container(a, "20", 16200)
	b := f.item("6204430000", "女式连衣裙", 8000, func(d *core.DeclarationItem) { d.DeclaredAt = day("2025-06-05") })
	b.BillOfLading, b.Containers = "BL-B", a.Containers
	out := f.run(Input{})
	for _, d := range []*core.DeclarationItem{march, november} {
		if got := codes(out.Findings[d.DeclarationNo]); got != "" {
			t.Errorf("garments in a box used again months later, %s: %q", d.DeclaredAt, got)
		}
	}
	for _, d := range []*core.DeclarationItem{a, b} {
		if got := codes(out.Findings[d.DeclarationNo]); got != Concealment {
			t.Errorf("two bills in one box in a week, %s: %q", d.BillOfLading, got)
		}
	}
}

func TestValues(t *testing.T) {
	f := newFixture(t)
	prices := []*core.Price{
		{Material: "antimony-ingot", Market: "CN", Date: day("2025-03-01"), Price: dec(t, 200000), Currency: "CNY", Unit: "t"},
		{Material: "antimony-ingot", Market: "INTL", Date: day("2025-03-01"), Price: dec(t, 50000), Currency: "USD", Unit: "t"},
	}
	var honest []*core.DeclarationItem
	for i := 0; i < 20; i++ {
		// about 300 CNY/kg: between home (200) and overseas (~360)
		honest = append(honest, f.item("8110101000", "锑锭", 10000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 10000*42+float64(i)*1000) }))
	}
	cheap := f.item("8110101000", "锑锭", 10000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 10000*6) })   // 43 CNY/kg
	dear := f.item("8110101000", "锑锭", 10000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 10000*2600) }) // 2,600 CNY/kg, in CNY
	dear.Currency = "CNY"
	out := f.run(Input{Prices: prices})
	if got := codes(out.Findings[cheap.DeclarationNo]); got != ValueAnomaly {
		t.Errorf("undervalued: %q", got)
	}
	if got := codes(out.Findings[dear.DeclarationNo]); got != ValueAnomaly {
		t.Errorf("overvalued: %q", got)
	}
	for _, d := range honest {
		if fs := out.Findings[d.DeclarationNo]; len(fs) > 0 {
			t.Errorf("honest value flagged: %s", fs[0].Message)
		}
	}
}

// TestValuesAdapt: where the only market quoted is the home one and every
// exporter sells at about twice it, the threshold widens instead of
// flagging them all; a value far beyond that still shows.
func TestValuesAdapt(t *testing.T) {
	f := newFixture(t)
	prices := []*core.Price{{Material: "antimony-ingot", Market: "CN", Date: day("2025-03-01"), Price: dec(t, 200000), Currency: "CNY", Unit: "t"}}
	var honest []*core.DeclarationItem
	for i := 0; i < 40; i++ {
		honest = append(honest, f.item("8110101000", "锑锭", 10000, func(d *core.DeclarationItem) {
			d.TotalValue, d.Currency = dec(t, 10000*(380+float64(i%9)*5)), "CNY"
		}))
	}
	far := f.item("8110101000", "锑锭", 10000, func(d *core.DeclarationItem) { d.TotalValue, d.Currency = dec(t, 10000*40), "CNY" })
	out := f.run(Input{Prices: prices})
	for _, d := range honest {
		if fs := out.Findings[d.DeclarationNo]; len(fs) > 0 {
			t.Fatalf("honest overseas price flagged: %s", fs[0].Message)
		}
	}
	if got := codes(out.Findings[far.DeclarationNo]); got != ValueAnomaly {
		t.Errorf("a fifth of the home price: %q", got)
	}
}

func TestMisdeclaration(t *testing.T) {
	f := newFixture(t)
	smelter := core.USCC("91430000MA00000011")
	trader := core.USCC("91440000MA00000022")
	moSmelter, graphitePlant := core.USCC("91410000MA00000044"), core.USCC("91230000MA00000055")
	ledger := map[core.USCC]*core.Enterprise{
		smelter:       {USCC: smelter, Segments: []core.Segment{core.SegSmelting, core.SegExport}, Minerals: []string{"antimony"}},
		trader:        {USCC: trader, Segments: []core.Segment{core.SegTrading, core.SegExport}, Minerals: []string{"antimony", "other"}},
		moSmelter:     {USCC: moSmelter, Segments: []core.Segment{core.SegSmelting, core.SegExport}, Minerals: []string{"molybdenum"}},
		graphitePlant: {USCC: graphitePlant, Segments: []core.Segment{core.SegProcessing, core.SegExport}, Minerals: []string{"graphite"}},
	}
	ferroMo := f.item("7202700000", "钼铁", 20000, func(d *core.DeclarationItem) { d.ExporterUSCC, d.GoodsSpec = moSmelter, "FeMo60" })
	electrodes := f.item("8545110000", "graphite electrode", 20000, func(d *core.DeclarationItem) { d.ExporterUSCC, d.GoodsSpec = graphitePlant, "UHP 600mm" })
	zincFromMo := f.item("7901119000", "锌锭", 18000, func(d *core.DeclarationItem) { d.ExporterUSCC, d.GoodsSpec = moSmelter, "含钼" })
	zincFromSmelter := f.item("7901119000", "锌锭", 18000, func(d *core.DeclarationItem) { d.ProducerUSCC = smelter })
	zincFromTrader := f.item("7901119000", "锌锭", 18000, func(d *core.DeclarationItem) { d.ExporterUSCC = trader })
	solder := f.item("3810100000", "焊錫膏", 600, func(d *core.DeclarationItem) {
		d.ExporterUSCC, d.GoodsSpec = "91330000MA00000033", "含鉍55%" // Traditional: bismuth 55 %
	})
	magnet := f.item("8505111000", "钕铁硼永磁体", 2000, func(d *core.DeclarationItem) {
		d.ExporterUSCC, d.GoodsSpec = "91330000MA00000033", "N42UH 不含镝铽"
	})
	magnetN52 := f.item("8505111000", "钕铁硼永磁体", 2000, func(d *core.DeclarationItem) {
		d.ExporterUSCC, d.GoodsSpec = "91330000MA00000033", "N52"
	})
	magnetGBD := f.item("8505111000", "烧结钕铁硼磁钢", 2000, func(d *core.DeclarationItem) {
		d.ExporterUSCC, d.GoodsSpec = "91330000MA00000033", "N48H+GBD"
	})
	antimony := f.item("8110101000", "锑锭", 18000, func(d *core.DeclarationItem) { d.ProducerUSCC = smelter })
	nameSaysIt := f.item("7901119000", "銻錠", 18000, func(d *core.DeclarationItem) { d.ExporterUSCC = "91330000MA00000033" }) // Traditional 锑锭 under zinc's code
	drillBits := f.item("8207199000", "硬质合金钨钢钻头", 300, func(d *core.DeclarationItem) { d.ExporterUSCC = "91330000MA00000033" })
	other := core.USCC("91330000MA00000033")
	spec := func(hs, name, spec string, day string) *core.DeclarationItem {
		return f.item(hs, name, 9000, func(d *core.DeclarationItem) {
			d.ExporterUSCC, d.GoodsSpec = other, spec
			if day != "" {
				d.DeclaredAt = core.MustDate(day)
			}
		})
	}
	aptAsTungstate := spec("2841809000", "钨酸钠", "APT 88.7% WO3", "2025-09-13")
	tungstate := spec("2841809000", "钨酸钠", "WO3 ≥ 70%", "2025-09-13")
	aptBeforeControl := spec("2841801000", "APT", "APT 0级 250kg/桶", "2025-01-08")
	zincOfAntimony := spec("7901110000", "Zinc Ingot SHG", "Sb≥99.65% 25kg/锭", "")
	leadOfAntimony := spec("7801100000", "Lead Ingot", "锑含量99.65%", "")
	siliconOfGermanium := spec("2804690000", "金属硅", "5N Ge zone refined", "")
	flakeAsAmorphous := spec("2504900000", "微晶石墨", "+100目 C94-95% 鳞片", "")
	zincFlake := spec("7903900000", "锌片", "flake 99.99%", "")
	leadOfSb := spec("7801990000", "铅合金", "-200目 Sb99.9", "")
	masterbatchOfSb := spec("3824999999", "阻燃母粒", "Sb2O3≥99.99%", "")
	ceriaOfDy := spec("2846101000", "Cerium oxide polishing powder", "Dy≥99.5%", "")
	ceria := spec("2846101000", "氧化铈抛光粉", "CeO2 99.99%", "")
	dyOxide := spec("2846901500", "氧化镝", "Dy2O3≥99.5%", "2025-01-08") // before its control: its own content
	tio2BySmelter := f.item("2823000000", "钛白粉", 18000, func(d *core.DeclarationItem) { d.ExporterUSCC = smelter })
	zincBySmelter := f.item("7901119000", "锌锭", 18000, func(d *core.DeclarationItem) { d.ExporterUSCC = smelter })
	out := f.run(Input{Ledger: ledger})
	tests := []struct {
		name string
		d    *core.DeclarationItem
		want bool
	}{
		{"zinc from a smelter the ledger holds for antimony only", zincFromSmelter, true},
		{"zinc from a trader that also trades general goods", zincFromTrader, false},
		// Mostly bismuth, a metal controlled with its products (the
		// published Shenzhen case: "solder paste" of 55 % bismuth).
		{"solder paste of 55 % bismuth (Traditional spec)", solder, true},
		{"UH-grade magnets declared without Dy/Tb", magnet, true},
		{"N52 magnets need no heavy rare earth", magnetN52, false},
		{"grain-boundary diffused magnets declared without Dy/Tb", magnetGBD, true},
		{"antimony declared as antimony", antimony, false},
		{"antimony ingots (written in Traditional) under zinc's code", nameSaysIt, true},
		{"tungsten-steel drill bits: tungsten named, no controlled product", drillBits, false},
		// The specification names what the goods are.
		{"APT in a sodium tungstate's specification", aptAsTungstate, true},
		{"sodium tungstate's own tungsten content", tungstate, false},
		{"APT under its own code before its control", aptBeforeControl, false},
		{"zinc ingots of Sb ≥ 99.65 %", zincOfAntimony, true},
		{"lead ingots of 99.65 % antimony content", leadOfAntimony, true},
		{"silicon metal of 5N germanium", siliconOfGermanium, true},
		{"amorphous graphite whose specification says flake", flakeAsAmorphous, true},
		{"zinc flake: a flake outside graphite", zincFlake, false},
		{"lead alloy of Sb99.9 (a grade without its sign)", leadOfSb, true},
		{"flame-retardant masterbatch of Sb2O3 ≥ 99.99 %", masterbatchOfSb, true},
		{"ceria polishing powder of dysprosium ≥ 99.5 %", ceriaOfDy, true},
		{"ceria polishing powder of its own ceria", ceria, false},
		{"dysprosium oxide of its own dysprosium", dyOxide, false},
		// What the exporter's ledger entry lists speaks of the exporter,
		// not of the goods: alone it is no finding; the producer field is.
		{"titanium dioxide exported by a smelter the ledger holds for antimony only", tio2BySmelter, false},
		{"zinc ingots, a cover name, exported by the same smelter", zincBySmelter, true},
		// Products that carry their mineral's name under their own heading,
		// from the mineral's enterprises.
		{"ferromolybdenum from a molybdenum smelter", ferroMo, false},
		{"graphite electrodes from a graphite plant", electrodes, false},
		{"zinc naming molybdenum from a molybdenum smelter", zincFromMo, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Contains(codes(out.Findings[tt.d.DeclarationNo]), Misdeclaration)
			if got != tt.want {
				t.Errorf("flagged %v, want %v: %v", got, tt.want, out.Findings[tt.d.DeclarationNo])
			}
		})
	}
	// Zinc "ingots" at antimony's price from a trader that handles both:
	// the value is many times zinc's and what antimony cost that day.
	f3 := newFixture(t)
	for i := 0; i < 30; i++ {
		f3.item("7901119000", "锌锭", 20000, func(d *core.DeclarationItem) { d.ExporterUSCC, d.TotalValue = "91330000MA00000033", dec(t, 20000*3.2) })
	}
	dear := f3.item("7901119000", "锌锭", 20000, func(d *core.DeclarationItem) { d.ExporterUSCC, d.TotalValue = trader, dec(t, 20000*40) })
	prices := []*core.Price{{Material: "antimony-ingot", Market: "CN", Date: day("2025-03-01"), Price: dec(t, 230000), Currency: "CNY", Unit: "t"}}
	if got := codes(f3.run(Input{Ledger: ledger, Prices: prices}).Findings[dear.DeclarationNo]); got != Misdeclaration {
		t.Errorf("zinc at antimony's price: %q", got)
	}
	// The same solder paste from the antimony smelter: three signals.
	f2 := newFixture(t)
	s2 := f2.item("3810100000", "焊锡膏", 600, func(d *core.DeclarationItem) { d.GoodsSpec, d.ProducerUSCC = "Bi 55%, Sn 45%", smelter })
	if got := codes(f2.run(Input{Ledger: ledger}).Findings[s2.DeclarationNo]); got != Misdeclaration {
		t.Errorf("solder paste from an antimony smelter: %q", got)
	}
}

func TestRoutesAndNetworks(t *testing.T) {
	f := newFixture(t)
	parties := []*core.Party{
		{ID: "US1", Name: "Keystone Ordnance Inc.", Country: "US", Kind: "military"},
		{ID: "TH1", Name: "Siam Polar Metals Co., Ltd.", Country: "TH", Phone: "+66 2 555 0101"},
		{ID: "TH2", Name: "Bangkok Horizon Trading Co., Ltd.", Country: "TH"},
		{ID: "MX1", Name: "Metales Orion S.A. de C.V.", Country: "MX", Phone: "+1 713 555 0199"},
		{ID: "US2", Name: "Orion Holdings Inc.", Country: "US", Phone: "713-555-0199"},
		{ID: "DE1", Name: "Listed Proxy GmbH", Country: "DE", Address: "Hafenstrasse 12, 20457 Hamburg"},
		{ID: "DE2", Name: "Nordic Alloys GmbH", Country: "DE", Address: "Hafenstraße 12 20457 HAMBURG"},
		{ID: "AE1", Name: "Crescent Strategic Metals FZE", Country: "AE", Phone: "+971 4 802 0417", Kind: "trader"},
		{ID: "AE2", Name: "Dune Bay Commodities FZE", Country: "AE", Phone: "04 802 0417"},
	}
	links := []*core.PartyLink{{From: "TH1", To: "US1", Relation: "agent_of"}}
	lists := []*core.ListEntry{{List: "TEST", Name: "Listed Proxy GmbH", Country: "DE"}, {List: "TEST", Name: "Crescent Strategic Metals FZE", Country: "AE"}}
	g := BuildGraph(GraphInput{Parties: parties, Links: links, Lists: lists, AsOf: day("2025-06-01")})
	to := func(name, country string) func(*core.DeclarationItem) {
		return func(d *core.DeclarationItem) { d.ConsigneeName, d.DestinationCountry = name, country }
	}
	front := f.item("8110101000", "锑锭", 5000, to("Siam Polar Metals Co., Ltd.", "TH"))
	honest := f.item("8110101000", "锑锭", 5000, to("Bangkok Horizon Trading Co., Ltd.", "TH"))
	phoneTie := f.item("8112929010", "金属镓", 50, to("METALES ORION SA DE CV", "MX"))
	usConsignee := f.item("8110101000", "锑锭", 5000, func(d *core.DeclarationItem) {
		d.ConsigneeName, d.ConsigneeCountry, d.DestinationCountry = "Orion Holdings Inc.", "US", "MX"
	})
	tradingUS := f.item("8112921010", "锗锭", 40, func(d *core.DeclarationItem) {
		d.ConsigneeName, d.DestinationCountry, d.TradingCountry = "Bangkok Horizon Trading Co., Ltd.", "TH", "US"
	})
	beforeRule := f.item("8110101000", "锑锭", 5000, func(d *core.DeclarationItem) {
		d.ConsigneeName, d.ConsigneeCountry, d.DestinationCountry, d.DeclaredAt = "Orion Holdings Inc.", "US", "MX", day("2024-10-01")
	})
	usAddress := f.item("8112921090", "高纯锗锭", 18, func(d *core.DeclarationItem) {
		d.ConsigneeName, d.ConsigneeCountry, d.DestinationCountry = "Far East Delta Industrial Co., Limited", "HK", "HK"
		d.ConsigneeAddress = "88 Commerce Dr, Newark, DE 19713, USA"
	})
	hkAddress := f.item("8112921090", "高纯锗锭", 18, func(d *core.DeclarationItem) {
		d.ConsigneeName, d.ConsigneeCountry, d.DestinationCountry = "Kowloon Bay Optics Limited", "HK", "HK"
		d.ConsigneeAddress = "Unit 8, 12 Hung To Road, Kwun Tong, Kowloon, Hong Kong"
	})
	addressTie := f.item("8112929010", "金属镓", 50, to("Nordic Alloys GmbH", "DE"))
	traderFront := f.item("8112929010", "金属镓", 50, to("Dune Bay Commodities FZE", "AE"))
	out := f.run(Input{Graph: g})
	tests := []struct {
		name string
		d    *core.DeclarationItem
		want string
	}{
		{"front that is agent of a US military end user", front, Transshipment + "|" + NetworkRisk},
		{"honest trader in the same hub", honest, ""},
		{"consignee sharing a phone with a US party", phoneTie, Transshipment},
		{"consignee in the US, destination Mexico", usConsignee, Transshipment},
		{"the same before the US rule started", beforeRule, ""},
		{"contract with a US counterparty, goods to Thailand", tradingUS, Transshipment},
		{"consignee in Hong Kong at an address in the US", usAddress, Transshipment},
		{"consignee in Hong Kong at a Hong Kong address", hkAddress, ""},
		{"consignee at a listed party's address (written differently)", addressTie, NetworkRisk},
		{"new company on a listed trader's phone in the same country: its front", traderFront, Transshipment + "|" + NetworkRisk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(out.Findings[tt.d.DeclarationNo]); got != tt.want {
				t.Errorf("codes %q, want %q", got, tt.want)
			}
		})
	}
	var partyAlerts []string
	for _, a := range out.Alerts {
		if a.Code == NetworkRisk {
			partyAlerts = append(partyAlerts, a.SubjectID)
		}
	}
	sort.Strings(partyAlerts)
	// Tied to listed or military parties: AE2, DE2, TH1. Standing behind a
	// conduit alerted for transshipment: the listed trader AE1, the
	// military user US1, and the US party US2 and its Mexican twin MX1 on
	// one phone.
	if strings.Join(partyAlerts, ",") != "AE1,AE2,DE2,MX1,TH1,US1,US2" {
		t.Errorf("network alerts on %v, want AE1, AE2, DE2, MX1, TH1, US1 and US2", partyAlerts)
	}
	sg := g.Around("party:TH1", 2)
	if sg.Tie == nil || sg.Tie.Flagged.ID != "party:US1" || len(sg.Edges) != 1 {
		t.Errorf("subgraph %+v", sg)
	}
}

func TestStructuring(t *testing.T) {
	f := newFixture(t)
	parties := []*core.Party{
		{ID: "A", Name: "Lumen Trading Co., Ltd.", Country: "TH", Phone: "+66 2 111 2222"},
		{ID: "B", Name: "Vertex Supply Co., Ltd.", Country: "TH", Phone: "02-111-2222"},
	}
	g := BuildGraph(GraphInput{Parties: parties})
	var parcels []*core.DeclarationItem
	for i := 0; i < 6; i++ {
		name := []string{"Lumen Trading Co., Ltd.", "Vertex Supply Co., Ltd."}[i%2]
		parcels = append(parcels, f.item("8112929010", "金属镓", 8, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.DeclaredAt = "6", name, "TH", day("2025-03-01").AddDays(3*i)
		}))
	}
	var shop []*core.DeclarationItem
	for i := 0; i < 8; i++ {
		shop = append(shop, f.item("6204430000", "女式连衣裙", 3, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.DeclaredAt = "6", "Osaka Retail K.K.", "JP", day("2025-03-01").AddDays(2*i)
		}))
	}
	// A laboratory that receives gallium samples every other day all year
	// against a new buyer that gets sixteen in three weeks.
	var lab, burst []*core.DeclarationItem
	for i := 0; i < 180; i++ {
		lab = append(lab, f.item("8112929010", "金属镓", 2, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.DeclaredAt = "5", "Kyoto Materials Lab", "JP", day("2024-06-01").AddDays(2*i)
		}))
	}
	for i := 0; i < 16; i++ {
		burst = append(burst, f.item("8112929010", "金属镓", 6, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.DeclaredAt = "6", "Pearl Quick Trading Ltd", "HK", day("2025-02-01").AddDays(i)
		}))
	}
	out := f.run(Input{Graph: g})
	for _, d := range lab {
		if fs := out.Findings[d.DeclarationNo]; len(fs) > 0 {
			t.Fatalf("a regular laboratory's samples flagged: %s", fs[0].Message)
		}
	}
	for _, d := range burst {
		if got := codes(out.Findings[d.DeclarationNo]); got != Structuring {
			t.Errorf("burst parcel %s: %q", d.DeclarationNo, got)
		}
	}
	for _, d := range parcels {
		if got := codes(out.Findings[d.DeclarationNo]); got != Structuring {
			t.Errorf("gallium parcel %s: %q", d.DeclarationNo, got)
		}
	}
	for _, d := range shop {
		if fs := out.Findings[d.DeclarationNo]; len(fs) > 0 {
			t.Errorf("e-commerce parcel flagged: %s", fs[0].Message)
		}
	}
}

func TestSurge(t *testing.T) {
	f := newFixture(t)
	// Steady antimony exports to Japan before and after the US rule of
	// 2024-12-03; Thailand from a trickle to a flood.
	for i := 0; i < 60; i++ {
		d := day("2024-06-10").AddDays(i * 8)
		f.item("8110101000", "锑锭", 5000, func(x *core.DeclarationItem) {
			x.DeclaredAt, x.DestinationCountry, x.ConsigneeName = d, "JP", "Osaka Metals K.K."
		})
	}
	f.item("8110101000", "锑锭", 5000, func(x *core.DeclarationItem) {
		x.DeclaredAt, x.DestinationCountry, x.ConsigneeName = day("2024-08-01"), "TH", "Old Siam Co., Ltd."
	})
	var flood []*core.DeclarationItem
	for i := 0; i < 30; i++ {
		d := day("2024-12-10").AddDays(i * 5)
		flood = append(flood, f.item("8110101000", "锑锭", 8000, func(x *core.DeclarationItem) {
			x.DeclaredAt, x.DestinationCountry, x.ConsigneeName = d, "TH", fmt.Sprintf("New Buyer %d Co., Ltd.", i%3)
			if i == 29 {
				// One of the new buyers' consignments discharged in the US.
				x.ConsigneeAddress = "1200 Industrial Pkwy, Cleveland, OH, USA"
			}
		}))
	}
	out := f.run(Input{})
	// The surge speaks of the route: alone it is no finding (on a world
	// the detector was not tuned on, 233 clean exports to new buyers
	// after the US rule, one planted). With another sign it strengthens
	// it.
	for _, d := range flood[:29] {
		if strings.Contains(codes(out.Findings[d.DeclarationNo]), Transshipment) {
			t.Errorf("a consignment of the surge flagged on the surge alone: %v", out.Findings[d.DeclarationNo])
		}
	}
	var surged bool
	for _, fd := range out.Findings[flood[29].DeclarationNo] {
		if fd.Code != Transshipment {
			continue
		}
		for _, sg := range fd.Evidence["signals"].([]signal) {
			surged = surged || sg.Name == "route_surge"
		}
		if fd.Weight <= 0.8+1e-9 {
			t.Errorf("US address (0.8) and the surge weigh %.3f", fd.Weight)
		}
	}
	if !surged {
		t.Errorf("the surge does not strengthen the US address: %v", out.Findings[flood[29].DeclarationNo])
	}
	for _, d := range f.items[:60] {
		if fs := out.Findings[d.DeclarationNo]; len(fs) > 0 {
			t.Errorf("steady Japan trade flagged: %s", fs[0].Message)
		}
	}
}

func TestStatistics(t *testing.T) {
	med, sigma := robust([]float64{1, 2, 3, 4, 100})
	if med != 3 || math.Abs(sigma-1.4826) > 1e-9 {
		t.Errorf("robust = %v, %v", med, sigma)
	}
	if p := binomCDF(0, 10, 0.5); math.Abs(p-1.0/1024) > 1e-12 {
		t.Errorf("binomCDF(0,10,.5) = %v", p)
	}
	if p := binomCDF(10, 10, 0.3); math.Abs(p-1) > 1e-9 {
		t.Errorf("binomCDF(n,n) = %v", p)
	}
	if v, ok := (&Reference{fx: map[string][]rate{"USD": {{day("2024-01-01"), 7.1}, {day("2025-01-01"), 7.2}}, "CNY": {{day("2000-01-01"), 1}}}}).CNY(10, "usd", day("2025-06-01")); !ok || math.Abs(v-72) > 1e-9 {
		t.Errorf("CNY = %v %v", v, ok)
	}
	if v, ok := (&Reference{fx: map[string][]rate{"CNY": {{day("2000-01-01"), 1}}}}).CNY(5, "人民币", day("2025-06-01")); !ok || v != 5 {
		t.Errorf("CNY(人民币) = %v %v", v, ok)
	}
	ref, _ := LoadReference(data.FS)
	for in, want := range map[string]float64{"20": 33.2, "22G1": 33.2, "20GP": 33.2, "40": 67.7, "42G1": 67.7, "40HC": 76.4, "40HQ": 76.4, "45G1": 76.4, "L5G1": 86.0, "45HC": 86.0, "": 76.4} {
		if got := ref.Container(in).VolumeM3; got != want {
			t.Errorf("Container(%q) = %v m³, want %v", in, got, want)
		}
	}
	for in, want := range map[string]string{"USLAX": "US", "th lch": "TH", "Los Angeles": "", "": ""} {
		if got := countryOfPort(in); got != want {
			t.Errorf("countryOfPort(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStructuringDrip: parcels split thinly over months — never more than
// three in 30 days — from three senders to one buyer are STRUCTURING; a
// laboratory's samples from one supplier over the same months are not.
func TestStructuringDrip(t *testing.T) {
	f := newFixture(t)
	senders := []core.USCC{"91440300MA5F000011", "91440300MA5F000022", "91440300MA5F000033"}
	var drip, lab []*core.DeclarationItem
	for i := 0; i < 14; i++ {
		drip = append(drip, f.item("8112929010", "金属镓", 4, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Lumen Trading Co., Ltd.", "TH", senders[i%3]
			d.DeclaredAt = day("2024-09-01").AddDays(20 * i) // 14 parcels over nine months
		}))
		lab = append(lab, f.item("8112929010", "金属镓", 1, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry = "5", "Kyoto Materials Lab", "JP"
			d.DeclaredAt = day("2024-09-01").AddDays(20 * i)
		}))
	}
	// An institute's samples of many minerals from many suppliers, most
	// of them goods that need no licence: no flow split into parcels.
	samples := []struct{ hs, name string }{{"8112929010", "金属镓"}, {"2504101000", "鳞片石墨"}, {"7202700000", "钼铁"}, {"8110101000", "锑锭"}, {"7901110000", "锌锭"}}
	for i := 0; i < 15; i++ {
		s := samples[i%len(samples)]
		lab = append(lab, f.item(s.hs, s.name, 20, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry = "5", "Materials Research Centre Kama", "RU"
			d.ExporterUSCC = senders[i%3]
			d.DeclaredAt = day("2025-01-05").AddDays(18 * i)
		}))
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{})})
	for _, d := range drip {
		if got := codes(out.Findings[d.DeclarationNo]); got != Structuring {
			t.Errorf("drip parcel %s on %s: %q", d.DeclarationNo, d.DeclaredAt, got)
		}
	}
	for _, d := range lab {
		if fs := out.Findings[d.DeclarationNo]; len(fs) > 0 {
			t.Errorf("a laboratory's samples flagged: %s", fs[0].Message)
		}
	}
}

// TestStructuringSpreadOverNames: one exporter spreading gallium parcels
// over a buyer's three names at one address for months, under a licence
// that names one of them, is splitting a flow; a distributor's parcels
// under its own licence, or names each licensed, are its trade.
func TestStructuringSpreadOverNames(t *testing.T) {
	f := newFixture(t)
	const spreader, distributor, licensed = "91440200MA5F000044", "91440200MA5F000055", "91440200MA5F000066"
	lics := map[string]*core.Licence{
		"L-DECCAN": {No: "L-DECCAN", ExporterUSCC: spreader, ConsigneeName: "Deccan Alloys Pvt. Ltd."},
		"L-KYOTO":  {No: "L-KYOTO", ExporterUSCC: distributor, ConsigneeName: "Kyoto Materials Distributors K.K."},
	}
	names := []string{"Deccan Alloys Pvt. Ltd.", "Deccan Commodities Pvt. Ltd.", "Ganga Semiconductor Pvt. Ltd."}
	others := []string{"Bharat Advanced Materials Limited", "Bharat Rare Metals Limited", "Kaveri Semiconductor Limited"}
	for i, n := range others {
		no := fmt.Sprintf("L-OWN-%d", i)
		lics[no] = &core.Licence{No: no, ExporterUSCC: licensed, ConsigneeName: n}
	}
	var spread, trade []*core.DeclarationItem
	for i := 0; i < 12; i++ {
		spread = append(spread, f.item("8112929010", "高纯镓", 8, func(d *core.DeclarationItem) {
			d.ExporterUSCC, d.TransportMode, d.LicenceNo, d.DestinationCountry = spreader, "5", "L-DECCAN", "IN"
			d.ConsigneeName, d.ConsigneeAddress = names[i%3], "Plot 104, MIDC, Pune"
			d.DeclaredAt = day("2025-01-04").AddDays(12 * i)
		}))
		trade = append(trade, f.item("8112929010", "高纯镓", 8, func(d *core.DeclarationItem) {
			d.ExporterUSCC, d.TransportMode, d.LicenceNo, d.DestinationCountry = distributor, "5", "L-KYOTO", "JP"
			d.ConsigneeName, d.ConsigneeAddress = "Kyoto Materials Distributors K.K.", "2-1 Karasuma, Kyoto"
			d.DeclaredAt = day("2025-01-04").AddDays(12 * i)
		}))
		trade = append(trade, f.item("8112929010", "高纯镓", 8, func(d *core.DeclarationItem) {
			d.ExporterUSCC, d.TransportMode, d.LicenceNo, d.DestinationCountry = licensed, "5", fmt.Sprintf("L-OWN-%d", i%3), "IN"
			d.ConsigneeName, d.ConsigneeAddress = others[i%3], "Plot 7, GIDC Estate, Vapi"
			d.DeclaredAt = day("2025-01-05").AddDays(12 * i)
		}))
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{}), Licences: lics})
	for _, d := range spread {
		if got := codes(out.Findings[d.DeclarationNo]); !strings.Contains(got, Structuring) {
			t.Errorf("parcel to %s on %s: %q", d.ConsigneeName, d.DeclaredAt, got)
		}
	}
	for _, d := range trade {
		if got := codes(out.Findings[d.DeclarationNo]); strings.Contains(got, Structuring) {
			t.Errorf("licensed trade of %s to %s flagged: %v", d.ExporterUSCC, d.ConsigneeName, out.Findings[d.DeclarationNo])
		}
	}
}

// TestLicensedBurstIsTrade: fifteen gallium parcels in a month to one
// distributor, each under its licence for that distributor, is its trade;
// the same parcels without a licence are a flow split to evade one.
func TestLicensedBurstIsTrade(t *testing.T) {
	for _, licensed := range []bool{true, false} {
		f := newFixture(t)
		lics := map[string]*core.Licence{"L-MAAS": {No: "L-MAAS", ExporterUSCC: "91440300MA5F000077", ConsigneeName: "Maas Metals Trading BV"}}
		// A laboratory's samples every other day set the usual month.
		for i := 0; i < 180; i++ {
			f.item("8112929010", "金属镓", 2, func(d *core.DeclarationItem) {
				d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.DeclaredAt = "5", "Kyoto Materials Lab", "JP", day("2024-06-01").AddDays(2*i)
			})
		}
		var burst []*core.DeclarationItem
		for i := 0; i < 15; i++ {
			burst = append(burst, f.item("8112929010", "金属镓", 3, func(d *core.DeclarationItem) {
				d.ExporterUSCC, d.TransportMode, d.DestinationCountry, d.ConsigneeName = "91440300MA5F000077", "6", "NL", "Maas Metals Trading BV"
				d.DeclaredAt = day("2025-03-02").AddDays(i)
				if licensed {
					d.LicenceNo = "L-MAAS"
				}
			}))
		}
		out := f.run(Input{Graph: BuildGraph(GraphInput{}), Licences: lics})
		n := 0
		for _, d := range burst {
			if strings.Contains(codes(out.Findings[d.DeclarationNo]), Structuring) {
				n++
			}
		}
		if licensed && n > 0 || !licensed && n != len(burst) {
			t.Errorf("licensed %v: %d of %d parcels flagged", licensed, n, len(burst))
		}
	}
}

// TestLicenceEndUserAbroad: gallium consigned to Malaysia under a licence
// whose end user is in the US, in the months the US was closed to it, is
// on its way there; the same licence for a Japanese end user is not.
func TestLicenceEndUserAbroad(t *testing.T) {
	for _, tc := range []struct {
		endUser, on string
		want        bool
	}{
		{"Keystone Semiconductor Inc.", "2025-02-10", true},
		{"Kyoto Optics K.K.", "2025-02-10", false},
		// After the US-wide prohibition was suspended (2025-11-09), a US
		// military end user still may not have the goods.
		{"Naval Air Warfare Center Weapons Division", "2025-12-29", true},
		{"Keystone Semiconductor Inc.", "2025-12-29", false},
	} {
		f := newFixture(t)
		g := BuildGraph(GraphInput{Parties: []*core.Party{
			{ID: "US1", Name: "Keystone Semiconductor Inc.", Country: "US"},
			{ID: "JP1", Name: "Kyoto Optics K.K.", Country: "JP"},
			{ID: "US2", Name: "Naval Air Warfare Center Weapons Division", Country: "US", Kind: "military"},
		}})
		lics := map[string]*core.Licence{"L-MY": {No: "L-MY", ExporterUSCC: "91430000MA00000011", ConsigneeName: "Johor Metals Sdn. Bhd.", EndUserName: tc.endUser}}
		d := f.item("8112929010", "金属镓", 50, func(d *core.DeclarationItem) {
			d.DeclaredAt, d.DestinationCountry, d.ConsigneeName, d.LicenceNo = day(tc.on), "MY", "Johor Metals Sdn. Bhd.", "L-MY"
		})
		out := f.run(Input{Graph: g, Licences: lics})
		if got := strings.Contains(codes(out.Findings[d.DeclarationNo]), Transshipment); got != tc.want {
			t.Errorf("end user %s on %s: %v", tc.endUser, tc.on, out.Findings[d.DeclarationNo])
		}
	}
}

// TestAddressKey: a Chinese address with a street number links parties;
// a district alone does not, however many share it.
func TestAddressKey(t *testing.T) {
	for in, want := range map[string]bool{
		"南山区科技园路12号":                 true,
		"深圳市南山區科技園路１２號":              true,
		"北京市朝阳区":                     false,
		"冷水江市锡矿山":                    false,
		"12 Harbour Road, Singapore": true,
		"Bangkok":                    false,
	} {
		if got := addressKey(in) != ""; got != want {
			t.Errorf("addressKey(%q) = %q", in, addressKey(in))
		}
	}
}

// TestIdleStockHoweverOld: stock that never left the books counts however
// long ago it arrived; a yield shortfall counts only in the months before.
func TestIdleStockHoweverOld(t *testing.T) {
	f := newFixture(t)
	d := f.item("7326909000", "钢制零件", 40, func(d *core.DeclarationItem) { d.DeclaredAt = day("2025-09-10") })
	for _, tc := range []struct {
		name    string
		u       Unaccounted
		claimed float64
		want    bool
	}{
		{"idle a year", Unaccounted{Month: "2024-08", Material: "gallium-metal", Group: "gallium", Kg: 35, Idle: true}, 0, true},
		{"idle, small", Unaccounted{Month: "2025-01", Material: "germanium-metal", Group: "germanium", Kg: 12, Idle: true}, 0, true},
		{"shortfall a year ago", Unaccounted{Month: "2024-08", Material: "antimony-ingot", Group: "antimony", Kg: 500}, 0, false},
		{"shortfall last month", Unaccounted{Month: "2025-08", Material: "antimony-ingot", Group: "antimony", Kg: 500}, 0, true},
		{"idle after the export", Unaccounted{Month: "2025-10", Material: "gallium-metal", Group: "gallium", Kg: 35, Idle: true}, 0, false},
		{"idle, already taken by an earlier finding", Unaccounted{Month: "2024-08", Material: "gallium-metal", Group: "gallium", Kg: 35, Idle: true}, 30, false},
	} {
		x := &detector{in: Input{Catalog: f.cat, Unaccounted: map[core.USCC][]Unaccounted{d.ExporterUSCC: {tc.u}}}}
		if _, got := x.unaccountedStock(d, tc.claimed); got != tc.want {
			t.Errorf("%s: signal %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestFindByPartOfAName: the network finds a party by part of its name
// when no full name matches, a few at most, and not by a fragment of two
// letters.
func TestFindByPartOfAName(t *testing.T) {
	g := BuildGraph(GraphInput{Parties: []*core.Party{
		{ID: "P1", Name: "Golden Kestrel Trading Co., Ltd.", Country: "HK"},
		{ID: "P2", Name: "Silver Heron Logistics", Country: "SG"},
	}})
	if got := g.Find("Golden Kestrel"); len(got) != 1 || got[0] != "party:P1" {
		t.Errorf("Find(Golden Kestrel) = %v", got)
	}
	if got := g.Find("heron logistics"); len(got) != 1 || got[0] != "party:P2" {
		t.Errorf("Find(heron logistics) = %v", got)
	}
	if got := g.Find("Go"); len(got) != 0 {
		t.Errorf("Find(Go) = %v, want nothing", got)
	}
}

// TestStructuringUnderCover: small parcels from one sender whose goods
// were found to be other than declared — antimony ingots under zinc's
// code — are structuring when they come steadily (a drip) or five in a
// month; the same parcels declared for what they are, from one sender,
// are a customer's ordinary trade.
func TestStructuringUnderCover(t *testing.T) {
	f := newFixture(t)
	var cover, honest, burst []*core.DeclarationItem
	for i := 0; i < 9; i++ {
		cover = append(cover, f.item("7901119000", "銻錠", 3, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Dongyang Trading Co.", "KR", "91330000MA00000033"
			d.DeclaredAt = day("2025-09-01").AddDays(14 * i) // nine parcels over four months, never five in a month
		}))
		honest = append(honest, f.item("8110101000", "锑锭", 3, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Kyoto Materials Lab", "JP", "91330000MA00000033"
			d.LicenceNo = "LIC-1"
			d.DeclaredAt = day("2025-09-01").AddDays(14 * i)
		}))
	}
	for i := 0; i < 5; i++ {
		burst = append(burst, f.item("7901119000", "銻錠", 4, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Samik Trading Co., Ltd.", "TW", "91330000MA00000033"
			d.DeclaredAt = day("2025-03-01").AddDays(5 * i)
		}))
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{})})
	for _, group := range []struct {
		name  string
		items []*core.DeclarationItem
	}{{"drip under cover", cover}, {"five in a month under cover", burst}} {
		for _, d := range group.items {
			if got := codes(out.Findings[d.DeclarationNo]); !strings.Contains(got, Misdeclaration) || !strings.Contains(got, Structuring) {
				t.Errorf("%s, %s on %s: %q, want MISDECLARATION and STRUCTURING", group.name, d.DeclarationNo, d.DeclaredAt, got)
			}
		}
	}
	for _, d := range honest {
		if got := codes(out.Findings[d.DeclarationNo]); strings.Contains(got, Structuring) {
			t.Errorf("a customer's declared antimony parcels flagged: %q", got)
		}
	}
}

// TestStructuringRing: two consignees sharing a phone, each receiving
// split gallium parcels, are a ring (NETWORK_RISK on each); a consignee
// receiving split parcels alone is not.
func TestStructuringRing(t *testing.T) {
	f := newFixture(t)
	parties := []*core.Party{
		{ID: "A", Name: "Lumen Trading Co., Ltd.", Country: "TH", Phone: "+66 2 111 2222"},
		{ID: "B", Name: "Vertex Supply Co., Ltd.", Country: "TH", Phone: "02-111-2222"},
		{ID: "C", Name: "Solo Metals Pte. Ltd.", Country: "SG", Phone: "+65 6999 0000"},
		// On C's phone, receiving nothing itself: C under another name.
		{ID: "D", Name: "Merlion Freight Agency", Country: "SG", Phone: "6999 0000"},
		{ID: "E", Name: "Unrelated Books Ltd.", Country: "SG", Phone: "+65 6123 4567"},
	}
	for i := 0; i < 6; i++ {
		for _, name := range []string{"Lumen Trading Co., Ltd.", "Vertex Supply Co., Ltd.", "Solo Metals Pte. Ltd."} {
			f.item("8112929010", "金属镓", 8, func(d *core.DeclarationItem) {
				d.TransportMode, d.ConsigneeName, d.DeclaredAt = "6", name, day("2025-03-01").AddDays(3*i)
				d.DestinationCountry = map[bool]string{true: "SG", false: "TH"}[strings.HasPrefix(name, "Solo")]
				if i%2 == 1 && strings.HasPrefix(name, "Solo") {
					d.ConsigneeName = "SOLO METALS PTE LTD" // one buyer under two names
				}
			})
		}
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{Parties: parties})})
	got := map[string][]string{}
	for _, a := range out.Alerts {
		got[a.SubjectID] = append(got[a.SubjectID], a.Code)
	}
	for _, id := range []string{"A", "B"} {
		if !slices.Contains(got[id], Structuring) || !slices.Contains(got[id], NetworkRisk) {
			t.Errorf("%s: alerts %v, want STRUCTURING and NETWORK_RISK", id, got[id])
		}
	}
	if !slices.Contains(got["C"], Structuring) || slices.Contains(got["C"], NetworkRisk) {
		t.Errorf("a lone buyer of split parcels: %v, want STRUCTURING alone", got["C"])
	}
	if !slices.Contains(got["D"], NetworkRisk) || len(got["E"]) != 0 {
		t.Errorf("the party on the buyer's phone: %v, want NETWORK_RISK; an unrelated party: %v, want none", got["D"], got["E"])
	}
}

// TestRoutedConsignee: a consignee in Malaysia whose gallium twice went on
// from Port Klang to Los Angeles is alerted as part of the route; one
// whose gallium did so once is not (a voyage says nothing of a buyer).
func TestRoutedConsignee(t *testing.T) {
	f := newFixture(t)
	parties := []*core.Party{{ID: "KL", Name: "Klang Metals Sdn. Bhd.", Country: "MY"}, {ID: "PG", Name: "Penang Alloys Sdn. Bhd.", Country: "MY"}}
	ship := func(consignee string, n int) {
		for i := 0; i < n; i++ {
			d := f.item("8112929010", "金属镓", 500, func(d *core.DeclarationItem) {
				d.DestinationCountry, d.ConsigneeName, d.DeclaredAt = "MY", consignee, day("2025-03-10").AddDays(20*i)
			})
			f.container(d, "20", 505)
			m := f.mans[len(f.mans)-1]
			m.PortOfLoading, m.TransshipmentPort, m.PortOfDischarge = "CNSHK", "MYPKG", "USLAX"
		}
	}
	ship("Klang Metals Sdn. Bhd.", 2)
	ship("Penang Alloys Sdn. Bhd.", 1)
	out := f.run(Input{Graph: BuildGraph(GraphInput{Parties: parties})})
	got := map[string]bool{}
	for _, a := range out.Alerts {
		if a.Code == Transshipment {
			got[a.SubjectID] = true
		}
	}
	if !got["KL"] || got["PG"] {
		t.Errorf("transshipment alerts on %v; want KL (twice routed) and not PG (once)", got)
	}
}

// TestRouteOfAnotherVoyage: a box's manifest row under another bill is
// another voyage's: gallium for Malaysia in a container that once went to
// Los Angeles on another bill is not routed there; in the same container
// on its own bill, it is.
func TestRouteOfAnotherVoyage(t *testing.T) {
	f := newFixture(t)
	earlier := f.item("7208510000", "热轧钢板", 20000, func(d *core.DeclarationItem) { d.DestinationCountry = "US" })
	f.container(earlier, "20", 20200)
	m := f.mans[len(f.mans)-1]
	m.PortOfLoading, m.PortOfDischarge = "CNSHK", "USLAX"
	gallium := f.item("8112929010", "金属镓", 500, func(d *core.DeclarationItem) {
		d.DestinationCountry, d.ConsigneeName, d.DeclaredAt = "MY", "Klang Metals Sdn. Bhd.", day("2025-09-10")
	})
	gallium.BillOfLading, gallium.Containers = "BL-KLANG", earlier.Containers
	f.mans = append(f.mans, &core.Manifest{BillOfLading: "BL-KLANG", ContainerNo: earlier.Containers[0], VGMKg: dec(t, 505+2250), TareKg: dec(t, 2250),
		Size: "20", PortOfLoading: "CNSHK", PortOfDischarge: "MYPKG"})
	out := f.run(Input{})
	if got := codes(out.Findings[gallium.DeclarationNo]); strings.Contains(got, Transshipment) {
		t.Errorf("gallium for Port Klang read as going on to Los Angeles by another voyage's row: %q", got)
	}
	f.mans[len(f.mans)-1].PortOfDischarge = "USLAX"
	out = f.run(Input{})
	if got := codes(out.Findings[gallium.DeclarationNo]); !strings.Contains(got, Transshipment) {
		t.Errorf("gallium for Malaysia discharged at Los Angeles on its own bill: %q", got)
	}
}

// TestStructuringBeyondParcels: a flow split below a licence's notice is
// structuring by sea as by post — half a tonne of antimony at a time
// where twenty tonnes go — and a burst of unlicensed gallium parcels from
// two senders is one even to a buyer of many names; the same small
// consignments under a licence, from one exporter, are a customer's
// trade.
func TestStructuringBeyondParcels(t *testing.T) {
	f := newFixture(t)
	senders := []core.USCC{"91440300MA5F000011", "91440300MA5F000022", "91440300MA5F000033"}
	for i := range 30 { // the usual antimony consignment: twenty tonnes
		f.item("8110101000", "锑锭", 20000, func(d *core.DeclarationItem) {
			d.LicenceNo, d.DeclaredAt = "LIC-USUAL", day("2025-01-05").AddDays(10*i)
		})
	}
	var drip, burst, licensed, twoSenders, twoNames, oneSender, flown, turns, tenants []*core.DeclarationItem
	for i := range 12 {
		// Two names taking turns at two addresses, each known to the
		// parties of neither: one buyer, parcels of germanium posted
		// without a licence by three exporters over five months (seen on
		// a world the detector was not written against).
		turns = append(turns, f.item("8112921010", "锗锭", 1+float64(i%4), func(d *core.DeclarationItem) {
			d.TransportMode, d.DestinationCountry, d.ExporterUSCC = "6", "NL", senders[i%3]
			d.ConsigneeName = []string{"Holland Chemicals B.V.", "Veluwe Alpha Chemicals B.V."}[i%2]
			d.ConsigneeAddress = []string{"956 Liberty Road, Eindhoven", "2833 Garden Road, Eindhoven"}[(i/2)%2]
			d.DeclaredAt = day("2024-12-23").AddDays(13 * i)
		}))
		// Six tenants of one business centre, each sent a licensed parcel
		// now and then: not one buyer.
		tenants = append(tenants, f.item("8112929010", "金属镓", 3, func(d *core.DeclarationItem) {
			d.TransportMode, d.DestinationCountry, d.ExporterUSCC, d.LicenceNo = "5", "AE", senders[i%3], "LIC-TENANT"
			d.ConsigneeName = fmt.Sprintf("Tenant %c Trading FZE", 'A'+i%6)
			d.ConsigneeAddress = "Office 1203, 1 Business Bay Tower, Dubai, UAE"
			d.DeclaredAt = day("2025-02-01").AddDays(9 * i)
		}))
		// Four exporters flying 200–800 kg of tungsten carbide, unlicensed,
		// to one buyer every ten days: freight, not parcels, by weight,
		// but a flow split all the same (seen on a world the detector was
		// not written against).
		flown = append(flown, f.item("2849902000", "碳化钨", 200+float64(50*i), func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry = "5", "Permata Minor Metals Sdn. Bhd.", "MY"
			d.ExporterUSCC = []core.USCC{senders[0], senders[1], senders[2], "91440300MA5F000044"}[i%4]
			d.DeclaredAt = day("2025-07-31").AddDays(10 * i)
		}))
		// One sender splitting among a buyer's two names, each licensed.
		oneSender = append(oneSender, f.item("8112921010", "锗锭", 9, func(d *core.DeclarationItem) {
			d.TransportMode, d.DestinationCountry, d.ExporterUSCC, d.LicenceNo = "6", "MX", senders[0], "LIC-GE"
			d.ConsigneeName = []string{"Westwind Meridian Supply S.A. de C.V.", "Emerald Harbor Metals S.A. de C.V."}[i%2]
			d.ConsigneeAddress = "379 Unity Road 12, Monterrey"
			d.DeclaredAt = day("2025-06-01").AddDays(2 * i)
		}))
		// One buyer under two names at one address, every parcel under a
		// licence.
		twoNames = append(twoNames, f.item("8112929010", "金属镓", 4, func(d *core.DeclarationItem) {
			d.TransportMode, d.DestinationCountry, d.ExporterUSCC, d.LicenceNo = "5", "SG", senders[i%3], "LIC-GA"
			d.ConsigneeName = []string{"Hanil Tech Co., Ltd.", "Hanil Materials Co., Ltd."}[i%2]
			d.ConsigneeAddress = "12 Harbour Road, Singapore"
			d.DeclaredAt = day("2025-03-01").AddDays(2 * i)
		}))
		// Two senders, a parcel every twelve days for five months: no
		// month busy enough for a burst.
		twoSenders = append(twoSenders, f.item("8112929010", "金属镓", 3, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Wah Fung Metals Trading Ltd", "HK", senders[i%2]
			d.DeclaredAt = day("2025-07-31").AddDays(12 * i)
		}))
		drip = append(drip, f.item("8110101000", "锑锭", 500+float64(10*i), func(d *core.DeclarationItem) {
			d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "Lion City Metals Pte. Ltd.", "SG", senders[i%3]
			d.DeclaredAt = day("2025-05-01").AddDays(12 * i)
		}))
		burst = append(burst, f.item("8112929010", "金属镓", 9, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Straits Resources Pte. Ltd.", "SG", senders[i%2]
			d.DeclaredAt = day("2026-01-19").AddDays(2 * i)
		}))
		licensed = append(licensed, f.item("8110101000", "锑锭", 600, func(d *core.DeclarationItem) {
			d.ConsigneeName, d.DestinationCountry, d.LicenceNo = "Osaka Sangyo K.K.", "JP", "LIC-SMALL"
			d.DeclaredAt = day("2025-05-01").AddDays(12 * i)
		}))
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{})})
	for _, set := range []struct {
		name string
		ds   []*core.DeclarationItem
		want bool
	}{{"half-tonne drip by sea", drip, true}, {"burst of unlicensed parcels", burst, true}, {"licensed small orders", licensed, false},
		{"unlicensed drip from two senders", twoSenders, true}, {"a buyer of two spellings, every parcel licensed", twoNames, false},
		{"one sender splitting among a buyer's names, each parcel licensed", oneSender, true},
		{"unlicensed tungsten carbide flown by four exporters", flown, true},
		{"a buyer's two names taking turns at its two addresses", turns, true}, {"six tenants of one business centre", tenants, false}} {
		n := 0
		for _, d := range set.ds {
			if strings.Contains(codes(out.Findings[d.DeclarationNo]), Structuring) {
				n++
			}
		}
		if got := n == len(set.ds); set.want && !got || !set.want && n > 0 {
			t.Errorf("%s: %d of %d flagged", set.name, n, len(set.ds))
		}
	}
}

// TestSameNameNeedsTheSameForm: entity resolution joins one company's
// spellings, not two registrations of one name in different legal forms.
func TestSameNameNeedsTheSameForm(t *testing.T) {
	g := BuildGraph(GraphInput{Parties: []*core.Party{
		{ID: "P1", Name: "Atlantico Materiais S.A.", Country: "BR"},
		{ID: "P2", Name: "Atlantico Materiais Ltda.", Country: "BR"},
		{ID: "P3", Name: "ATLANTICO MATERIAIS SA", Country: "BR"},
	}})
	joined := map[[2]string]bool{}
	for _, e := range g.Edges {
		if e.Reason == "same_name" {
			joined[[2]string{e.A, e.B}], joined[[2]string{e.B, e.A}] = true, true
		}
	}
	if !joined[[2]string{"party:P1", "party:P3"}] {
		t.Error("S.A. and SA not joined")
	}
	if joined[[2]string{"party:P1", "party:P2"}] || joined[[2]string{"party:P2", "party:P3"}] {
		t.Error("S.A. and Ltda. joined as one company")
	}
}

// TestNamesakesAreTwo: one name in two places is one company only where
// nothing the two say of themselves differs; different phones, registry
// ids or addresses make them namesakes.
func TestNamesakesAreTwo(t *testing.T) {
	g := BuildGraph(GraphInput{Parties: []*core.Party{
		{ID: "P1", Name: "(주)영풍상사", Country: "KR", Address: "충청남도 천안시 서북구", Phone: "+82 284093231"},
		{ID: "P2", Name: "(주)영풍상사", Country: "KR", Address: "경기도 평택시 포승읍", Phone: "+82 957873330"},
		{ID: "P3", Name: "Hong Ha Materials Co., Ltd.", Country: "VN", RegistryID: "VN17112328"},
		{ID: "P4", Name: "HONG HA MATERIALS CO LTD", Country: "VN", RegistryID: "VN59257025"},
		{ID: "P5", Name: "Hong Ha Materials Company Limited", Country: "VN"},
	}})
	joined := map[[2]string]bool{}
	for _, e := range g.Edges {
		if e.Reason == "same_name" {
			joined[[2]string{e.A, e.B}], joined[[2]string{e.B, e.A}] = true, true
		}
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"P1", "P2", false}, // two phones
		{"P3", "P4", false}, // two registry ids
		{"P3", "P5", true},  // nothing to tell them apart
		{"P4", "P5", true},
	} {
		if got := joined[[2]string{"party:" + tc.a, "party:" + tc.b}]; got != tc.want {
			t.Errorf("%s and %s joined %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	// A declaration names one of the namesakes by where it is.
	for addr, want := range map[string]string{"경기도 평택시 포승읍": "party:P2", "충청남도 천안시 서북구": "party:P1"} {
		if got := g.ResolveAt("(주)영풍상사", "KR", addr); got != want {
			t.Errorf("(주)영풍상사 at %s resolves to %s, want %s", addr, got, want)
		}
	}
}

// TestChainAsOfTheDay: what a lot was made from counts as controlled
// only from the day its group came under control — a 2024 magnet made
// with dysprosium oxide carried no controlled item (seen on a world the
// detector was not written against: 1,297 clean magnet exports of
// 2024–2026 called misdeclared, half of them before 2025-04-04).
func TestChainAsOfTheDay(t *testing.T) {
	f := newFixture(t)
	x := newDetector(Input{Catalog: f.cat})
	dep := Departure{Lot: "urn:orewatch:lot:ndfeb-magnet:L1", Material: "ndfeb-magnet", Group: "other", Kg: 1000, Controlled: 0.011,
		Sources: []string{"2 kg tb-oxide", "9 kg dy-oxide"}, sourceGroups: []string{"rare-earth", "rare-earth"},
		Shares: map[string]float64{"rare-earth": 0.011}}
	for _, tc := range []struct {
		day        string
		controlled float64
		sources    int
	}{{"2024-07-15", 0, 0}, {"2025-04-03", 0, 0}, {"2025-04-04", 0.011, 2}, {"2026-01-10", 0.011, 2}} {
		got := x.asOf([]Departure{dep}, day(tc.day))[0]
		if got.Controlled != tc.controlled || len(got.Sources) != tc.sources {
			t.Errorf("%s: controlled %.3f from %v, want %.3f", tc.day, got.Controlled, got.Sources, tc.controlled)
		}
	}
	// A lot of a controlled material itself: antimony from 2024-09-15.
	sb := Departure{Lot: "urn:orewatch:lot:antimony-ingot:L2", Material: "antimony-ingot", Group: "antimony", Kg: 500, Controlled: 1,
		Shares: map[string]float64{"antimony": 1}}
	if got := x.asOf([]Departure{sb}, day("2024-09-14"))[0]; got.Controlled != 0 {
		t.Errorf("antimony the day before its control: %.2f", got.Controlled)
	}
	if got := x.asOf([]Departure{sb}, day("2024-09-15"))[0]; got.Controlled != 1 {
		t.Errorf("antimony on its first day of control: %.2f", got.Controlled)
	}
}

// TestCoverExporterUnregistered: germanium found under tin's name, sent
// by an exporter outside the ledger, is the ledger rule's case as if
// declared as germanium (yellow); from an exporter in the ledger it is
// not, nor is tin at tin's price.
func TestCoverExporterUnregistered(t *testing.T) {
	f := newFixture(t)
	outside, inside := core.USCC("91440100MA00000066"), core.USCC("91440100MA00000077")
	for i := 0; i < 30; i++ {
		f.item("8001100000", "锡锭", 1000, func(d *core.DeclarationItem) { d.ExporterUSCC, d.TotalValue = inside, dec(t, 1000*30) })
	}
	hidden := f.item("8001100000", "锡粒", 3, func(d *core.DeclarationItem) { d.ExporterUSCC, d.TotalValue = outside, dec(t, 3*1400) })
	known := f.item("8001100000", "锡粒", 3, func(d *core.DeclarationItem) { d.ExporterUSCC, d.TotalValue = inside, dec(t, 3*1400) })
	out := f.run(Input{Ledger: map[core.USCC]*core.Enterprise{inside: {USCC: inside, Status: core.StatusActive}}})
	if got := codes(out.Findings[hidden.DeclarationNo]); got != Misdeclaration+"|"+UnregisteredEnterprise {
		t.Errorf("cover goods from outside the ledger: %q", got)
	}
	for _, fd := range out.Findings[hidden.DeclarationNo] {
		if fd.Code == UnregisteredEnterprise && fd.Channel != core.ChannelYellow {
			t.Errorf("channel %s, want yellow", fd.Channel)
		}
	}
	if got := codes(out.Findings[known.DeclarationNo]); got != Misdeclaration {
		t.Errorf("cover goods from an exporter in the ledger: %q", got)
	}
}

// TestStructuringOfTwoMinerals: gallium and germanium parcels, and
// germanium under tin's name, none licensed, from three unrelated senders
// to one buyer over a year (never five in a month) are one split flow.
func TestStructuringOfTwoMinerals(t *testing.T) {
	f := newFixture(t)
	senders := []core.USCC{"91440300MA5F000011", "91440300MA5F000022", "91440300MA5F000033"}
	goods := []struct {
		hs, name string
		usd      float64
	}{{"8112921090", "锗锭", 3}, {"8112999000", "镓制品", 3}, {"8001100000", "锡粒", 1400}}
	for i := 0; i < 30; i++ {
		f.item("8001100000", "锡锭", 1000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 1000*30) })
	}
	var parcels []*core.DeclarationItem
	for i := 0; i < 12; i++ {
		g := goods[i%3]
		parcels = append(parcels, f.item(g.hs, g.name, 2.5, func(d *core.DeclarationItem) {
			d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.ExporterUSCC = "6", "Rattana Materials Public Co., Ltd.", "TH", senders[i%3]
			d.TotalValue = dec(t, 2.5*g.usd)
			d.DeclaredAt = day("2024-01-05").AddDays(27 * i)
		}))
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{})})
	for _, d := range parcels {
		if got := codes(out.Findings[d.DeclarationNo]); !strings.Contains(got, Structuring) {
			t.Errorf("parcel %s (%s) on %s: %q", d.DeclarationNo, d.GoodsName, d.DeclaredAt, got)
		}
	}
}

// TestStructuringRingThroughAHub: two buyers of split parcels that never
// name each other, each tied to one hub (its director, a shared phone),
// are one ring: NETWORK_RISK on both and on the hub.
func TestStructuringRingThroughAHub(t *testing.T) {
	f := newFixture(t)
	parties := []*core.Party{
		{ID: "F", Name: "Rattana Materials Public Co., Ltd.", Country: "TH"},
		{ID: "G", Name: "Cahaya Materials Sdn. Bhd.", Country: "MY", Phone: "+852 7571 1277"},
		{ID: "H", Name: "Ever Bright Sourcing Limited", Country: "HK", Phone: "+852-7571-1277"},
	}
	links := []*core.PartyLink{{From: "F", To: "H", Relation: "director"}}
	for i := 0; i < 6; i++ {
		for _, c := range []struct{ name, country string }{{"Rattana Materials Public Co., Ltd.", "TH"}, {"Cahaya Materials Sdn. Bhd.", "MY"}} {
			f.item("8112929010", "金属镓", 8, func(d *core.DeclarationItem) {
				d.TransportMode, d.ConsigneeName, d.DestinationCountry, d.DeclaredAt = "6", c.name, c.country, day("2025-03-01").AddDays(3*i)
			})
		}
	}
	out := f.run(Input{Graph: BuildGraph(GraphInput{Parties: parties, Links: links})})
	got := map[string][]string{}
	for _, a := range out.Alerts {
		got[a.SubjectID] = append(got[a.SubjectID], a.Code)
	}
	for _, id := range []string{"F", "G"} {
		if !slices.Contains(got[id], Structuring) || !slices.Contains(got[id], NetworkRisk) {
			t.Errorf("%s: alerts %v, want STRUCTURING and NETWORK_RISK", id, got[id])
		}
	}
	if !slices.Contains(got["H"], NetworkRisk) {
		t.Errorf("the hub: %v, want NETWORK_RISK", got["H"])
	}
}

// TestSameAddressIsWithinACountry: two parties at "101 Station Street",
// one in Germany and one in Turkey, are not tied by it; two in Germany
// are.
func TestSameAddressIsWithinACountry(t *testing.T) {
	g := BuildGraph(GraphInput{Parties: []*core.Party{
		{ID: "DE1", Name: "Torfenum Chemie GmbH", Country: "DE", Address: "101 Station Street"},
		{ID: "TR1", Name: "Bratorum Metal Sanayi A.Ş.", Country: "TR", Address: "101 Station Street"},
		{ID: "DE2", Name: "Halden Trading GmbH", Country: "DE", Address: "101 Station Street"},
	}})
	tied := func(a, b string) bool {
		for _, ei := range g.adj["party:"+a] {
			if e := g.Edges[ei]; e.Reason == "same_address" && e.other("party:"+a) == "party:"+b {
				return true
			}
		}
		return false
	}
	if tied("DE1", "TR1") || tied("TR1", "DE2") {
		t.Error("parties in two countries tied by a street address")
	}
	if !tied("DE1", "DE2") {
		t.Error("two parties at one address in one country not tied")
	}
	// An address that names its place is one wherever its parties are.
	g = BuildGraph(GraphInput{Parties: []*core.Party{
		{ID: "MX1", Name: "Frontier Kestrel Supply S.A. de C.V.", Country: "MX", Address: "367 Keystone Road, Monterrey"},
		{ID: "MY1", Name: "Nordic Juniper Supply Sdn Bhd", Country: "MY", Address: "367 Keystone Road, Monterrey"},
	}})
	if !tied("MX1", "MY1") {
		t.Error("a Malaysian company at a Monterrey office not tied to the Mexican one there")
	}
}

// TestValuesFewMostlyFraud: twelve declarations of indium ingots, eight of
// them at a third of the market: a few declarations cannot vouch for each
// other, so the eight are anomalies and the four at the market are not;
// eight all off the market the same way are a population's own basis.
func TestValuesFewMostlyFraud(t *testing.T) {
	f := newFixture(t)
	prices := []*core.Price{
		{Material: "indium-metal", Market: "CN", Date: day("2025-03-01"), Price: dec(t, 2140), Currency: "CNY", Unit: "kg"},
		{Material: "indium-metal", Market: "INTL", Date: day("2025-03-01"), Price: dec(t, 311), Currency: "USD", Unit: "kg"},
	}
	var under, fair []*core.DeclarationItem
	for i := 0; i < 8; i++ {
		under = append(under, f.item("8112923000", "精铟", 1000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 1000*(95+float64(i))) }))
	}
	for i := 0; i < 4; i++ {
		fair = append(fair, f.item("8112923000", "精铟", 1000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 1000*(300+float64(5*i))) }))
	}
	out := f.run(Input{Prices: prices})
	for _, d := range under {
		if got := codes(out.Findings[d.DeclarationNo]); got != ValueAnomaly {
			t.Errorf("indium at %s: %q", d.TotalValue, got)
		}
	}
	for _, d := range fair {
		if got := codes(out.Findings[d.DeclarationNo]); got != "" {
			t.Errorf("indium at the market, %s: %q", d.TotalValue, got)
		}
	}
	// Every declaration off the market the same way is a quoting basis of
	// the population's own, not eight frauds.
	g := newFixture(t)
	var all []*core.DeclarationItem
	for i := 0; i < 8; i++ {
		all = append(all, g.item("8112923000", "精铟", 1000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 1000*(1900+float64(10*i))) }))
	}
	out = g.run(Input{Prices: prices})
	for _, d := range all {
		if got := codes(out.Findings[d.DeclarationNo]); got != "" {
			t.Errorf("every declaration at six times the market, %s: %q", d.TotalValue, got)
		}
	}
}
