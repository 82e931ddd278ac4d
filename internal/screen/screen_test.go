package screen

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

func mk(t testing.TB, first17 string) core.USCC {
	c, err := core.USCCCheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	return core.USCC(first17 + string(c))
}

type world struct {
	in                 Input
	exporter, stranger core.USCC
}

func newWorld(t *testing.T) *world {
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{exporter: mk(t, "91430000MA4L00001"), stranger: mk(t, "91440300MA5F00009")}
	susp := mk(t, "91360000MA3R00003")
	w.in = Input{Catalog: cat, Lists: append(lists,
		&core.ListEntry{List: "CN-UEL", Name: "Northwind Defense Systems LLC", Country: "US", ListedOn: core.MustDate("2025-01-02")}),
		Ledger: map[core.USCC]*LedgerEntry{
			w.exporter: {Enterprise: &core.Enterprise{USCC: w.exporter, Status: core.StatusActive, RegisteredOn: core.MustDate("2024-01-01")}},
			susp: {Enterprise: &core.Enterprise{USCC: susp}, History: []core.StatusChange{
				{Status: core.StatusActive, EffectiveOn: core.MustDate("2024-01-01")},
				{Status: core.StatusSuspended, EffectiveOn: core.MustDate("2025-05-01")}}},
		},
		Licences: map[string]*core.Licence{
			"L-OK":     {No: "L-OK", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple, ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8110101000", Quantity: core.DecimalFromInt(20), Unit: "t", Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."},
			"L-SINGLE": {No: "L-SINGLE", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesSingle, ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8110101000", Quantity: core.DecimalFromInt(100000), Unit: "kg", Destination: "NL"},
			"L-CODE":   {No: "L-CODE", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple, ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "2504101000", ControlCode: "1C991", Quantity: core.DecimalFromInt(20), Unit: "t", Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."},
			"L-GR-US":  {No: "L-GR-US", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple, ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "2504101000", Quantity: core.DecimalFromInt(20), Unit: "t", Destination: "US", ConsigneeName: "Acme Inc"},
			"L-REV":    {No: "L-REV", ExporterUSCC: w.exporter, Status: core.LicenceRevoked, Uses: core.UsesMultiple, ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8110101000", Quantity: core.DecimalFromInt(100000), Unit: "kg", Destination: "NL"},
		},
		Parties: []*core.Party{{ID: "P9", Name: "Eastern Ordnance Works", Country: "US", Kind: "military"},
			{ID: "P10", Name: "Lone Star Ceramics Supply Corp.", Country: "US", Kind: "military"},
			{ID: "P11", Name: "Lockheed Martin", Country: "US", Kind: "military"}},
	}
	return w
}

// good stands for a full statement: "controlled", and the item's code —
// its announcement's, or the unified dual-use list's where the
// announcement printed none (decl writes it in).
const good = "是否属于管制物项：是"

func (w *world) decl(no string, item int, day, hs, dest, consignee, licence, remarks string, kg int64) *core.DeclarationItem {
	if remarks == good {
		for _, it := range w.in.Catalog.Lookup(catalog.Query{HS: hs, Date: core.MustDate(day)}).Items {
			if c := cmp.Or(it.ControlCode, it.ListCode); c != "" {
				remarks += "；管制编码：" + c
				break
			}
		}
	}
	return &core.DeclarationItem{DeclarationNo: no, ItemNo: item, DeclaredAt: core.MustDate(day), ExporterUSCC: w.exporter,
		TransportMode: "2", DestinationCountry: dest, ConsigneeName: consignee, LicenceNo: licence, HSCode: hs, GoodsName: "x",
		Quantity: core.DecimalFromInt(kg), Unit: "kg", NetWeightKg: core.DecimalFromInt(kg), GrossWeightKg: core.DecimalFromInt(kg + 20),
		TotalValue: core.DecimalFromInt(kg * 30), Currency: "USD", Remarks: remarks}
}

func withSpec(d *core.DeclarationItem, name, spec string) *core.DeclarationItem {
	d.GoodsName, d.GoodsSpec = name, spec
	return d
}

func codes(r Result) string {
	var cs []string
	for _, f := range r.Findings {
		cs = append(cs, f.Code)
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

func TestChecks(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name    string
		d       *core.DeclarationItem
		codes   string
		channel string
	}{
		{"clean controlled export", w.decl("100000000000000001", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "是否属于管制物项：是；管制编码：1C999", 1000), "", core.ChannelGreen},
		{"uncontrolled goods", w.decl("100000000000000002", 1, "2025-03-01", "7901119000", "US", "Anyone", "", "", 1000), "", core.ChannelGreen},
		{"before the measure took effect", w.decl("100000000000000003", 1, "2024-09-14", "8110101000", "NL", "Rotterdam Metals BV", "", "", 1000), "", core.ChannelGreen},
		{"no statement, no licence", w.decl("100000000000000004", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "", "唛头N/M", 1000), "CONTROL_UNDECLARED,LICENCE_MISSING", core.ChannelRed},
		{"stated not controlled", w.decl("100000000000000005", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "是否属于管制物项：否", 1000), "CONTROL_UNDECLARED", core.ChannelRed},
		{"wrong control code", w.decl("100000000000000006", 1, "2025-06-01", "2846901940", "JP", "Tokyo KK", "", "是否属于管制物项：是 管制编码1C903.b", 10), "CONTROL_UNDECLARED,LICENCE_MISSING", core.ChannelRed},
		{"right control code", w.decl("100000000000000007", 1, "2025-06-01", "2846901940", "JP", "Tokyo KK", "", "是否屬於管制物項：是 管制編碼1C902.b", 10), "LICENCE_MISSING", core.ChannelRed},
		// Antimony's entry has no code: samarium's is another item's.
		{"another item's code where the entry has none", w.decl("100000000000000019", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "是否属于管制物项：是；管制编码：1C902.a", 1000), "CONTROL_UNDECLARED", core.ChannelYellow},
		// Antimony's announcement is not transcribed whole: a code the
		// catalogue does not know may be its own.
		{"unknown code where the catalogue may lack it", w.decl("100000000000000020", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "管制物项，编码1C950", 1000), "", core.ChannelGreen},
		// Graphite's code is not in the catalogue: the licence's is the
		// one to give, in full or by its heading.
		{"the licence's code where the catalogue has none", w.decl("100000000000000021", 1, "2025-03-01", "2504101000", "NL", "Rotterdam Metals BV", "L-CODE", "Contract No.CT25-1807 属管制物项（1C991）", 1000), "", core.ChannelGreen},
		{"another code than the licence's", w.decl("100000000000000022", 1, "2025-03-01", "2504101000", "NL", "Rotterdam Metals BV", "L-CODE", "属管制物项 管制编码1C901", 1000), "CONTROL_UNDECLARED", core.ChannelYellow},
		{"the heading of the item's code", w.decl("100000000000000023", 1, "2025-06-01", "2846901940", "JP", "Tokyo KK", "", "管制物项：是，管制编码1C902", 10), "LICENCE_MISSING", core.ChannelRed},
		{"unknown licence", w.decl("100000000000000008", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-NOPE", good, 10), "LICENCE_MISSING", core.ChannelRed},
		{"revoked licence", w.decl("100000000000000009", 1, "2025-03-01", "8110101000", "NL", "X", "L-REV", good, 10), "LICENCE_INVALID", core.ChannelRed},
		{"expired licence", w.decl("100000000000000010", 1, "2026-01-02", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 10), "LICENCE_INVALID", core.ChannelRed},
		{"mismatch destination and consignee", w.decl("100000000000000011", 1, "2025-03-01", "8110101000", "TH", "Siam Trading", "L-OK", good, 10), "LICENCE_MISMATCH", core.ChannelRed},
		{"presumption of denial to the US", w.decl("100000000000000012", 1, "2025-03-01", "8110101000", "US", "Acme Inc", "", good, 10), "DESTINATION_PROHIBITED,LICENCE_MISSING", core.ChannelRed},
		{"US rule suspended", w.decl("100000000000000013", 1, "2026-01-15", "8110101000", "US", "Acme Inc", "", good, 10), "LICENCE_MISSING", core.ChannelRed},
		// Another legal form is another company, not the military one.
		{"a civil company of a military one's name", w.decl("100000000000000027", 1, "2026-01-15", "8110101000", "US", "Lone Star Ceramics Inc.", "", good, 10), "LICENCE_MISSING", core.ChannelRed},
		// The list entry of the same organisation gives its Chinese name.
		{"a military end user written in Chinese", w.decl("100000000000000029", 1, "2026-01-15", "8110101000", "US", "洛克希德马丁公司", "", good, 10), "DESTINATION_PROHIBITED,END_USER_LISTED,LICENCE_MISSING", core.ChannelRed},
		{"a military end user's division", w.decl("100000000000000028", 1, "2026-01-15", "8110101000", "US", "Eastern Ordnance Works Inc. (Missiles Division)", "", good, 10), "DESTINATION_PROHIBITED,LICENCE_MISSING", core.ChannelRed},
		{"military end user", w.decl("100000000000000014", 1, "2026-01-15", "8110101000", "US", "Eastern Ordnance Works Inc.", "", good, 10), "DESTINATION_PROHIBITED,LICENCE_MISSING", core.ChannelRed},
		{"graphite enhanced review", w.decl("100000000000000015", 1, "2025-03-01", "2504101000", "US", "Acme Inc", "", good, 10), "DESTINATION_PROHIBITED,LICENCE_MISSING", core.ChannelRed},
		// A crucible's stated density and purity rule out high-density
		// artificial graphite; whether it is of natural flake (no
		// parameters to read) is for an officer to verify.
		{"graphite crucible short of the parameters", withSpec(w.decl("100000000000000025", 1, "2025-03-01", "6815190020", "VN", "Thang Long JSC", "", "是否属于管制物项：否", 4000), "石墨制品（坩埚）", "密度1.65g/cm3 纯度99.5%"), "CONTROL_UNDECLARED,LICENCE_MISSING", core.ChannelYellow},
		{"graphite product meeting them", withSpec(w.decl("100000000000000026", 1, "2025-03-01", "6815190020", "VN", "Thang Long JSC", "", "是否属于管制物项：否", 4000), "等静压石墨制品", "密度1.85g/cm3 纯度99.99% 抗折强度45MPa"), "CONTROL_UNDECLARED,LICENCE_MISSING", core.ChannelRed},
		// The licence is what the enhanced review gave.
		{"graphite to the US under a licence", w.decl("100000000000000024", 1, "2025-03-01", "2504101000", "US", "Acme Inc", "L-GR-US", good, 10), "", core.ChannelGreen},
		{"listed consignee, uncontrolled goods", w.decl("100000000000000016", 1, "2025-03-01", "7901119000", "US", "Northwind Defense Systems, L.L.C.", "", "", 10), "END_USER_LISTED", core.ChannelRed},
		{"listed on the shipped list", w.decl("100000000000000017", 1, "2025-03-10", "7901119000", "US", "LEIDOS INC", "", "", 10), "END_USER_LISTED", core.ChannelYellow},
		{"not yet listed", w.decl("100000000000000018", 1, "2025-03-03", "7901119000", "US", "LEIDOS INC", "", "", 10), "", core.ChannelGreen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := New(w.in).Run([]*core.DeclarationItem{tt.d})
			if len(rs) != 1 {
				t.Fatalf("%d results", len(rs))
			}
			if got := codes(rs[0]); got != tt.codes || rs[0].Channel != tt.channel {
				t.Errorf("codes %q channel %s, want %q %s; findings %+v", got, rs[0].Channel, tt.codes, tt.channel, rs[0].Findings)
			}
			for _, f := range rs[0].Findings {
				if f.Message == "" || f.MessageZh == "" || len(f.Evidence) == 0 || f.ItemNo != 1 {
					t.Errorf("finding lacks message or evidence: %+v", f)
				}
			}
		})
	}
}

func TestLicenceDrawdownAndSingleUse(t *testing.T) {
	w := newWorld(t)
	ds := []*core.DeclarationItem{
		// 20 t licensed; in date then number order: 8 t, 8 t, 5 t (over), 1 t (over).
		w.decl("200000000000000003", 1, "2025-03-03", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 5000),
		w.decl("200000000000000001", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 8000),
		w.decl("200000000000000002", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 8000),
		w.decl("200000000000000004", 1, "2025-03-04", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 1000),
		// Single use: the first declaration may use it (both items), the next may not.
		w.decl("300000000000000001", 1, "2025-04-01", "8110101000", "NL", "X", "L-SINGLE", good, 10),
		w.decl("300000000000000001", 2, "2025-04-01", "8110101000", "NL", "X", "L-SINGLE", good, 10),
		w.decl("300000000000000002", 1, "2025-04-02", "8110101000", "NL", "X", "L-SINGLE", good, 10),
	}
	// Someone else citing the licence: invalid, and it draws nothing down.
	other := w.decl("200000000000000000", 1, "2025-02-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 9000)
	other.ExporterUSCC = w.stranger
	ds = append(ds, other)
	w.in.Ledger[w.stranger] = &LedgerEntry{Enterprise: &core.Enterprise{USCC: w.stranger, Status: core.StatusActive}}
	rs := New(w.in).Run(ds)
	want := map[string]string{
		"200000000000000000": "LICENCE_INVALID",
		"200000000000000001": "", "200000000000000002": "",
		"200000000000000003": "LICENCE_EXCEEDED", "200000000000000004": "LICENCE_EXCEEDED",
		"300000000000000001": "", "300000000000000002": "LICENCE_INVALID",
	}
	if len(rs) != len(want) {
		t.Fatalf("%d results", len(rs))
	}
	for i, r := range rs {
		if got := codes(r); got != want[r.DeclarationNo] {
			t.Errorf("%s: %q, want %q", r.DeclarationNo, got, want[r.DeclarationNo])
		}
		if i > 0 && r.DeclaredAt.Before(rs[i-1].DeclaredAt) {
			t.Error("results not in declared_at order")
		}
	}
}

func TestLedgerCheck(t *testing.T) {
	w := newWorld(t)
	susp := mk(t, "91360000MA3R00003")
	d1 := w.decl("400000000000000001", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", good, 10)
	d1.ProducerUSCC = mk(t, "91450000MA5K00077") // not in the ledger
	d2 := w.decl("400000000000000002", 1, "2025-06-01", "2611000000", "NL", "Y", "", "", 10)
	d2.ExporterUSCC = susp // tungsten concentrate: strategic, not controlled; suspended since 2025-05-01
	d3 := w.decl("400000000000000003", 1, "2025-04-01", "2611000000", "NL", "Y", "", "", 10)
	d3.ExporterUSCC = susp // still active then
	rs := New(w.in).Run([]*core.DeclarationItem{d1, d2, d3})
	got := map[string]Result{}
	for _, r := range rs {
		got[r.DeclarationNo] = r
	}
	if c := codes(got["400000000000000001"]); c != "UNREGISTERED_ENTERPRISE" || got["400000000000000001"].Channel != core.ChannelRed {
		t.Errorf("unregistered producer of controlled goods: %s %s", c, got["400000000000000001"].Channel)
	}
	if c := codes(got["400000000000000002"]); c != "UNREGISTERED_ENTERPRISE" || got["400000000000000002"].Channel != core.ChannelYellow {
		t.Errorf("suspended exporter of strategic goods: %s %s", c, got["400000000000000002"].Channel)
	}
	if c := codes(got["400000000000000003"]); c != "" {
		t.Errorf("active on that day: %s", c)
	}
}

func TestGrade(t *testing.T) {
	if c, s := Grade(nil); c != core.ChannelGreen || s != 0 {
		t.Errorf("no findings: %s %d", c, s)
	}
	y := core.Finding{Severity: core.SeverityMedium, Channel: core.ChannelYellow}
	r := core.Finding{Severity: core.SeverityHigh, Channel: core.ChannelRed}
	_, s1 := Grade([]core.Finding{y})
	_, s2 := Grade([]core.Finding{y, y})
	c3, s3 := Grade([]core.Finding{r})
	_, s4 := Grade([]core.Finding{r, r})
	if !(s1 < s2 && s2 < s3 && s3 < s4) || c3 != core.ChannelRed || s3 < 90 || s2 > 89 {
		t.Errorf("scores %d %d %d %d", s1, s2, s3, s4)
	}
}

// TestParallelMatchesSequential screens the same 6,000 items with the
// order-independent checks on all cores and on one, and compares.
func TestParallelMatchesSequential(t *testing.T) {
	w := newWorld(t)
	var items []*core.DeclarationItem
	hs := []string{"8110101000", "7901119000", "2846901940", "2504101000", "2611000000"}
	dest := []string{"NL", "US", "JP", "TH"}
	cons := []string{"Rotterdam Metals BV", "LEIDOS INC", "Northwind Defense Systems LLC", "Tokyo KK", "Eastern Ordnance Works"}
	lic := []string{"", "L-OK", "L-SINGLE", "L-REV", "L-NOPE"}
	rem := []string{"", good, "是否属于管制物项：否", "唛头"}
	for i := 0; i < 6000; i++ {
		day := core.NewDate(2025, 1, 1).AddDays(i % 400).String()
		items = append(items, w.decl(fmt.Sprintf("9%017d", i/2), 1+i%2, day, hs[i%len(hs)], dest[i%len(dest)], cons[i%len(cons)], lic[i%len(lic)], rem[i%len(rem)], int64(100+i%900)))
	}
	par := New(w.in).Run(items)
	old := parallelFrom
	parallelFrom = 1 << 30
	seq := New(w.in).Run(items)
	parallelFrom = old
	if len(par) != len(seq) {
		t.Fatalf("%d vs %d results", len(par), len(seq))
	}
	outcomes := map[string]bool{}
	for i := range par {
		a, b := par[i], seq[i]
		if a.DeclarationNo != b.DeclarationNo || a.Channel != b.Channel || a.Score != b.Score || codes(a) != codes(b) {
			t.Fatalf("result %d differs: %+v vs %+v", i, a, b)
		}
		outcomes[a.Channel+":"+codes(a)] = true
	}
	// Licence drawdown and single use make results depend on order: the
	// comparison must cover many different outcomes, including those.
	if len(outcomes) < 10 || !strings.Contains(fmt.Sprint(outcomes), "LICENCE_EXCEEDED") || !strings.Contains(fmt.Sprint(outcomes), "LICENCE_INVALID") {
		t.Fatalf("only %d distinct outcomes (%v): the comparison says little", len(outcomes), outcomes)
	}
}

// TestDrawdownOrder: sorted, sorted but for a tail, and shuffled inputs
// all come out as a stable sort by declared_at, declaration_no, item_no
// would order them, with equal keys in file order.
func TestDrawdownOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	item := func(i int) *core.DeclarationItem {
		return &core.DeclarationItem{DeclaredAt: core.NewDate(2025, 3, 1+rng.IntN(5)),
			DeclarationNo: fmt.Sprintf("5301202500000000%02d", rng.IntN(20)), ItemNo: 1 + rng.IntN(3), Remarks: strconv.Itoa(i)}
	}
	want := func(items []*core.DeclarationItem) []*core.DeclarationItem {
		s := slices.Clone(items)
		slices.SortStableFunc(s, func(a, b *core.DeclarationItem) int {
			if c := a.DeclaredAt.Compare(b.DeclaredAt); c != 0 {
				return c
			}
			if c := strings.Compare(a.DeclarationNo, b.DeclarationNo); c != 0 {
				return c
			}
			return a.ItemNo - b.ItemNo
		})
		return s
	}
	for _, tc := range []struct {
		name string
		tail int // items after the sorted part
	}{{"sorted", 0}, {"late tail", 7}, {"long tail", 150}, {"shuffled", 400}} {
		var items []*core.DeclarationItem
		for i := range 400 {
			items = append(items, item(i))
		}
		sorted := want(items)
		items = append(sorted[:400-tc.tail:400-tc.tail], items[400-tc.tail:]...)
		got, runs := inDrawdownOrder(items)
		exp := want(items)
		for i := range exp {
			if got[i] != exp[i] {
				t.Fatalf("%s: item %d is %+v, want %+v", tc.name, i, got[i], exp[i])
			}
		}
		if want := numberRuns(exp); runs != want {
			t.Errorf("%s: %d runs of declaration numbers, want %d", tc.name, runs, want)
		}
	}
}

func TestMentionsMilitary(t *testing.T) {
	for _, tc := range []struct {
		remarks string
		want    bool
	}{
		{"", false},
		{"唛头N/M", false},
		{"最终用途：军用", true},
		{"最終用途：軍用", true},
		{"非军用", false},
		{"不用於軍事", false},
		{"End use: MILITARY vehicles", true},
		{"for Defence contractors", true},
		{"DEFENSE", true},
		{"Not For Military Use", false},
		{"non-military", false},
		{"militar", false},
		{"paramilitary uniforms", true},
		// Defence and its agencies, as licences' end uses say them.
		{"国防项目用高温部件", true},
		{"US DoD contract W56HZV parts", true},
		{"armour for the armed forces", true},
		{"missile guidance optics", true},
		{"非国防用途，民用光学", false},
		{"Dodge truck parts", false},
		{"lead-acid battery alloys", false},
		// Weapons named for what they are (generator thirteen).
		{"用途：导弹导引头红外窗口", true},
		{"最终用途：装甲穿甲弹芯", true},
		{"最終用途：穿甲彈芯", true},
		{"armor-piercing penetrator cores", true},
		{"warhead liners", true},
		{"弹簧钢丝", false},
		{"End use: naval sonar transducers", true},
		{"US Navy depot", true},
		{"Salvation Army thrift stores", false},
		{"Navalny", false},
	} {
		if got := mentionsMilitary(tc.remarks); got != tc.want {
			t.Errorf("mentionsMilitary(%q) = %v, want %v", tc.remarks, got, tc.want)
		}
	}
}

// TestRepeatedNumbersMerge: a declaration whose items give different dates
// comes back in drawdown order after other declarations; it still gets one
// result, at its first item's place, counting all its items, with its
// findings in the order its items were screened. Enough declarations that
// the number filter raises false alarms too, and numbers of other forms.
func TestRepeatedNumbersMerge(t *testing.T) {
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(3, 4))
	var items []*core.DeclarationItem
	for i := range 30000 {
		no := fmt.Sprintf("53012025%010d", rng.IntN(12000))
		if i%500 == 0 {
			no = fmt.Sprintf("EXP-%d", rng.IntN(20)) // not a customs number
		}
		day := core.NewDate(2025, 3, 1).AddDays(rng.IntN(60)).String()
		items = append(items, w.decl(no, 1+i%7, day, "8110101000", "NL", "Rotterdam Metals B.V.", "", "", 10))
	}
	sorted, runs := inDrawdownOrder(items)
	if again, againRuns := inDrawdownOrder(sorted); !slices.Equal(again, sorted) || runs != numberRuns(sorted) || againRuns != runs {
		t.Fatalf("in order already: %d runs, then %d; want %d", runs, againRuns, numberRuns(sorted))
	}
	var order []string
	count := map[string]int{}
	itemsOf := map[string][]int{}
	for _, d := range sorted {
		if count[d.DeclarationNo] == 0 {
			order = append(order, d.DeclarationNo)
		}
		count[d.DeclarationNo]++
		itemsOf[d.DeclarationNo] = append(itemsOf[d.DeclarationNo], d.ItemNo)
	}
	got := New(w.in).Run(items)
	if len(got) != len(order) {
		t.Fatalf("%d results for %d declaration numbers", len(got), len(order))
	}
	for i, r := range got {
		if r.DeclarationNo != order[i] || r.Items != count[order[i]] {
			t.Fatalf("result %d: %s with %d items, want %s with %d", i, r.DeclarationNo, r.Items, order[i], count[order[i]])
		}
		// Every item lacks a licence: one LICENCE_MISSING each, in order.
		var findingItems []int
		for _, f := range r.Findings {
			if f.Code == LicenceMissing {
				findingItems = append(findingItems, f.ItemNo)
			}
		}
		if !slices.Equal(findingItems, itemsOf[r.DeclarationNo]) {
			t.Fatalf("%s: licence findings for items %v, want %v", r.DeclarationNo, findingItems, itemsOf[r.DeclarationNo])
		}
	}
}

// TestRuleOutranksWeakHint: a check's finding to review (a listed end
// user on general goods) scores above one statistical hint; a rule broken
// outranks both.
func TestRuleOutranksWeakHint(t *testing.T) {
	_, rule := Grade([]core.Finding{{Code: EndUserListed, Severity: core.SeverityMedium, Channel: core.ChannelYellow}})
	_, hint := Grade([]core.Finding{{Code: "MISDECLARATION", Weight: 0.6, Channel: core.ChannelYellow}})
	_, broken := Grade([]core.Finding{{Code: ControlUndeclared, Severity: core.SeverityHigh, Channel: core.ChannelRed}})
	if !(rule > hint) || !(broken > rule) {
		t.Errorf("rule to review %d, weak hint %d, rule broken %d: want rule broken > rule > hint", rule, hint, broken)
	}
}

// TestEndUserAbroad: a licence for gallium to a Hong Kong trader whose end
// user is a site of JAXA (listed, Japan): the end user is found though the
// goods' destination is not its country.
func TestEndUserAbroad(t *testing.T) {
	w := newWorld(t)
	w.in.Licences["L-HK"] = &core.Licence{No: "L-HK", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2026-12-31"), HSCode: "8112929010", Quantity: core.DecimalFromInt(1000),
		Unit: "kg", Destination: "HK", ConsigneeName: "Wing Hing International Limited", EndUserName: "JAXA Tsukuba Space Center"}
	d := w.decl("400000000000000001", 1, "2026-03-01", "8112929010", "HK", "Wing Hing International Limited", "L-HK", "是否属于管制物项：是", 100)
	rs := New(w.in).Run([]*core.DeclarationItem{d})
	if got := codes(rs[0]); !strings.Contains(got, EndUserListed) {
		t.Fatalf("findings %q, want END_USER_LISTED for the JAXA site", got)
	}
	for _, f := range rs[0].Findings {
		if f.Code == EndUserListed && (f.Evidence["role"] != "end user" || f.Channel != core.ChannelYellow) {
			t.Errorf("the finding: %+v; want the end user, yellow (a facility is reviewed, not stopped)", f)
		}
	}
}

// TestWatchListRule: a consignee on the watch list (关注名单) gets the
// list's own finding — no general licence, a single licence with a risk
// assessment and undertakings — not the prohibition of the control list.
func TestWatchListRule(t *testing.T) {
	w := newWorld(t)
	d := w.decl("100000000000000090", 1, "2026-03-10", "8110101000", "JP", "株式会社SUBARU", "L-OK", good, 100)
	rs := New(w.in).Run([]*core.DeclarationItem{d})
	var f *core.Finding
	for i := range rs[0].Findings {
		if rs[0].Findings[i].Code == EndUserListed {
			f = &rs[0].Findings[i]
		}
	}
	if f == nil {
		t.Fatalf("no finding for a watch-listed consignee: %+v", rs[0].Findings)
	}
	if f.Evidence["rule"] != "watch_list" || f.Channel != core.ChannelYellow || !strings.Contains(f.MessageZh, "关注名单") || !strings.Contains(f.MessageZh, "风险评估") ||
		!strings.Contains(f.Message, "no general licence") {
		t.Errorf("the watch list's rule: %+v", f)
	}
	// Goods no control covers, to the same party: ordinary trade.
	zinc := w.decl("100000000000000091", 1, "2026-03-10", "7901119000", "JP", "株式会社SUBARU", "", "", 100)
	if rs := New(w.in).Run([]*core.DeclarationItem{zinc}); len(rs[0].Findings) != 0 {
		t.Errorf("uncontrolled goods to a watch-listed party: %+v", rs[0].Findings)
	}
}

// TestRareEarthNamedOtherwise: goods described as another rare earth
// than the controlled item of their code (lanthanum oxide on the line of
// yttrium oxide, erbium oxide on gadolinium oxide's) are a classification
// to verify — yellow — while the item's own element, in any script or as
// a formula, stays red.
func TestRareEarthNamedOtherwise(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		hs, name, spec, channel string
	}{
		{"2846901100", "氧化镧", "La2O3/REO≥99.99%", core.ChannelYellow},
		{"2846901100", "氧化鑭", "", core.ChannelYellow},
		{"2846901100", "Lanthanum oxide", "", core.ChannelYellow},
		{"2846901930", "氧化铒", "Er2O3/REO≥99.9%", core.ChannelYellow},
		{"2846901100", "氧化钇", "Y2O3≥99.999%", core.ChannelRed},
		{"2846901100", "稀土氧化物", "Y2O3 99.99%", core.ChannelRed},
		{"2846901100", "Yttrium oxide", "", core.ChannelRed},
		{"2846901100", "氧化镧钇", "", core.ChannelRed}, // names its own element too
		{"2846901100", "稀土氧化物", "", core.ChannelRed},
	} {
		d := withSpec(w.decl("100000000000000095", 1, "2025-06-01", tc.hs, "JP", "Tokyo Magnets KK", "", "", 100), tc.name, tc.spec)
		r := New(w.in).Run([]*core.DeclarationItem{d})[0]
		if got := codes(r); got != "CONTROL_UNDECLARED,LICENCE_MISSING" || r.Channel != tc.channel {
			t.Errorf("%s %q %q: %s %s, want %s", tc.hs, tc.name, tc.spec, got, r.Channel, tc.channel)
		}
		if tc.channel == core.ChannelYellow && !strings.Contains(r.Findings[0].MessageZh, "请核实归类") {
			t.Errorf("%q: the finding does not say why it is doubtful: %s", tc.name, r.Findings[0].MessageZh)
		}
	}
}

func FuzzElementsNamed(f *testing.F) {
	for _, s := range []string{"氧化镧 La2O3/REO≥99.99%", "(Pr+Nd)/REO≥99%", "Yttrium oxide", "ytterbium", "氧化鑭", "Y2O3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sym := range elementsNamed(s) {
			if !slices.ContainsFunc(rareEarths, func(e struct{ zh, en, sym string }) bool { return e.sym == sym }) {
				t.Fatalf("%q: %q is no rare earth", s, sym)
			}
		}
	})
}

// TestOneCodeForSeveralItems: remarks speak for the whole declaration. On
// a declaration of antimony trioxide (no code in the catalogue) and APT
// (1C117.d) whose remarks give 1C117.d once, the code is APT's, not a
// wrong code for the antimony; alone on a declaration it is another
// item's.
func TestOneCodeForSeveralItems(t *testing.T) {
	w := newWorld(t)
	w.in.Licences["L-SB"] = &core.Licence{No: "L-SB", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "2825800010", Quantity: core.DecimalFromInt(20), Unit: "t",
		Destination: "IN", ConsigneeName: "Sai Chem Private Limited"}
	w.in.Licences["L-APT"] = &core.Licence{No: "L-APT", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "2841801000", Quantity: core.DecimalFromInt(20), Unit: "t",
		Destination: "IN", ConsigneeName: "Sai Chem Private Limited"}
	const remarks = "管製編碼：1C117.d；屬於管制物項"
	sb := w.decl("400000000000000001", 1, "2025-03-01", "2825800010", "IN", "Sai Chem Private Limited", "L-SB", remarks, 1000)
	apt := w.decl("400000000000000001", 2, "2025-03-01", "2841801000", "IN", "Sai Chem Private Limited", "L-APT", remarks, 1000)
	alone := w.decl("400000000000000002", 1, "2025-03-01", "2825800010", "IN", "Sai Chem Private Limited", "L-SB", remarks, 1000)
	rs := New(w.in).Run([]*core.DeclarationItem{sb, apt, alone})
	got := map[string]string{}
	for _, r := range rs {
		got[r.DeclarationNo] = codes(r)
	}
	if got["400000000000000001"] != "" {
		t.Errorf("antimony trioxide and APT under APT's code: %q", got["400000000000000001"])
	}
	if got["400000000000000002"] != "CONTROL_UNDECLARED" {
		t.Errorf("antimony trioxide alone under APT's code: %q", got["400000000000000002"])
	}
}

// TestListCodes: gallium's announcement prints no control code; the
// unified list gives 3C001.a. That code is right, germanium's 3C002.a is
// wrong, and a statement without a code lacks it, as it would lack an
// announcement's code (the spec's rule: stated controlled without the
// right control code).
func TestListCodes(t *testing.T) {
	w := newWorld(t)
	w.in.Licences["L-GA"] = &core.Licence{No: "L-GA", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8112929010", Quantity: core.DecimalFromInt(20), Unit: "t",
		Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."}
	for _, tt := range []struct {
		remarks, want string
	}{
		{"是否属于管制物项：是；管制编码：3C001.a", ""},
		{"屬於管制物項 3C001", ""},
		{"属于管制物项", "CONTROL_UNDECLARED"},
		{"是否属于管制物项：是；管制编码：3C002.a", "CONTROL_UNDECLARED"},
	} {
		d := w.decl("500000000000000001", 1, "2025-03-01", "8112929010", "NL", "Rotterdam Metals B.V.", "L-GA", tt.remarks, 100)
		rs := New(w.in).Run([]*core.DeclarationItem{d})
		if got := codes(rs[0]); got != tt.want {
			t.Errorf("%q: %q, want %q; %+v", tt.remarks, got, tt.want, rs[0].Findings)
		}
	}
}

// TestNamedSubItem: lutetium oxide (1C906.b) declared under a code the
// catalogue references for lutetium compounds (1C906.c) with the oxide's
// code: the goods are what their words name, and the code is theirs. The
// same code on goods named as compounds, or another element's code, is
// wrong.
func TestNamedSubItem(t *testing.T) {
	w := newWorld(t)
	w.in.Licences["L-LU"] = &core.Licence{No: "L-LU", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-05-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "2846903910", Quantity: core.DecimalFromInt(5), Unit: "t",
		Destination: "DE", ConsigneeName: "Hanse Optik GmbH"}
	for _, tt := range []struct {
		name, spec, remarks, want string
	}{
		{"氧化镥", "Lu2O3≥99.99%", "兩用物項　是　１Ｃ９０６．ｂ", ""},
		{"lutetium oxide", "4N", "dual-use item: yes, 1C906.b", ""},
		{"含镥化合物", "LuCl3", "两用物项 是 1C906.b", "CONTROL_UNDECLARED"},
		{"氧化镥", "Lu2O3≥99.99%", "两用物项 是 1C905.b", "CONTROL_UNDECLARED"},
		{"氧化镥", "Lu2O3≥99.99%", "两用物项 是 1C906.c", ""},
	} {
		d := withSpec(w.decl("600000000000000001", 1, "2025-06-02", "2846903910", "DE", "Hanse Optik GmbH", "L-LU", tt.remarks, 10), tt.name, tt.spec)
		rs := New(w.in).Run([]*core.DeclarationItem{d})
		if got := codes(rs[0]); got != tt.want {
			t.Errorf("%s / %q: %q, want %q; %+v", tt.name, tt.remarks, got, tt.want, rs[0].Findings)
		}
	}
}

// TestSelfContradicting: controlled rare-earth goods whose name and
// specification name different elements are falsely declared; a formula
// of the named element, or a specification naming no element, is not.
func TestSelfContradicting(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		name, spec string
		want       bool
	}{
		{"氧化镧", "Tb≥99.9%", true},
		{"氧化钇", "La2O3 99.99%", true},
		{"yttrium oxide", "Y2O3 99.999%", false},
		{"氧化钇", "5N", false},
		{"氧化钇", "", false},
		{"氧化釔", "Y2O3/REO≥99.99%", false},      // Traditional
		{"烧结钕铁硼磁体", "N42SH 含镝 Dy 2.5%", false}, // a magnet holds several
		{"lanthanum oxide", "Tb4O7 ≥ 99.9%", true},
	} {
		d := withSpec(w.decl("700000000000000001", 1, "2025-06-02", "2846901100", "DE", "Hanse Optik GmbH", "", "", 10), tt.name, tt.spec)
		rs := New(w.in).Run([]*core.DeclarationItem{d})
		got := slices.ContainsFunc(rs[0].Findings, func(f core.Finding) bool { return f.Code == Misdeclaration })
		if got != tt.want {
			t.Errorf("%s / %s: misdeclaration %v, want %v; %+v", tt.name, tt.spec, got, tt.want, rs[0].Findings)
		}
	}
}

// TestUncontrolledItemDraws: an item citing a licence draws on it, as a
// lodging does, though the catalogue does not hold its code (a tariff line
// written otherwise, an item not yet transcribed): past the licensed
// quantity it exceeds it.
func TestUncontrolledItemDraws(t *testing.T) {
	w := newWorld(t)
	w.in.Licences["L-DY"] = &core.Licence{No: "L-DY", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "2805301940", Quantity: core.DecimalFromInt(20), Unit: "t",
		Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."}
	first := w.decl("810000000000000001", 1, "2025-03-01", "2805301940", "NL", "Rotterdam Metals BV", "L-DY", "", 15000)
	second := w.decl("810000000000000002", 1, "2025-03-02", "2805301940", "NL", "Rotterdam Metals BV", "L-DY", "", 6000)
	late := w.decl("810000000000000003", 1, "2026-02-01", "2805301940", "NL", "Rotterdam Metals BV", "L-DY", "", 10)
	rs := New(w.in).Run([]*core.DeclarationItem{first, second, late})
	got := map[string]string{}
	for _, r := range rs {
		got[r.DeclarationNo] = codes(r)
	}
	if got["810000000000000001"] != "" || got["810000000000000002"] != "LICENCE_EXCEEDED" {
		t.Errorf("an uncontrolled code drawing on a 20 t licence, 15 t then 6 t: %v", got)
	}
	// The licence it cites must still be valid that day, and for these
	// goods.
	if !strings.Contains(got["810000000000000003"], "LICENCE_INVALID") {
		t.Errorf("citing a licence after its validity: %q", got["810000000000000003"])
	}
	other := w.decl("810000000000000004", 1, "2025-03-03", "2805301940", "NL", "Rotterdam Metals BV", "L-OK", "", 10)
	if got := codes(New(w.in).Run([]*core.DeclarationItem{other})[0]); got != LicenceMismatch {
		t.Errorf("citing antimony's licence for other goods: %q", got)
	}
}

// TestLicenceForSiblingItems: the licence number is the declaration's,
// written on every item. Lead ingots declared beside the antimony ingots
// the licence is for are not judged against it nor drawn on it; lead
// ingots alone under the antimony's licence are.
func TestLicenceForSiblingItems(t *testing.T) {
	w := newWorld(t)
	sb := w.decl("820000000000000001", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals B.V.", "L-OK", good, 15000)
	pb := w.decl("820000000000000001", 2, "2025-03-01", "7801100000", "NL", "Rotterdam Metals B.V.", "L-OK", good, 9000)
	more := w.decl("820000000000000002", 1, "2025-03-02", "8110101000", "NL", "Rotterdam Metals B.V.", "L-OK", good, 4000)
	got := map[string]string{}
	for _, r := range New(w.in).Run([]*core.DeclarationItem{sb, pb, more}) {
		got[r.DeclarationNo] = codes(r)
	}
	// 15 t + 4 t of antimony on a 20 t licence; the 9 t of lead not counted.
	if got["820000000000000001"] != "" || got["820000000000000002"] != "" {
		t.Errorf("antimony and lead under antimony's licence: %v", got)
	}
	// Under a code the catalogue does not hold (a tariff line written
	// otherwise), the licence's own code is what it is for.
	w.in.Licences["L-BI"] = &core.Licence{No: "L-BI", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8106101000", Quantity: core.DecimalFromInt(9), Unit: "t",
		Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."}
	bi := w.decl("820000000000000004", 1, "2025-03-01", "8106101000", "NL", "Rotterdam Metals B.V.", "L-BI", good, 8400)
	pb = w.decl("820000000000000004", 2, "2025-03-01", "7801100000", "NL", "Rotterdam Metals B.V.", "L-BI", good, 10000)
	if got := codes(New(w.in).Run([]*core.DeclarationItem{bi, pb})[0]); got != "" {
		t.Errorf("bismuth ingots on the licence's own code and lead beside: %q", got)
	}
	alone := w.decl("820000000000000003", 1, "2025-03-03", "7801100000", "NL", "Rotterdam Metals B.V.", "L-OK", good, 10)
	if got := codes(New(w.in).Run([]*core.DeclarationItem{alone})[0]); got != LicenceMismatch {
		t.Errorf("lead ingots alone under antimony's licence: %q", got)
	}
}

// TestMilitaryEndUserOnLicence: a benign importer in the US for a military
// end user the licence names: the goods go to a military user, which the
// rules for the US forbid; the same licence naming a civil user does not.
func TestMilitaryEndUserOnLicence(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		endUser string
		want    bool
	}{
		{"Lockheed Martin Corporation", true},
		{"洛克希德·马丁公司", true},
		{"Summit Optics Inc.", false},
	} {
		w.in.Licences["L-US"] = &core.Licence{No: "L-US", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
			ValidFrom: core.MustDate("2024-01-01"), ValidTo: core.MustDate("2026-12-31"), HSCode: "8110101000", Quantity: core.DecimalFromInt(20), Unit: "t",
			Destination: "US", ConsigneeName: "Keystone Alloys Inc.", EndUserName: tc.endUser}
		d := w.decl("900000000000000001", 1, "2026-03-01", "8110101000", "US", "Keystone Alloys Inc.", "L-US", good, 100)
		rs := New(w.in).Run([]*core.DeclarationItem{d})
		if got := strings.Contains(codes(rs[0]), DestinationProhibited); got != tc.want {
			t.Errorf("licence for end user %q: %q, want prohibited %v", tc.endUser, codes(rs[0]), tc.want)
		}
	}
}

// TestRemarksWrittenOnce: 备注 is one field of the declaration; written
// on its first row, it speaks for the rows left blank. A declaration with
// no remarks anywhere states nothing.
func TestRemarksWrittenOnce(t *testing.T) {
	w := newWorld(t)
	first := w.decl("820000000000000001", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "涉及出口管制，管制编码为1C999，已取得两用物项出口许可证", 100)
	second := w.decl("820000000000000001", 2, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "", 100)
	bare1 := w.decl("820000000000000002", 1, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "", 100)
	bare2 := w.decl("820000000000000002", 2, "2025-03-01", "8110101000", "NL", "Rotterdam Metals BV", "L-OK", "", 100)
	// On one core and on all: the workers see the declarations' remarks.
	old := parallelFrom
	defer func() { parallelFrom = old }()
	for _, from := range []int{1 << 30, 1} {
		parallelFrom = from
		rs := New(w.in).Run([]*core.DeclarationItem{first, second, bare1, bare2})
		got := map[string]string{}
		for _, r := range rs {
			got[r.DeclarationNo] = codes(r)
		}
		if got["820000000000000001"] != "" {
			t.Errorf("parallel from %d: remarks on the first row for both: %q", from, got["820000000000000001"])
		}
		if got["820000000000000002"] != "CONTROL_UNDECLARED,CONTROL_UNDECLARED" {
			t.Errorf("parallel from %d: no remarks on either row: %q", from, got["820000000000000002"])
		}
	}
}

// TestListedNamesake: a name that matches a listed entity but may be
// another registration — a legal form that exists only in other countries
// than the entry's, or a party stated to be in another country — is
// flagged for review, not stopped; the listed firm's name with no other
// country stated is stopped.
func TestListedNamesake(t *testing.T) {
	w := newWorld(t)
	w.in.Parties = append(w.in.Parties, &core.Party{ID: "P90", Name: "Northwind Defense Systems Pte. Ltd.", Country: "SG"})
	for i, tc := range []struct {
		consignee, country, channel string
	}{
		{"Northwind Defense Systems LLC", "US", core.ChannelRed},
		{"Northwind Defense Systems LLC", "", core.ChannelRed},      // no country stated: the listed firm, whatever the goods' destination
		{"Northwind Defense Systems LLC", "SG", core.ChannelYellow}, // stated to be in Singapore: the firm at an address abroad, or a namesake
		{"Northwind Defense Systems", "MY", core.ChannelYellow},     // likewise
		{"Northwind Defense Systems (M) Sdn. Bhd.", "MY", ""},       // a Malaysian registration: not red, if it matches at all
		{"Northwind Defense Systems Pte. Ltd.", "SG", core.ChannelYellow},
		{"Northwind Defense Systems GmbH", "", ""},                   // a German registration: not red, if it matches at all
		{"Northwind Defense Systems Ltd.", "GB", core.ChannelYellow}, // another kind of form, another country
	} {
		d := w.decl(fmt.Sprintf("40000000000000%04d", i), 1, "2026-03-01", "8112929010", firstNonEmpty(tc.country, "DE"), tc.consignee, "L-OK", "是否属于管制物项：是", 100)
		d.ConsigneeCountry = tc.country
		rs := New(w.in).Run([]*core.DeclarationItem{d})
		var f *core.Finding
		for j := range rs[0].Findings {
			if rs[0].Findings[j].Code == EndUserListed {
				f = &rs[0].Findings[j]
			}
		}
		if f == nil && tc.channel == "" {
			continue
		}
		if f == nil {
			t.Errorf("%s (%s): no END_USER_LISTED: %+v", tc.consignee, tc.country, rs[0].Findings)
			continue
		}
		if tc.channel == "" && f.Channel != core.ChannelRed {
			tc.channel = core.ChannelYellow
		}
		if f.Channel != tc.channel {
			t.Errorf("%s (%s): %s, want %s: %s", tc.consignee, tc.country, f.Channel, tc.channel, f.Message)
		}
		if namesake := f.Evidence["namesake"] != nil; namesake != (tc.channel == core.ChannelYellow) || namesake && !strings.Contains(f.MessageZh, "同名企业、关联公司") {
			t.Errorf("%s (%s): evidence %v, message %q", tc.consignee, tc.country, f.Evidence, f.MessageZh)
		}
	}
	// A licence whose end user is the consignee itself: the consignee's
	// stated country is the end user's.
	w.in.Licences["L-ZA"] = &core.Licence{No: "L-ZA", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2026-12-31"), HSCode: "8112929010", Quantity: core.DecimalFromInt(1000),
		Unit: "kg", Destination: "ZA", ConsigneeName: "Northwind Defense Systems LLC", EndUserName: "Northwind Defense Systems LLC"}
	za := w.decl("400000000000009998", 1, "2026-03-01", "8112929010", "ZA", "Northwind Defense Systems LLC", "L-ZA", "是否属于管制物项：是", 100)
	za.ConsigneeCountry = "ZA"
	for _, f := range New(w.in).Run([]*core.DeclarationItem{za})[0].Findings {
		if f.Code == EndUserListed && f.Channel != core.ChannelYellow {
			t.Errorf("the consignee in South Africa as its own end user: %s %s", f.Channel, f.Message)
		}
	}
	// The licence names the end user without its country: the party's
	// record gives it.
	w.in.Licences["L-SG"] = &core.Licence{No: "L-SG", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2026-12-31"), HSCode: "8112929010", Quantity: core.DecimalFromInt(1000),
		Unit: "kg", Destination: "SG", ConsigneeName: "Lion City Trading Pte. Ltd.", EndUserName: "Northwind Defense Systems Pte. Ltd."}
	d := w.decl("400000000000009999", 1, "2026-03-01", "8112929010", "SG", "Lion City Trading Pte. Ltd.", "L-SG", "是否属于管制物项：是", 100)
	for _, f := range New(w.in).Run([]*core.DeclarationItem{d})[0].Findings {
		if f.Code == EndUserListed && f.Channel != core.ChannelYellow {
			t.Errorf("the Singapore end user on the licence: %s %s", f.Channel, f.Message)
		}
	}
}

// TestEndUserDestination: antimony consigned to Vietnam under a licence
// whose end user is an American military party goes, in the end, to the
// US military, which the rules forbid even while the US-wide prohibition
// is suspended; the same licence for a Vietnamese end user is ordinary.
func TestEndUserDestination(t *testing.T) {
	for _, tc := range []struct {
		endUser string
		want    bool
	}{{"Eastern Ordnance Works", true}, {"Hanoi Glassworks JSC", false}} {
		w := newWorld(t)
		w.in.Parties = append(w.in.Parties, &core.Party{ID: "P20", Name: "Hanoi Glassworks JSC", Country: "VN"})
		w.in.Licences["L-VN"] = &core.Licence{No: "L-VN", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
			ValidFrom: core.MustDate("2025-11-01"), ValidTo: core.MustDate("2026-10-31"), HSCode: "8110101000", Quantity: core.DecimalFromInt(100),
			Unit: "t", Destination: "VN", ConsigneeName: "An Khang Materials Co., Ltd.", EndUserName: tc.endUser}
		d := w.decl("400000000000007001", 1, "2025-12-29", "8110101000", "VN", "An Khang Materials Co., Ltd.", "L-VN", good, 100)
		var f *core.Finding
		rs := New(w.in).Run([]*core.DeclarationItem{d})
		for i := range rs[0].Findings {
			if rs[0].Findings[i].Code == DestinationProhibited {
				f = &rs[0].Findings[i]
			}
		}
		if (f != nil) != tc.want {
			t.Fatalf("end user %s: findings %+v", tc.endUser, rs[0].Findings)
		}
		if f != nil && (f.Channel != core.ChannelRed || f.Evidence["end_user_country"] != "US" || !strings.Contains(f.MessageZh, "最终用户")) {
			t.Errorf("the finding: %+v", f)
		}
	}
}

// TestEndUserInRemarks: an end user named in the remarks is screened as
// the licence's would be; the name ends where the field's next label
// starts.
func TestEndUserInRemarks(t *testing.T) {
	for in, want := range map[string]string{
		"END USER - JC Technology Inc.，via SGSIN，出口管制物项（1C117.c）":                                                    "JC Technology Inc.",
		"END USER - JC Technology Inc. 批號250117-03 MARKS: AS PER INVOICE Controlled item: YES, control code 1C904.b": "JC Technology Inc.",
		"最终用户：东方精密仪器有限公司 合同号123":                                                                                     "东方精密仪器有限公司",
		"Enduser is Kyocera Corp; 管制物项":                                                                              "Kyocera Corp",
		"end use: civil optics":                                                                                      "",
		"管制物项：是":                                                                                                     "",
	} {
		if got := endUserInRemarks(in); got != want {
			t.Errorf("endUserInRemarks(%q) = %q, want %q", in, got, want)
		}
	}
	w := newWorld(t)
	d := w.decl("400000000000008001", 1, "2026-03-01", "8110101000", "SG", "Lion City Trading Pte. Ltd.", "", "END USER - Northwind Defense Systems LLC，管制物项：是", 100)
	var f *core.Finding
	for _, fd := range New(w.in).Run([]*core.DeclarationItem{d})[0].Findings {
		if fd.Code == EndUserListed {
			f = &fd
		}
	}
	if f == nil || f.Evidence["role"] != "end user" || f.Channel != core.ChannelRed {
		t.Errorf("the listed end user in the remarks: %+v", f)
	}
}

// TestSharedLineDestination: trimethylindium (3C004.b) shares 2931900032
// with organic antimony (3C003.d); while the US prohibition for gallium,
// germanium and antimony stood, the indium compound to a US buyer is not
// prohibited, the antimony one is, and goods that say neither are judged
// on the line.
func TestSharedLineDestination(t *testing.T) {
	for _, tc := range []struct {
		remarks string
		want    bool
	}{
		{"是否属于管制物项:是 管制编码:3C004.b", false},
		{"是否属于管制物项:是 管制编码:3C003.d", true},
		{"是否属于管制物项:是", true},
	} {
		w := newWorld(t)
		d := w.decl("400000000000006001", 1, "2025-08-06", "2931900032", "US", "Mesa Verde Metals Trading LLC", "", tc.remarks, 10)
		got := strings.Contains(codes(New(w.in).Run([]*core.DeclarationItem{d})[0]), DestinationProhibited)
		if got != tc.want {
			t.Errorf("%q: DESTINATION_PROHIBITED %v, want %v", tc.remarks, got, tc.want)
		}
	}
}

// TestPartyCountry: a party's country by its name as written, in another
// case, or in another script; none where namesakes differ.
func TestPartyCountry(t *testing.T) {
	s := New(Input{Catalog: newWorld(t).in.Catalog, Parties: []*core.Party{
		{ID: "A", Name: "Hanoi Glassworks JSC", Country: "VN"},
		{ID: "B", Name: "東方精密儀器有限公司", Country: "HK"},
		{ID: "C", Name: "Twin Metals Ltd", Country: "GB"},
		{ID: "D", Name: "TWIN METALS LTD", Country: "CA"},
	}})
	for name, want := range map[string]string{
		"Hanoi Glassworks JSC": "VN",
		"HANOI GLASSWORKS JSC": "VN",
		"东方精密仪器有限公司":           "HK",
		"Twin Metals Ltd":      "",
		"Nobody Ltd":           "",
	} {
		if got := s.partyCountry(name); got != want {
			t.Errorf("partyCountry(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestListedEndUserBeyond: tungsten consigned to a Kazakh trader under a
// licence whose end user is listed in the US, a country tungsten has no
// destination rule for: a third country on the way to a restricted end
// user (TRANSSHIPMENT beside END_USER_LISTED). The listed firm as its own
// consignee is not routed anywhere.
func TestListedEndUserBeyond(t *testing.T) {
	w := newWorld(t)
	w.in.Licences["L-W"] = &core.Licence{No: "L-W", ExporterUSCC: w.exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-03-01"), ValidTo: core.MustDate("2026-12-31"), HSCode: "2841801000", Quantity: core.DecimalFromInt(100), Unit: "t",
		Destination: "KZ", ConsigneeName: "Steppe Metals TOO", EndUserName: "Northwind Defense Systems LLC"}
	via := w.decl("830000000000000001", 1, "2025-06-01", "2841801000", "KZ", "Steppe Metals TOO", "L-W", good, 4000)
	if got := codes(New(w.in).Run([]*core.DeclarationItem{via})[0]); got != "END_USER_LISTED,TRANSSHIPMENT" {
		t.Errorf("APT to Kazakhstan for a listed American end user: %q", got)
	}
	w.in.Licences["L-W"].ConsigneeName, w.in.Licences["L-W"].Destination = "Northwind Defense Systems LLC", "US"
	direct := w.decl("830000000000000002", 1, "2025-06-02", "2841801000", "US", "Northwind Defense Systems LLC", "L-W", good, 4000)
	if got := codes(New(w.in).Run([]*core.DeclarationItem{direct})[0]); strings.Contains(got, "TRANSSHIPMENT") {
		t.Errorf("APT to the listed firm itself: %q", got)
	}
}
