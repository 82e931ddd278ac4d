package live_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/lodge"
	"orewatch/internal/party"
	"orewatch/internal/risk"
	"orewatch/internal/store/storetest"
)

// TestLiveAgreesWithBatch lodges a simulated world's declarations one by
// one in the order they were made, each judged by the live detectors, and
// compares every declaration's channel and codes with the analysis of the
// same world: at least 99 % identical. The differences are the detectors'
// look ahead (docs/detection.md, "Live and batch").
func TestLiveAgreesWithBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("lodges a world of 3,000 declarations")
	}
	if raceEnabled {
		t.Skip("lodging a world under the race detector takes minutes: the equivalence is measured by the run without -race, and TestConcurrentJudging looks for races")
	}
	ctx := context.Background()
	sh := loadShipped(t)
	// OREWATCH_LIVE_WORLD names another world to measure on (a bundle
	// folder, such as one of tools/worldgen's).
	var b *bundle.Bundle
	if dir := os.Getenv("OREWATCH_LIVE_WORLD"); dir != "" {
		b = readWorld(t, dir)
	} else {
		b = sh.world(t, 5, 0.3)
	}
	batchStore := openSQLite(t)
	res, err := analysis.Run(ctx, sh.deps(batchStore), b, nil)
	if err != nil {
		t.Fatal(err)
	}
	batch := map[string]string{}
	for _, r := range res.Declarations {
		batch[r.DeclarationNo] = r.Channel + " " + codes(r.Findings)
	}

	storetest.EachStore(t, func(t *testing.T, liveStore core.Store) {
		lodgeOneByOne(t, sh, liveStore, b, batch, batchStore)
	})
}

// lodgeOneByOne is TestLiveAgreesWithBatch's live half, on one store.
func lodgeOneByOne(t *testing.T, sh shipped, liveStore core.Store, b *bundle.Bundle, batch map[string]string, batchStore core.Store) {
	ctx := context.Background()
	who := audit.Actor{Name: "test"}
	rest := *b
	rest.Declarations = nil
	if _, err := ingest.Import(ctx, liveStore, &rest, nil, who); err != nil {
		t.Fatal(err)
	}
	det := newDetectors(t, sh, liveStore)
	stored, _ := liveStore.Lists().All(ctx)
	all := append(slices.Clone(sh.lists), stored...)
	screener := party.NewScreener(all)
	ld := lodge.Deps{Store: liveStore, Catalog: sh.cat, Lists: func() []*core.ListEntry { return all },
		Screener: func() *party.Screener { return screener }, Detectors: det}
	byNo, order := byDeclaration(b.Declarations)
	sort.SliceStable(order, func(i, j int) bool {
		a, c := byNo[order[i]][0], byNo[order[j]][0]
		if x := a.DeclaredAt.Compare(c.DeclaredAt); x != 0 {
			return x < 0
		}
		return order[i] < order[j]
	})
	// The schedule: the store's context read again twenty times over the
	// run, as a server does every few minutes.
	every := max(1, len(order)/20)
	got := map[string]string{}
	for i, no := range order {
		if i > 0 && i%every == 0 {
			if err := det.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
		}
		out, err := lodge.LodgeItems(ctx, ld, who, byNo[no])
		if err != nil {
			t.Fatalf("lodge %s: %v", no, err)
		}
		fs := make([]core.Finding, len(out.Findings))
		for j, f := range out.Findings {
			fs[j] = core.Finding{Code: f.Code}
		}
		got[no] = out.Channel + " " + codes(fs)
	}
	share := compare(t, "as lodged", order, batch, got)
	// The schedule's next refresh judges the whole store and adds what
	// the lodgings could not see yet.
	if err := det.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	after := map[string]string{}
	for _, no := range order {
		l, err := liveStore.Lodgements().Get(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		var a lodge.Lodged
		if err := json.Unmarshal(l.Answer, &a); err != nil {
			t.Fatal(err)
		}
		fs := make([]core.Finding, len(a.Findings))
		for j, f := range a.Findings {
			fs[j] = core.Finding{Code: f.Code}
		}
		if a.Channel != l.Channel {
			t.Errorf("%s: the answer says %s, the lodgement %s", no, a.Channel, l.Channel)
		}
		after[no] = a.Channel + " " + codes(fs)
	}
	shareAfter := compare(t, "after the refresh", order, batch, after)
	batchAlerts, liveAlerts := partyAlerts(t, batchStore), partyAlerts(t, liveStore)
	found := 0
	for id := range batchAlerts {
		if liveAlerts[id] {
			found++
		} else {
			t.Logf("party alert %s not raised live", id)
		}
	}
	for id := range liveAlerts {
		if !batchAlerts[id] {
			t.Logf("party alert %s raised live only", id)
		}
	}
	t.Logf("detectors' party alerts: batch %d, live %d, both %d", len(batchAlerts), len(liveAlerts), found)
	if found*20 < len(batchAlerts)*19 {
		t.Errorf("%d of the batch's %d party alerts raised live, want ≥ 95%%", found, len(batchAlerts))
	}
	if share < 0.99 || shareAfter < 0.99 {
		t.Errorf("live and batch agree on %.2f%% of declarations as lodged, %.2f%% after the refresh; want ≥ 99%%", 100*share, 100*shareAfter)
	}
}

// partyAlerts are the ids of the detectors' alerts on parties and
// enterprises in a store.
func partyAlerts(t *testing.T, s core.Store) map[string]bool {
	t.Helper()
	as, _, err := s.Alerts().List(context.Background(), core.AlertFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, a := range as {
		if a.SubjectType != "declaration" && slices.Contains(risk.Codes, a.Code) {
			out[a.ID] = true
		}
	}
	return out
}

// compare logs how many declarations live and batch judge alike, and
// each kind of difference.
func compare(t *testing.T, when string, order []string, batch, live map[string]string) float64 {
	t.Helper()
	same := 0
	kinds := map[string]int{}
	for _, no := range order {
		if live[no] == batch[no] {
			same++
			continue
		}
		kinds[fmt.Sprintf("batch %q live %q", batch[no], live[no])]++
	}
	share := float64(same) / float64(len(order))
	t.Logf("%s: %d declarations, %d identical (%.2f%%)", when, len(order), same, 100*share)
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%4d  %s", n, k))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(ks)))
	for _, k := range ks {
		t.Log(k)
	}
	return share
}

// BenchmarkJudge judges a declaration of the world's busiest population
// against a store holding the whole simulated world (scale 0.3).
func BenchmarkJudge(b *testing.B) {
	sh := loadShipped(b)
	bd := sh.world(b, 5, 0.3)
	db := openSQLite(b)
	if _, err := analysis.Run(context.Background(), sh.deps(db), bd, nil); err != nil {
		b.Fatal(err)
	}
	det := newDetectors(b, sh, db)
	// The antimony declaration made last.
	var pick []*core.DeclarationItem
	for _, it := range bd.Declarations {
		if strings.HasPrefix(it.HSCode, "8110") && (pick == nil || !it.DeclaredAt.Before(pick[0].DeclaredAt)) {
			pick = []*core.DeclarationItem{it}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		det.Judge(pick)
	}
}

// BenchmarkJudgeBusyRoute judges a declaration on a route that already
// holds more than a population may: one exporter's antimony to one
// consignee, lodged every day.
func BenchmarkJudgeBusyRoute(b *testing.B) {
	det := newDetectors(b, loadShipped(b), openSQLite(b))
	item := func(i int) []*core.DeclarationItem {
		kg, _ := core.ParseDecimal("2000")
		v, _ := core.ParseDecimal("470000")
		return []*core.DeclarationItem{{DeclarationNo: fmt.Sprintf("5301202500%08d", i), ItemNo: 1, DeclaredAt: core.MustDate("2024-01-01").AddDays(i % 500),
			ExporterUSCC: "91430000MA4L00001X", HSCode: "8110101000", GoodsName: "锑锭", Quantity: kg, Unit: "kg", NetWeightKg: kg, GrossWeightKg: kg,
			TotalValue: v, Currency: "CNY", DestinationCountry: "NL", ConsigneeName: "Rotterdam Metals B.V.", TransportMode: "2"}}
	}
	for i := range 2000 {
		det.Stored(item(i))
	}
	next := item(2000)
	b.ResetTimer()
	for b.Loop() {
		det.Judge(next)
	}
}

// TestConcurrentJudging judges, stores and refreshes from several
// goroutines at once (run with -race): the server's lodgings do.
func TestConcurrentJudging(t *testing.T) {
	ctx := context.Background()
	sh := loadShipped(t)
	b := sh.world(t, 9, 0.05)
	db := openSQLite(t)
	if _, err := analysis.Run(ctx, sh.deps(db), b, nil); err != nil {
		t.Fatal(err)
	}
	det := newDetectors(t, sh, db)
	byNo, nos := byDeclaration(b.Declarations)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(nos); i += 4 {
				items := byNo[nos[i]]
				switch g {
				case 3:
					det.Stored(items)
					continue
				case 2:
					// Names the detectors have not met: the graph and the
					// focus resolve and cache them while others judge.
					var fresh []*core.DeclarationItem
					for _, it := range items {
						c := *it
						c.ConsigneeName = fmt.Sprintf("%s Branch %d", it.ConsigneeName, i)
						c.GoodsName = fmt.Sprintf("%s %d", it.GoodsName, i)
						fresh = append(fresh, &c)
					}
					items = fresh
				}
				det.Judge(items)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 3 {
			if err := det.Refresh(ctx); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	// Nothing was corrupted: a fresh judge of the same store says the same.
	fresh := newDetectors(t, sh, db)
	for _, no := range nos {
		a, _ := det.Judge(byNo[no])
		f, _ := fresh.Judge(byNo[no])
		if codes(a) != codes(f) {
			t.Errorf("%s: %q after the concurrent run, %q fresh", no, codes(a), codes(f))
		}
	}
}
