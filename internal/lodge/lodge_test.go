package lodge_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/screen"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/storetest"
)

const (
	exporter = core.USCC("91431300MA4LTB0012")
	licence  = "LIC-LODGE"
)

// seed stores an active antimony exporter and a multiple-use licence for
// limitKg of antimony ingots to a Dutch consignee.
func seed(t testing.TB, s core.Store, limitKg string) lodge.Deps {
	t.Helper()
	ctx := context.Background()
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	err = s.WithTx(ctx, func(r core.Repos) error {
		if _, err := r.Enterprises().Upsert(ctx, &core.Enterprise{USCC: exporter, Name: "湖南示例锑业有限公司", Province: "430000",
			Segments: []core.Segment{core.SegSmelting, core.SegExport}, Minerals: []string{"antimony"}, RegisteredOn: core.MustDate("2024-01-01"),
			Status: core.StatusActive}); err != nil {
			return err
		}
		_, err := r.Licences().Upsert(ctx, &core.Licence{No: licence, ExporterUSCC: exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
			ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8110101000", GoodsName: "锑锭",
			Quantity: mustDecimal(t, limitKg), Unit: "kg", Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return lodge.Deps{Store: s, Catalog: cat, Lists: func() []*core.ListEntry { return nil }}
}

func mustDecimal(t testing.TB, s string) core.Decimal {
	t.Helper()
	d, err := core.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// body is one declaration of antimony ingots under the licence, kgs an
// item each.
func body(no string, kgs ...int) []byte {
	var items []string
	for i, kg := range kgs {
		items = append(items, fmt.Sprintf(`{"item_no": %d, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": %d, "unit": "kg",
			"net_weight_kg": %d, "gross_weight_kg": %d, "total_value": %d, "remarks": "是否属于管制物项：是；管制编码：3C003.b"}`, i+1, kg, kg, kg+10, kg*200))
	}
	return []byte(fmt.Sprintf(`{"declaration_no": "%s", "declared_at": "2025-06-01", "exporter_uscc": "%s", "transport_mode": "2",
		"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "%s",
		"items": [%s]}`, no, exporter, licence, strings.Join(items, ",")))
}

// TestConcurrentLodgingsNeverOverdraw: 64 declarations of 30 kg lodged at
// once on a licence of 1,000 kg. Exactly 33 draw (990 kg), the other 31 are
// refused with LICENCE_EXCEEDED, and what the store says was drawn equals
// the accepted items, on SQLite and PostgreSQL.
func TestConcurrentLodgingsNeverOverdraw(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		deps := seed(t, s, "1000")
		const n = 64
		var wg sync.WaitGroup
		results := make([]*lodge.Lodged, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = lodge.Lodge(ctx, deps, audit.Actor{Name: "port-" + fmt.Sprint(i%4)}, body(fmt.Sprintf("5301202500%08d", i), 30))
			}()
		}
		wg.Wait()
		accepted, refused := 0, 0
		var acceptedKg float64
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("lodging %d: %v", i, errs[i])
			}
			if len(r.Drawdown) != 1 {
				t.Fatalf("lodging %d: drawdown %+v", i, r.Drawdown)
			}
			exceeded := false
			for _, f := range r.Findings {
				exceeded = exceeded || f.Code == screen.LicenceExceeded
			}
			if r.Drawdown[0].Accepted == exceeded {
				t.Errorf("lodging %d: accepted %v with LICENCE_EXCEEDED %v", i, r.Drawdown[0].Accepted, exceeded)
			}
			if r.Drawdown[0].Accepted {
				accepted++
				acceptedKg += r.Drawdown[0].Kg
			} else {
				refused++
			}
			if r.Drawdown[0].DrawnKg > 1000 {
				t.Errorf("lodging %d saw %.0f kg drawn on a licence of 1000", i, r.Drawdown[0].DrawnKg)
			}
		}
		drawn, err := s.Lodgements().Drawn(ctx, licence, "")
		if err != nil {
			t.Fatal(err)
		}
		if accepted != 33 || refused != 31 || drawn != acceptedKg || drawn > 1000 {
			t.Errorf("accepted %d (%.0f kg), refused %d, stored drawdown %.0f kg; want 33 (990 kg), 31, 990 kg", accepted, acceptedKg, refused, drawn)
		}
		if p, _, err := audit.Verify(ctx, s); err != nil || p != nil {
			t.Errorf("audit trail after concurrent lodgings: %v %v", p, err)
		}
	})
}

// TestLodgingIsIdempotentAndAmendable: the same body lodged again answers
// the same and stores nothing; a changed body is version 2, re-screened,
// its drawdown corrected and its dropped items removed; every version is
// kept.
func TestLodgingIsIdempotentAndAmendable(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		deps := seed(t, s, "1000")
		who := audit.Actor{Name: "officer"}
		no := "530120250000777001"
		first, err := lodge.Lodge(ctx, deps, who, body(no, 400, 300))
		if err != nil {
			t.Fatal(err)
		}
		if first.Version != 1 || first.Replayed || first.Amended || first.Drawdown[1].DrawnKg != 700 {
			t.Fatalf("first lodging: %+v", first)
		}
		_, auditRows, _ := audit.Verify(ctx, s)
		again, err := lodge.Lodge(ctx, deps, who, body(no, 400, 300))
		if err != nil {
			t.Fatal(err)
		}
		if !again.Replayed || again.Version != 1 || again.Channel != first.Channel || again.Score != first.Score || len(again.Findings) != len(first.Findings) {
			t.Errorf("replay: %+v, first %+v", again, first)
		}
		if _, rows, _ := audit.Verify(ctx, s); rows != auditRows {
			t.Errorf("a replay wrote %d audit rows", rows-auditRows)
		}
		// Another declaration takes 250 kg; the amendment to 800 kg in one
		// item then finds 750 left and is refused; back to 600 it draws.
		if _, err := lodge.Lodge(ctx, deps, who, body("530120250000777002", 250)); err != nil {
			t.Fatal(err)
		}
		amended, err := lodge.Lodge(ctx, deps, who, body(no, 800))
		if err != nil {
			t.Fatal(err)
		}
		if amended.Version != 2 || !amended.Amended || amended.Drawdown[0].Accepted || amended.Channel != core.ChannelRed {
			t.Errorf("amendment over the licence: %+v", amended)
		}
		if drawn, _ := s.Lodgements().Drawn(ctx, licence, ""); drawn != 250 {
			t.Errorf("drawn after the refused amendment: %.0f kg, want 250", drawn)
		}
		if _, n, _ := s.Declarations().List(ctx, core.DeclarationFilter{DeclarationNo: no, Limit: 10}); n != 1 {
			t.Errorf("items stored after amending to one item: %d", n)
		}
		third, err := lodge.Lodge(ctx, deps, who, body(no, 600))
		if err != nil {
			t.Fatal(err)
		}
		if third.Version != 3 || !third.Drawdown[0].Accepted || third.Drawdown[0].DrawnKg != 850 {
			t.Errorf("third version: %+v", third)
		}
		// The list, on both stores: filters on the lodgement, its items and
		// its alerts, and the cursor.
		for _, tc := range []struct {
			f    core.LodgementFilter
			want string
		}{
			{core.LodgementFilter{Exporter: exporter}, "530120250000777002,530120250000777001"},
			{core.LodgementFilter{Province: "430000", HSPrefix: "8110", Destination: "NL", Consignee: "rotterdam"}, "530120250000777002,530120250000777001"},
			{core.LodgementFilter{Code: screen.LicenceExceeded}, "530120250000777001"},
			{core.LodgementFilter{Limit: 1}, "530120250000777002"},
			{core.LodgementFilter{After: "530120250000777002"}, "530120250000777001"},
			{core.LodgementFilter{Province: "450000"}, ""},
			{core.LodgementFilter{From: core.MustDate("2025-06-02")}, ""},
		} {
			ls, _, err := s.Lodgements().List(ctx, tc.f)
			var got []string
			for _, l := range ls {
				got = append(got, l.DeclarationNo)
			}
			if err != nil || strings.Join(got, ",") != tc.want {
				t.Errorf("List(%+v) = %v %v, want %s", tc.f, got, err, tc.want)
			}
		}
		vs, err := s.Lodgements().Versions(ctx, no)
		if err != nil || len(vs) != 3 || vs[0].Version != 1 || vs[2].Version != 3 || vs[0].BodyHash == vs[2].BodyHash {
			t.Errorf("versions: %v %v", vs, err)
		}
		if p, _, err := audit.Verify(ctx, s); err != nil || p != nil {
			t.Errorf("audit: %v %v", p, err)
		}
	})
}

// TestLicenceChangesAreDated: a licence suspended from 10 June judges a
// declaration of 1 June valid and one of 15 June invalid (and draws
// nothing for it); reinstated from 1 July it is valid again — on both
// stores.
func TestLicenceChangesAreDated(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		deps := seed(t, s, "1000")
		today := core.MustDate("2026-12-01")
		for _, c := range []core.LicenceChange{
			{LicenceNo: licence, Status: core.LicenceSuspended, EffectiveOn: core.MustDate("2025-06-10"), Reason: "end-use check"},
			{LicenceNo: licence, Status: core.LicenceValid, EffectiveOn: core.MustDate("2025-07-01"), Reason: "cleared"},
		} {
			c.RecordedAt = time.Now()
			if err := s.Licences().Change(ctx, &c, today); err != nil {
				t.Fatal(err)
			}
		}
		l, err := s.Licences().Get(ctx, licence)
		if err != nil || len(l.Changes) != 2 || l.Changes[1].Seq != 2 || l.Status != core.LicenceValid {
			t.Fatalf("licence after two changes: %+v %v", l, err)
		}
		for _, tc := range []struct {
			no, day string
			invalid bool
		}{{"530120250000888001", "2025-06-01", false}, {"530120250000888002", "2025-06-15", true}, {"530120250000888003", "2025-07-05", false}} {
			b := strings.Replace(string(body(tc.no, 100)), `"declared_at": "2025-06-01"`, `"declared_at": "`+tc.day+`"`, 1)
			out, err := lodge.Lodge(ctx, deps, audit.Actor{Name: "t"}, []byte(b))
			if err != nil {
				t.Fatal(err)
			}
			invalid := false
			for _, f := range out.Findings {
				invalid = invalid || f.Code == screen.LicenceInvalid
			}
			if invalid != tc.invalid || out.Drawdown[0].Accepted == tc.invalid {
				t.Errorf("%s: LICENCE_INVALID %v, drawn %v; want invalid %v", tc.day, invalid, out.Drawdown[0].Accepted, tc.invalid)
			}
		}
		if err := s.Licences().Change(ctx, &core.LicenceChange{LicenceNo: "NO-SUCH", Status: core.LicenceRevoked, EffectiveOn: today, RecordedAt: time.Now()}, today); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("changing a licence that does not exist: %v", err)
		}
	})
}

// BenchmarkLodge lodges one single-item declaration per iteration on the
// embedded store, each drawing on the same licence: the write path a port
// system's lodgings take (parse, screen, lock, draw, store, audit).
func BenchmarkLodge(b *testing.B) {
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), sqlite.FileName), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	deps := seed(b, db, "1000000000")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := lodge.Lodge(ctx, deps, audit.Actor{Name: "bench"}, body(fmt.Sprintf("5301202599%08d", i), 10)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSuspensionRescreensLodgedDeclarations: a suspension recorded after
// declarations were lodged judges again those made on or after its day;
// those before keep their answer and version; reinstating undoes it.
func TestSuspensionRescreensLodgedDeclarations(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		deps := seed(t, s, "1000")
		officer := audit.Actor{Name: "licensing"}
		early, late := "530120250000777001", "530120250000777002"
		for no, day := range map[string]string{early: "2025-06-01", late: "2025-06-15"} {
			b := strings.Replace(string(body(no, 100)), `"declared_at": "2025-06-01"`, `"declared_at": "`+day+`"`, 1)
			if out, err := lodge.Lodge(ctx, deps, officer, []byte(b)); err != nil || !out.Drawdown[0].Accepted {
				t.Fatalf("lodge %s: %+v, %v", no, out, err)
			}
		}
		change := func(status core.LicenceStatus) []*lodge.Lodged {
			t.Helper()
			var out []*lodge.Lodged
			err := s.WithTx(ctx, func(r core.Repos) error {
				c := &core.LicenceChange{LicenceNo: licence, Status: status, EffectiveOn: core.MustDate("2025-06-10"), Reason: "end-use check", RecordedAt: time.Now()}
				if err := r.Licences().Change(ctx, c, core.MustDate("2026-12-01")); err != nil {
					return err
				}
				var err error
				out, err = lodge.RescreenLicence(ctx, deps, r, officer, licence, "licence "+string(status))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		got := change(core.LicenceSuspended)
		if len(got) != 1 || got[0].DeclarationNo != late || got[0].Channel != "red" || got[0].Drawdown[0].Accepted || got[0].Version != 2 {
			t.Fatalf("after the suspension, re-screened: %+v; want only %s, red, drawing nothing, version 2", got, late)
		}
		if drawn, _ := s.Lodgements().Drawn(ctx, licence, ""); drawn != 100 {
			t.Errorf("drawn after the suspension = %v kg, want 100 (the early declaration's)", drawn)
		}
		if l, _ := s.Lodgements().Get(ctx, early); l.Version != 1 {
			t.Errorf("the early declaration went to version %d", l.Version)
		}
		got = change(core.LicenceValid)
		if len(got) != 1 || got[0].DeclarationNo != late || got[0].Channel == "red" || !got[0].Drawdown[0].Accepted || got[0].Version != 3 {
			t.Fatalf("after reinstating, re-screened: %+v; want %s drawing again, version 3", got, late)
		}
		vs, err := s.Lodgements().Versions(ctx, late)
		if err != nil || len(vs) != 3 || vs[1].BodyHash != vs[0].BodyHash {
			t.Fatalf("versions: %d, %v; want 3 with one body", len(vs), err)
		}
	})
}

// TestGoodsBesideTheLicensedDrawNothing: a declaration of antimony ingots
// and lead ingots cites the antimony's licence on both items (the number
// is the declaration's): only the antimony draws on it, on both stores.
func TestGoodsBesideTheLicensedDrawNothing(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		deps := seed(t, s, "1000")
		no := "530120250000778001"
		b := []byte(fmt.Sprintf(`{"declaration_no": "%s", "declared_at": "2025-06-01", "exporter_uscc": "%s", "transport_mode": "2",
			"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "%s",
			"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 600, "unit": "kg", "net_weight_kg": 600,
			  "gross_weight_kg": 610, "total_value": 120000, "remarks": "第1项属于管制物项；第2项非管制物项"},
			 {"item_no": 2, "hs_code": "7801100000", "goods_name": "精炼铅锭", "quantity": 5000, "unit": "kg", "net_weight_kg": 5000,
			  "gross_weight_kg": 5050, "total_value": 90000}]}`, no, exporter, licence))
		out, err := lodge.Lodge(ctx, deps, audit.Actor{Name: "officer"}, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Findings {
			if strings.HasPrefix(f.Code, "LICENCE_") {
				t.Errorf("finding on goods beside the licensed: %s item %d: %s", f.Code, f.ItemNo, f.Message)
			}
		}
		if drawn, _ := s.Lodgements().Drawn(ctx, licence, ""); drawn != 600 {
			t.Errorf("drawn: %.0f kg, want the antimony's 600", drawn)
		}
	})
}
