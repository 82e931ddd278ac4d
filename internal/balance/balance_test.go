package balance

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"orewatch/internal/core"
)

const (
	A = "91431300MA4LTB0012" // mine
	B = "91450100MA5KGE002J" // smelter
	C = "91360700MA3RRE003T" // trader
)

var n int

func at(day string) time.Time {
	t, _ := time.Parse("2006-01-02", day)
	return t
}

func q(role, lot string, kg int64) core.EventQty {
	return core.EventQty{Role: role, EPCClass: "urn:orewatch:lot:" + lot, Quantity: core.DecimalFromInt(kg), UOM: "KGM"}
}

func e(typ, day, step, ent, action string, qs ...core.EventQty) *core.Event {
	n++
	return &core.Event{Key: fmt.Sprint("e", n), Type: typ, EventTime: at(day), BizStep: step, Action: action,
		BizLocation: "urn:orewatch:site:" + ent, Quantities: qs}
}

func ship(day, from, to, lot string, kg int64) *core.Event {
	ev := e("ObjectEvent", day, "shipping", from, "OBSERVE", q("quantity", lot, kg))
	ev.Destinations = []core.EventParty{{Type: "owning_party", ID: "urn:orewatch:party:" + to}}
	return ev
}

func yields(out, in string) (float64, bool) {
	if out == "antimony-ingot" && in == "antimony-concentrate" {
		return 0.55, true
	}
	return 0, false
}

var ledger = map[string]bool{A: true, B: true, C: true}

func kinds(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind+"@"+f.Enterprise[:4]+":"+fmt.Sprint(f.Kg))
	}
	return strings.Join(out, ",")
}

func TestCases(t *testing.T) {
	clean := []*core.Event{
		e("ObjectEvent", "2025-01-05", "commissioning", A, "ADD", q("quantity", "antimony-concentrate:L1", 10000)),
		ship("2025-01-10", A, B, "antimony-concentrate:L1", 10000),
		e("ObjectEvent", "2025-01-12", "receiving", B, "OBSERVE", q("quantity", "antimony-concentrate:L1", 10000)),
		e("TransformationEvent", "2025-02-01", "commissioning", B, "", q("input", "antimony-concentrate:L1", 10000), q("output", "antimony-ingot:I1", 5400)),
		e("ObjectEvent", "2025-02-10", "departing", B, "OBSERVE", q("quantity", "antimony-ingot:I1", 5400)),
	}
	tests := []struct {
		name   string
		events []*core.Event
		want   string
	}{
		{"clean chain (yield 0.54 against a typical 0.55)", clean, ""},
		{"yield short: 3,000 kg out of 10,000 kg concentrate", []*core.Event{
			e("ObjectEvent", "2025-03-01", "commissioning", B, "ADD", q("quantity", "antimony-concentrate:L2", 10000)),
			e("TransformationEvent", "2025-03-05", "commissioning", B, "", q("input", "antimony-concentrate:L2", 10000), q("output", "antimony-ingot:I2", 3000)),
		}, "yield_short@9145:2500"},
		{"one diverted lot among honest ones: the month is within tolerance, the lot is not", []*core.Event{
			e("ObjectEvent", "2025-05-01", "commissioning", B, "ADD", q("quantity", "antimony-concentrate:L5", 50000)),
			e("TransformationEvent", "2025-05-03", "commissioning", B, "", q("input", "antimony-concentrate:L5", 10000), q("output", "antimony-ingot:I51", 5400)),
			e("TransformationEvent", "2025-05-08", "commissioning", B, "", q("input", "antimony-concentrate:L5", 10000), q("output", "antimony-ingot:I52", 5600)),
			e("TransformationEvent", "2025-05-13", "commissioning", B, "", q("input", "antimony-concentrate:L5", 10000), q("output", "antimony-ingot:I53", 5300)),
			e("TransformationEvent", "2025-05-18", "commissioning", B, "", q("input", "antimony-concentrate:L5", 10000), q("output", "antimony-ingot:I54", 5500)),
			e("TransformationEvent", "2025-05-23", "commissioning", B, "", q("input", "antimony-concentrate:L5", 10000), q("output", "antimony-ingot:I55", 2500)),
		}, "yield_short@9145:3000"},
		{"one transformation packed into four lots: weighed together against its inputs", []*core.Event{
			e("ObjectEvent", "2025-06-01", "commissioning", B, "ADD", q("quantity", "antimony-concentrate:L6", 20000)),
			e("TransformationEvent", "2025-06-03", "commissioning", B, "", q("input", "antimony-concentrate:L6", 20000),
				q("output", "antimony-ingot:I61", 2900), q("output", "antimony-ingot:I62", 2700), q("output", "antimony-ingot:I63", 2800), q("output", "antimony-ingot:I64", 2500)),
		}, ""},
		{"the same with a lot's worth missing in all", []*core.Event{
			e("ObjectEvent", "2025-06-01", "commissioning", B, "ADD", q("quantity", "antimony-concentrate:L7", 20000)),
			e("TransformationEvent", "2025-06-03", "commissioning", B, "", q("input", "antimony-concentrate:L7", 20000),
				q("output", "antimony-ingot:I71", 2000), q("output", "antimony-ingot:I72", 2000), q("output", "antimony-ingot:I73", 1000)),
		}, "yield_short@9145:6000"},
		{"shipped to a party outside the ledger", []*core.Event{
			e("ObjectEvent", "2025-03-01", "commissioning", A, "ADD", q("quantity", "antimony-concentrate:L3", 2000)),
			ship("2025-03-02", A, "P-FRONT-77", "antimony-concentrate:L3", 2000),
		}, "off_ledger_shipment@9143:2000"},
		{"shipped and never received by an enterprise that reports its receipts", []*core.Event{
			e("ObjectEvent", "2025-03-01", "commissioning", A, "ADD", q("quantity", "antimony-concentrate:L4", 3000)),
			ship("2025-03-02", A, C, "antimony-concentrate:L4", 3000),
			ship("2025-03-05", B, C, "antimony-ingot:I40", 500),
			e("ObjectEvent", "2025-03-06", "receiving", C, "OBSERVE", q("quantity", "antimony-ingot:I40", 500)),
		}, "never_received@9143:3000"},
		{"shipped to an enterprise that reports no events at all: a gap in reporting, not a missing receipt", []*core.Event{
			e("ObjectEvent", "2025-03-01", "commissioning", A, "ADD", q("quantity", "antimony-concentrate:L4", 3000)),
			ship("2025-03-02", A, C, "antimony-concentrate:L4", 3000),
		}, ""},
		{"export with no stock behind it", []*core.Event{
			e("ObjectEvent", "2025-04-02", "departing", C, "OBSERVE", q("quantity", "antimony-ingot:I9", 1000)),
		}, "unbacked_export@9136:1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := Compute(tt.events, nil, ledger, yields, Options{})
			if got := kinds(fs); got != tt.want {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
			for _, f := range fs {
				if f.Message == "" || f.MessageZh == "" || len(f.Evidence) == 0 || f.Month == "" {
					t.Errorf("finding lacks evidence: %+v", f)
				}
			}
		})
	}
	rows, _ := Compute(clean, nil, ledger, yields, Options{})
	want := map[string]string{
		A + "/antimony-concentrate/2025-01": "0+0+10000-0-10000-0=0",
		B + "/antimony-concentrate/2025-01": "0+10000+0-0-0-0=10000",
		B + "/antimony-concentrate/2025-02": "10000+0+0-10000-0-0=0",
		B + "/antimony-ingot/2025-02":       "0+0+5400-0-0-5400=0",
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for _, r := range rows {
		got := fmt.Sprintf("%g+%g+%g-%g-%g-%g=%g", r.Opening, r.Received, r.Produced, r.Consumed, r.Shipped, r.Exported, r.Closing)
		if k := r.Enterprise + "/" + r.Material + "/" + r.Month; want[k] != got {
			t.Errorf("%s: %s, want %s", k, got, want[k])
		}
	}
}

func TestTonnes(t *testing.T) {
	ev := e("ObjectEvent", "2025-01-05", "commissioning", A, "ADD", core.EventQty{Role: "quantity", EPCClass: "urn:orewatch:lot:antimony-ingot:T1", Quantity: core.DecimalFromInt(2), UOM: "TNE"})
	rows, _ := Compute([]*core.Event{ev}, nil, ledger, yields, Options{})
	if len(rows) != 1 || rows[0].Produced != 2000 {
		t.Fatalf("%+v", rows)
	}
}

func TestDeclaredExports(t *testing.T) {
	made := e("ObjectEvent", "2025-05-02", "commissioning", C, "ADD", q("quantity", "antimony-ingot:I5", 2000))
	dep := e("ObjectEvent", "2025-05-20", "departing", C, "OBSERVE", q("quantity", "antimony-ingot:I5", 1500))
	dep.BizTransactions = []core.EventParty{{Type: "desadv", ID: "urn:orewatch:declaration:530120250000000501"}}
	exports := []Export{
		// Named by the departing event: its 1,600 declared kg replace the event's 1,500.
		{Enterprise: C, Material: "antimony-ingot", Month: "2025-05", Kg: 1600, DeclarationNo: "530120250000000501"},
		// Named by no event: drawn from stock as well, and the stock runs out.
		{Enterprise: C, Material: "antimony-ingot", Month: "2025-05", Kg: 900, DeclarationNo: "530120250000000502"},
		// An exporter with no events at all keeps no books here.
		{Enterprise: B, Material: "antimony-ingot", Month: "2025-05", Kg: 5000, DeclarationNo: "530120250000000503"},
	}
	rows, fs := Compute([]*core.Event{made, dep}, exports, ledger, yields, Options{})
	if len(rows) != 1 || rows[0].Exported != 2500 || rows[0].Closing != -500 {
		t.Fatalf("rows %+v", rows)
	}
	if got := kinds(fs); got != "unbacked_export@9136:500" {
		t.Errorf("findings %q", got)
	}
}

func TestShortfallReportedOnce(t *testing.T) {
	evs := []*core.Event{e("ObjectEvent", "2025-05-02", "commissioning", C, "ADD", q("quantity", "antimony-ingot:I6", 100))}
	exports := []Export{
		{Enterprise: C, Material: "antimony-ingot", Month: "2025-05", Kg: 600, DeclarationNo: "1"},
		{Enterprise: C, Material: "antimony-ingot", Month: "2025-06", Kg: 200, DeclarationNo: "2"},
	}
	_, fs := Compute(evs, exports, ledger, yields, Options{})
	if got := kinds(fs); got != "unbacked_export@9136:500,unbacked_export@9136:200" {
		t.Errorf("findings %q: each month should report only its new shortfall", got)
	}
}

// TestBooksFromNowhere: a transformation that gives far more than its
// inputs can, and one that consumes concentrate never received, are each
// a finding; a transformation within its yield is not.
func TestBooksFromNowhere(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ev := func(key, typ, step string, at time.Time, qs ...core.EventQty) *core.Event {
		return &core.Event{Key: key, Type: typ, Action: "ADD", BizStep: step, EventTime: at, BizLocation: "urn:orewatch:site:91430000MA0000001X", Quantities: qs}
	}
	q := func(role, lot string, kg string) core.EventQty {
		d, _ := core.ParseDecimal(kg)
		return core.EventQty{Role: role, EPCClass: "urn:orewatch:lot:" + lot, Quantity: d, UOM: "KGM"}
	}
	yields := func(out, in string) (float64, bool) {
		if out == "antimony-ingot" && in == "antimony-concentrate" {
			return 0.55, true
		}
		return 0, false
	}
	evs := []*core.Event{
		ev("a", "ObjectEvent", "receiving", day, q("quantity", "antimony-concentrate:C1", "1000")),
		ev("b", "TransformationEvent", "commissioning", day.AddDate(0, 0, 1), q("input", "antimony-concentrate:C1", "1000"), q("output", "antimony-ingot:I1", "560")),
		ev("c", "TransformationEvent", "commissioning", day.AddDate(0, 1, 1), q("input", "antimony-concentrate:C2", "800"), q("output", "antimony-ingot:I2", "950")),
	}
	_, fs := Compute(evs, nil, map[string]bool{"91430000MA0000001X": true}, yields, Options{})
	kinds := map[string]bool{}
	for _, f := range fs {
		kinds[f.Kind] = true
		if f.Kind == "yield_excess" && f.Material != "antimony-ingot" {
			t.Errorf("excess on %s", f.Material)
		}
	}
	if !kinds["yield_excess"] || !kinds["unbacked_consumption"] {
		t.Errorf("findings %v, want yield_excess (950 kg from 800 kg at 0.55) and unbacked_consumption (C2 never received)", fs)
	}
	for _, f := range fs {
		if f.Kind == "yield_excess" && strings.Contains(f.Message, "I1") {
			t.Errorf("a lot within its yield flagged: %s", f.Message)
		}
	}
}

// TestRefiningYieldExcess: crude gallium cannot give 1.5 times what its
// yield allows (a refining step: the tolerance itself), while antimony
// concentrate, whose yield follows its grade, may give 1.5 times its
// typical yield without a finding (twice the tolerance).
func TestRefiningYieldExcess(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	site := "91430000MA0000001X"
	ev := func(key string, at time.Time, qs ...core.EventQty) *core.Event {
		return &core.Event{Key: key, Type: "TransformationEvent", Action: "ADD", BizStep: "commissioning", EventTime: at, BizLocation: "urn:orewatch:site:" + site, Quantities: qs}
	}
	q := func(role, lot string, kg int64) core.EventQty {
		return core.EventQty{Role: role, EPCClass: "urn:orewatch:lot:" + lot, Quantity: core.DecimalFromInt(kg), UOM: "KGM"}
	}
	yields := func(out, in string) (float64, bool) {
		switch {
		case out == "gallium-metal" && in == "gallium-crude":
			return 0.97, true
		case out == "antimony-ingot" && in == "antimony-concentrate":
			return 0.55, true
		}
		return 0, false
	}
	evs := []*core.Event{
		ev("g", day, q("input", "gallium-crude:G1", 134), q("output", "gallium-metal:M1", 206)),          // 1.58 × 130
		ev("s", day, q("input", "antimony-concentrate:C1", 1000), q("output", "antimony-ingot:I1", 825)), // 1.5 × 550
		ev("h", day, q("input", "gallium-crude:G2", 100), q("output", "gallium-metal:M2", 110)),          // 1.13 × 97: within
	}
	_, fs := Compute(evs, nil, map[string]bool{site: true}, yields, Options{})
	var excess []string
	for _, f := range fs {
		if f.Kind == "yield_excess" {
			excess = append(excess, f.Evidence["lot"].(string))
		}
	}
	if strings.Join(excess, " ") != "urn:orewatch:lot:gallium-metal:M1" {
		t.Errorf("yield excess on %v; want the gallium metal lot M1 alone", excess)
	}
}

// TestYieldExcessOverARun: concentrate that gives 1.5 times its typical
// yield is within one lot's tolerance (an ore's grade varies), but three
// lots in a row doing it add up to material from nowhere; two lots, or
// three whose grades scatter around the typical yield, do not.
func TestYieldExcessOverARun(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	site := "91430000MA0000001X"
	q := func(role, lot string, kg int64) core.EventQty {
		return core.EventQty{Role: role, EPCClass: "urn:orewatch:lot:" + lot, Quantity: core.DecimalFromInt(kg), UOM: "KGM"}
	}
	yields := func(out, in string) (float64, bool) {
		return 0.55, out == "antimony-ingot" && in == "antimony-concentrate"
	}
	run := func(outs ...int64) []*core.Event {
		var evs []*core.Event
		for i, out := range outs {
			evs = append(evs, &core.Event{Key: fmt.Sprint(i), Type: "TransformationEvent", Action: "ADD", BizStep: "commissioning",
				EventTime: day.AddDate(0, i, 0), BizLocation: "urn:orewatch:site:" + site,
				Quantities: []core.EventQty{q("input", fmt.Sprintf("antimony-concentrate:C%d", i), 1000), q("output", fmt.Sprintf("antimony-ingot:I%d", i), out)}})
		}
		return evs
	}
	tests := []struct {
		name string
		outs []int64 // each from 1,000 kg of concentrate: 550 kg typical
		want int     // yield_excess findings
	}{
		{"three lots at 1.5 times", []int64{825, 820, 830}, 1},
		{"two lots at 1.5 times", []int64{825, 830}, 0},
		{"three lots scattering around the yield", []int64{825, 440, 500}, 0},
		{"three lots at 1.2 times", []int64{660, 660, 660}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := Compute(run(tt.outs...), nil, map[string]bool{site: true}, yields, Options{})
			n := 0
			for _, f := range fs {
				if f.Kind == "yield_excess" {
					n++
					if f.Evidence["lots"] != len(tt.outs) {
						t.Errorf("evidence %v", f.Evidence)
					}
				}
			}
			if n != tt.want {
				t.Errorf("%d yield excess findings, want %d: %+v", n, tt.want, fs)
			}
		})
	}
}

// TestExportsOfUnreportedMaterial: an enterprise that reports its
// antimony keeps no graphite books; its graphite exports are not leakage.
func TestExportsOfUnreportedMaterial(t *testing.T) {
	evs := []*core.Event{e("ObjectEvent", "2025-03-03", "receiving", C, "OBSERVE", q("quantity", "antimony-ingot:L9", 1000))}
	exports := []Export{
		{Enterprise: C, Material: "graphite-flake", Month: "2025-03", Kg: 50000, DeclarationNo: "D-GR"},
		{Enterprise: C, Material: "antimony-ingot", Month: "2025-03", Kg: 5000, DeclarationNo: "D-SB"},
	}
	_, fs := Compute(evs, exports, ledger, yields, Options{})
	if len(fs) != 1 || fs[0].Material != "antimony-ingot" {
		t.Errorf("findings %s; want one, on antimony-ingot (4,000 kg exported beyond what was received)", kinds(fs))
	}
}

// TestIngredientsOfOneProduct: a magnet made of neodymium oxide (2.6 kg
// of magnet per kg) and dysprosium (28 kg per kg) is held to what its
// scarcer ingredient allows, not to the sum of both as if either alone
// made magnets; a magnet lot far short of even that is short, and one far
// beyond the sum is material from nowhere.
func TestIngredientsOfOneProduct(t *testing.T) {
	day := time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC)
	site := "91330200MA0000002X"
	ev := func(key string, qs ...core.EventQty) *core.Event {
		return &core.Event{Key: key, Type: "TransformationEvent", Action: "ADD", BizStep: "commissioning", EventTime: day, BizLocation: "urn:orewatch:site:" + site, Quantities: qs}
	}
	yields := func(out, in string) (float64, bool) {
		switch {
		case out == "ndfeb-magnet" && in == "neodymium-oxide":
			return 2.6, true
		case out == "ndfeb-magnet" && in == "dysprosium-metal":
			return 28, true
		}
		return 0, false
	}
	evs := []*core.Event{
		// 583 × 2.6 = 1,516 and 58.3 × 28 = 1,632: a magnet of 1,351 kg is
		// what the oxide allows, within tolerance.
		ev("ok", q("input", "neodymium-oxide:N1", 583), q("input", "dysprosium-metal:D1", 58), q("output", "ndfeb-magnet:M1", 1351)),
		ev("short", q("input", "neodymium-oxide:N2", 583), q("input", "dysprosium-metal:D2", 58), q("output", "ndfeb-magnet:M2", 700)),
		ev("excess", q("input", "neodymium-oxide:N3", 583), q("input", "dysprosium-metal:D3", 58), q("output", "ndfeb-magnet:M3", 6000)),
	}
	_, fs := Compute(evs, nil, map[string]bool{site: true}, yields, Options{})
	got := map[string]string{}
	for _, f := range fs {
		if lot, ok := f.Evidence["lot"].(string); ok && strings.HasPrefix(f.Kind, "yield_") {
			got[lot] += f.Kind
		}
	}
	want := map[string]string{"urn:orewatch:lot:ndfeb-magnet:M2": "yield_short", "urn:orewatch:lot:ndfeb-magnet:M3": "yield_excess"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings by lot %v, want %v", got, want)
	}
}
