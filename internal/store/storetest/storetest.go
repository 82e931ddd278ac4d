// Package storetest is OreWatch's storage contract: one suite that every
// core.Store implementation must pass. It runs on SQLite always and on
// PostgreSQL whenever OREWATCH_TEST_POSTGRES_URL is set.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"orewatch/internal/core"
)

// Opener returns a fresh, migrated, empty store for one test.
type Opener func(t *testing.T) core.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s core.Store)
	}{
		{"EnterpriseUpsertGet", testEnterpriseUpsertGet},
		{"EnterpriseList", testEnterpriseList},
		{"EnterpriseStatusHistory", testEnterpriseStatusHistory},
		{"LicenceUpsertList", testLicenceUpsertList},
		{"DeclarationUpsertList", testDeclarationUpsertList},
		{"TxRollback", testTxRollback},
		{"TxCommit", testTxCommit},
		{"SchemaVersion", testSchemaVersion},
		{"BundleTables", testBundleTables},
		{"Events", testEvents},
		{"EventsByProvince", testEventsByProvince},
		{"ConcurrentCaptures", testConcurrentCaptures},
		{"UsersAndTokens", testUsersAndTokens},
		{"Alerts", testAlerts},
		{"RecordVersions", testRecordVersions},
		{"Webhooks", testWebhooks},
		{"AuditForObject", testAuditForObject},
		{"Drawdowns", testDrawdowns},
		{"SavedFilters", testSavedFilters},
		{"CatalogPacks", testCatalogPacks},
		{"Applications", testApplications},
		{"MonthlyReports", testMonthlyReports},
		{"SignInFailures", testSignInFailures},
		{"SetupTokens", testSetupTokens},
		{"CaptureJobs", testCaptureJobs},
		{"UploadJobs", testUploadJobs},
		{"UploadFiles", testUploadFiles},
		{"RuleSets", testRuleSets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			tt.fn(t, s)
		})
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := core.ErrorCode(err); got != code {
		t.Fatalf("error %q has code %s, want %s", err, got, code)
	}
}

// Codes below are valid unified social credit codes (check characters
// computed by core.USCCCheckChar in init).
var (
	usccA, usccB, usccC core.USCC
)

func init() {
	mk := func(first17 string) core.USCC {
		c, err := core.USCCCheckChar(first17)
		if err != nil {
			panic(err)
		}
		return core.USCC(first17 + string(c))
	}
	usccA = mk("91430000MA4L00001")
	usccB = mk("91450000MA5K00002")
	usccC = mk("91360000MA3R00003")
}

func sampleEnterprise(u core.USCC, name, province string) *core.Enterprise {
	return &core.Enterprise{
		USCC: u, Name: name, Province: province,
		Segments:     []core.Segment{core.SegSmelting, core.SegExport},
		Minerals:     []string{"antimony"},
		RegisteredOn: core.MustDate("2024-10-01"),
		Status:       core.StatusActive,
		Address:      "湖南省冷水江市锡矿山",
		Extra:        map[string]string{"联系人": "王工", "survey_batch": "2025-05"},
	}
}

func testEnterpriseUpsertGet(t *testing.T, s core.Store) {
	c := ctx(t)
	e := sampleEnterprise(usccA, "冷水江锑业有限公司", "430000")
	e.ComplianceProgram = true
	changed, err := s.Enterprises().Upsert(c, e)
	if err != nil || !changed {
		t.Fatalf("first upsert: changed=%v err=%v", changed, err)
	}
	again := sampleEnterprise(usccA, "冷水江锑业有限公司", "430000")
	again.ComplianceProgram = true
	if changed, err := s.Enterprises().Upsert(c, again); err != nil || changed {
		t.Fatalf("identical upsert: changed=%v err=%v, want unchanged", changed, err)
	}
	got, err := s.Enterprises().Get(c, usccA)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != e.Name || got.Province != "430000" || !got.ComplianceProgram || got.Address != e.Address {
		t.Errorf("got %+v", got)
	}
	if len(got.Segments) != 2 || got.Segments[1] != core.SegExport || len(got.Minerals) != 1 {
		t.Errorf("lists not kept: %+v %+v", got.Segments, got.Minerals)
	}
	if got.Extra["联系人"] != "王工" || got.Extra["survey_batch"] != "2025-05" {
		t.Errorf("extra attributes lost: %v", got.Extra)
	}
	if !got.RegisteredOn.Equal(core.MustDate("2024-10-01")) {
		t.Errorf("registered_on = %s", got.RegisteredOn)
	}
	if got.UpdatedAt.IsZero() {
		t.Error("updated_at not set")
	}
	e.Name = "冷水江锑业股份有限公司"
	if changed, err := s.Enterprises().Upsert(c, e); err != nil || !changed {
		t.Fatalf("changed upsert: changed=%v err=%v", changed, err)
	}
	if got, _ := s.Enterprises().Get(c, usccA); got.Name != e.Name {
		t.Errorf("name not updated: %q", got.Name)
	}
	_, err = s.Enterprises().Get(c, usccB)
	mustCode(t, err, core.ENOTFOUND)
}

func testEnterpriseList(t *testing.T, s core.Store) {
	c := ctx(t)
	a := sampleEnterprise(usccA, "冷水江锑业有限公司", "430000")
	b := sampleEnterprise(usccB, "Guangxi 100%_Germanium Trading", "450000")
	b.Segments = []core.Segment{core.SegTrading}
	b.Minerals = []string{"germanium", "gallium"}
	cc := sampleEnterprise(usccC, "赣州稀土矿业", "360000")
	cc.Segments = []core.Segment{core.SegMining}
	cc.Minerals = []string{"rare-earth"}
	cc.Status = core.StatusSuspended
	for _, e := range []*core.Enterprise{a, b, cc} {
		if _, err := s.Enterprises().Upsert(c, e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    core.EnterpriseFilter
		want []core.USCC
	}{
		{"all", core.EnterpriseFilter{}, []core.USCC{usccC, usccA, usccB}},
		{"province", core.EnterpriseFilter{Province: "450000"}, []core.USCC{usccB}},
		{"segment", core.EnterpriseFilter{Segment: core.SegExport}, []core.USCC{usccA}},
		{"segment is whole word", core.EnterpriseFilter{Segment: "ex"}, nil},
		{"mineral", core.EnterpriseFilter{Mineral: "gallium"}, []core.USCC{usccB}},
		{"status", core.EnterpriseFilter{Status: core.StatusSuspended}, []core.USCC{usccC}},
		{"query name", core.EnterpriseFilter{Query: "锑业"}, []core.USCC{usccA}},
		{"query wildcard is literal", core.EnterpriseFilter{Query: "100%_G"}, []core.USCC{usccB}},
		{"query percent alone", core.EnterpriseFilter{Query: "%"}, []core.USCC{usccB}},
		{"injection attempt", core.EnterpriseFilter{Query: "' OR 1=1 --"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.Enterprises().List(c, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(tt.want) || len(got) != len(tt.want) {
				t.Fatalf("got %d rows (total %d), want %d", len(got), total, len(tt.want))
			}
			// Ordered by USCC.
			want := append([]core.USCC(nil), tt.want...)
			sortUSCC(want)
			for i := range got {
				if got[i].USCC != want[i] {
					t.Errorf("row %d = %s, want %s", i, got[i].USCC, want[i])
				}
			}
		})
	}
	page, total, err := s.Enterprises().List(c, core.EnterpriseFilter{Limit: 2, Offset: 2})
	if err != nil || total != 3 || len(page) != 1 {
		t.Fatalf("paging: %d rows, total %d, err %v", len(page), total, err)
	}
}

func sortUSCC(xs []core.USCC) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

func testEnterpriseStatusHistory(t *testing.T, s core.Store) {
	c := ctx(t)
	if _, err := s.Enterprises().Upsert(c, sampleEnterprise(usccA, "冷水江锑业有限公司", "430000")); err != nil {
		t.Fatal(err)
	}
	changes := []core.StatusChange{
		{USCC: usccA, Status: core.StatusActive, EffectiveOn: core.MustDate("2024-10-01")},
		{USCC: usccA, Status: core.StatusSuspended, EffectiveOn: core.MustDate("2025-06-01"), Reason: "案件处置: 台账暂停"},
		{USCC: usccA, Status: core.StatusActive, EffectiveOn: core.MustDate("2025-09-01")},
	}
	for _, ch := range changes {
		if changed, err := s.Enterprises().AddStatus(c, ch); err != nil || !changed {
			t.Fatalf("add %v: changed=%v err=%v", ch, changed, err)
		}
	}
	if changed, err := s.Enterprises().AddStatus(c, changes[1]); err != nil || changed {
		t.Fatalf("duplicate status change: changed=%v err=%v", changed, err)
	}
	h, err := s.Enterprises().History(c, usccA)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[1].Reason != "案件处置: 台账暂停" {
		t.Fatalf("history = %+v", h)
	}
	for _, tt := range []struct {
		day  string
		want core.LedgerStatus
	}{
		{"2024-09-30", ""}, {"2024-10-01", core.StatusActive}, {"2025-05-31", core.StatusActive},
		{"2025-06-01", core.StatusSuspended}, {"2025-08-31", core.StatusSuspended}, {"2025-09-01", core.StatusActive},
	} {
		if got := core.StatusOn(h, core.MustDate(tt.day)); got != tt.want {
			t.Errorf("status on %s = %q, want %q", tt.day, got, tt.want)
		}
	}
	_, err = s.Enterprises().AddStatus(c, core.StatusChange{USCC: usccA, Status: "dormant", EffectiveOn: core.MustDate("2025-01-01")})
	mustCode(t, err, core.EINVALID)
	_, err = s.Enterprises().AddStatus(c, core.StatusChange{USCC: usccB, Status: core.StatusActive, EffectiveOn: core.MustDate("2025-01-01")})
	mustCode(t, err, core.EINVALID) // not in the ledger: foreign key
}

func sampleLicence(no string, exporter core.USCC) *core.Licence {
	return &core.Licence{
		No: no, ExporterUSCC: exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"),
		HSCode: "8110101000", GoodsName: "锑锭", Quantity: core.DecimalFromInt(20000), Unit: "kg",
		Destination: "DE", ConsigneeName: "Metallhandel GmbH", EndUse: "flame retardants",
	}
}

func testLicenceUpsertList(t *testing.T, s core.Store) {
	c := ctx(t)
	l := sampleLicence("LIC-2025-0001", usccA)
	q, _ := core.ParseDecimal("20,000.125")
	l.Quantity = q
	if changed, err := s.Licences().Upsert(c, l); err != nil || !changed {
		t.Fatalf("upsert: %v %v", changed, err)
	}
	if changed, err := s.Licences().Upsert(c, sampleLicenceCopy(l)); err != nil || changed {
		t.Fatalf("identical upsert: changed=%v err=%v", changed, err)
	}
	got, err := s.Licences().Get(c, "LIC-2025-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Quantity.String() != "20000.125" || got.ValidTo.String() != "2025-12-31" || got.Destination != "DE" {
		t.Errorf("got %+v", got)
	}
	l2 := sampleLicence("LIC-2024-0009", usccB)
	l2.ValidFrom, l2.ValidTo = core.MustDate("2024-01-01"), core.MustDate("2024-06-30")
	l2.Status = core.LicenceRevoked
	if _, err := s.Licences().Upsert(c, l2); err != nil {
		t.Fatal(err)
	}
	ls, total, err := s.Licences().List(c, core.LicenceFilter{ValidOn: core.MustDate("2025-03-01")})
	if err != nil || total != 1 || ls[0].No != "LIC-2025-0001" {
		t.Fatalf("valid on 2025-03-01: %v total %d err %v", ls, total, err)
	}
	ls, total, err = s.Licences().List(c, core.LicenceFilter{Status: core.LicenceRevoked})
	if err != nil || total != 1 || ls[0].No != "LIC-2024-0009" {
		t.Fatalf("revoked: total %d err %v", total, err)
	}
	// By the holder's province, before the page is cut.
	for _, e := range []*core.Enterprise{sampleEnterprise(usccA, "冷水江锑业有限公司", "430000"), sampleEnterprise(usccB, "广西锗业", "450000")} {
		if _, err := s.Enterprises().Upsert(c, e); err != nil {
			t.Fatal(err)
		}
	}
	ls, total, err = s.Licences().List(c, core.LicenceFilter{Province: "450000", Limit: 1})
	if err != nil || total != 1 || len(ls) != 1 || ls[0].No != "LIC-2024-0009" {
		t.Fatalf("Guangxi's: %v total %d err %v", ls, total, err)
	}
	if _, total, _ = s.Licences().List(c, core.LicenceFilter{Province: "360000"}); total != 0 {
		t.Errorf("Jiangxi's: total %d", total)
	}
	_, err = s.Licences().Get(c, "nope")
	mustCode(t, err, core.ENOTFOUND)
}

func sampleLicenceCopy(l *core.Licence) *core.Licence { c := *l; return &c }

func sampleDeclaration(no string, item int, day string) *core.DeclarationItem {
	q, _ := core.ParseDecimal("1,000.5")
	v, _ := core.ParseDecimal("235000.75")
	return &core.DeclarationItem{
		DeclarationNo: no, ItemNo: item, DeclaredAt: core.MustDate(day), ExporterUSCC: usccA,
		TransportMode: "2", Containers: []string{"MSKU1234565", "TGHU7654321"}, DestinationCountry: "NL",
		ConsigneeName: "Rotterdam Metals B.V.", HSCode: "8110101000", GoodsName: "锑锭", GoodsSpec: "Sb≥99.65%",
		Quantity: q, Unit: "kg", NetWeightKg: q, GrossWeightKg: q + core.DecimalFromInt(20), TotalValue: v,
		Currency: "USD", Remarks: "是否属于管制物项：是；管制编码：1C xxx", Extra: map[string]string{"合同号": "HT-01"},
	}
}

func testDeclarationUpsertList(t *testing.T, s core.Store) {
	c := ctx(t)
	ds := []*core.DeclarationItem{
		sampleDeclaration("530120250000000002", 1, "2025-03-02"),
		sampleDeclaration("530120250000000001", 2, "2025-03-02"),
		sampleDeclaration("530120250000000001", 1, "2025-03-02"),
		sampleDeclaration("530120250000000003", 1, "2025-03-01"),
	}
	for _, d := range ds {
		if changed, err := s.Declarations().Upsert(c, d); err != nil || !changed {
			t.Fatalf("upsert %s/%d: %v %v", d.DeclarationNo, d.ItemNo, changed, err)
		}
	}
	if changed, err := s.Declarations().Upsert(c, sampleDeclaration("530120250000000001", 1, "2025-03-02")); err != nil || changed {
		t.Fatalf("identical upsert: changed=%v err=%v", changed, err)
	}
	got, total, err := s.Declarations().List(c, core.DeclarationFilter{})
	if err != nil || total != 4 {
		t.Fatalf("list: total %d err %v", total, err)
	}
	wantOrder := []string{"530120250000000003/1", "530120250000000001/1", "530120250000000001/2", "530120250000000002/1"}
	for i, d := range got {
		if k := d.DeclarationNo + "/" + itoa(d.ItemNo); k != wantOrder[i] {
			t.Errorf("row %d = %s, want %s", i, k, wantOrder[i])
		}
	}
	d, err := s.Declarations().Get(c, "530120250000000001", 2)
	if err != nil {
		t.Fatal(err)
	}
	if d.Quantity.String() != "1000.5" || d.TotalValue.String() != "235000.75" || len(d.Containers) != 2 ||
		d.Remarks == "" || d.Extra["合同号"] != "HT-01" || d.DeclaredAt.String() != "2025-03-02" {
		t.Errorf("round trip lost data: %+v", d)
	}
	got, total, err = s.Declarations().List(c, core.DeclarationFilter{From: core.MustDate("2025-03-02"), HSPrefix: "8110"})
	if err != nil || total != 3 || len(got) != 3 {
		t.Fatalf("filtered: total %d err %v", total, err)
	}
	_, err = s.Declarations().Get(c, "530120250000000001", 9)
	mustCode(t, err, core.ENOTFOUND)
	ms, err := s.Declarations().Monthly(c, []string{got[0].HSCode, "0000000000"}, "")
	if err != nil || len(ms) != 1 || ms[0].Month != "2025-03" || ms[0].Items != 4 || ms[0].Destination != got[0].DestinationCountry ||
		ms[0].NetKg != 4*got[0].NetWeightKg {
		t.Errorf("monthly: %+v %v", ms, err)
	}
	// By the exporter's province.
	if _, err := s.Enterprises().Upsert(c, sampleEnterprise(got[0].ExporterUSCC, "冷水江锑业有限公司", "430000")); err != nil {
		t.Fatal(err)
	}
	if ms, err := s.Declarations().Monthly(c, []string{got[0].HSCode}, "430000"); err != nil || len(ms) != 1 || ms[0].Items != 4 {
		t.Errorf("monthly of Hunan's exporters: %+v %v", ms, err)
	}
	if ms, err := s.Declarations().Monthly(c, []string{got[0].HSCode}, "450000"); err != nil || len(ms) != 0 {
		t.Errorf("monthly of Guangxi's exporters: %+v %v", ms, err)
	}
	// Scoped, by destination, newest first, counted before the page.
	for _, tt := range []struct {
		f     core.DeclarationFilter
		want  string
		total int
	}{
		{core.DeclarationFilter{Province: "430000", Newest: true, Limit: 2}, "530120250000000002/1 530120250000000001/1", 4},
		{core.DeclarationFilter{Province: "450000"}, "", 0},
		{core.DeclarationFilter{Destination: got[0].DestinationCountry, Newest: true, Offset: 3}, "530120250000000003/1", 4},
		{core.DeclarationFilter{Destination: "ZZ"}, "", 0},
	} {
		ds, total, err := s.Declarations().List(c, tt.f)
		var keys []string
		for _, d := range ds {
			keys = append(keys, d.DeclarationNo+"/"+itoa(d.ItemNo))
		}
		if err != nil || strings.Join(keys, " ") != tt.want || total != tt.total {
			t.Errorf("%+v: %v (total %d) %v, want %s (total %d)", tt.f, keys, total, err, tt.want, tt.total)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

var errBoom = errors.New("boom")

func testTxRollback(t *testing.T, s core.Store) {
	c := ctx(t)
	err := s.WithTx(c, func(r core.Repos) error {
		if _, err := r.Enterprises().Upsert(c, sampleEnterprise(usccA, "A", "430000")); err != nil {
			return err
		}
		if _, err := r.Licences().Upsert(c, sampleLicence("LIC-X", usccA)); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("WithTx returned %v, want the callback's error", err)
	}
	_, err = s.Enterprises().Get(c, usccA)
	mustCode(t, err, core.ENOTFOUND)
	_, err = s.Licences().Get(c, "LIC-X")
	mustCode(t, err, core.ENOTFOUND)
}

func testTxCommit(t *testing.T, s core.Store) {
	c := ctx(t)
	err := s.WithTx(c, func(r core.Repos) error {
		if _, err := r.Enterprises().Upsert(c, sampleEnterprise(usccA, "A", "430000")); err != nil {
			return err
		}
		// A read inside the transaction sees its own write.
		if _, err := r.Enterprises().Get(c, usccA); err != nil {
			return err
		}
		_, err := r.Enterprises().AddStatus(c, core.StatusChange{USCC: usccA, Status: core.StatusActive, EffectiveOn: core.MustDate("2025-01-01")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.Enterprises().History(c, usccA)
	if err != nil || len(h) != 1 {
		t.Fatalf("history after commit: %v %v", h, err)
	}
}

func testSchemaVersion(t *testing.T, s core.Store) {
	v, err := s.SchemaVersion(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if v < 1 {
		t.Fatalf("schema version %d, want ≥ 1", v)
	}
}

// testBundleTables round-trips every other table of the bundle: parties and
// links, list entries (with open dates), manifests, prices and materials.
func testBundleTables(t *testing.T, s core.Store) {
	c := ctx(t)
	p := &core.Party{ID: "P1", Name: "Rotterdam Metals B.V.", Country: "NL", Phone: "+31 10", Kind: "trader", Extra: map[string]string{"来源": "海关"}}
	if ch, err := s.Parties().Upsert(c, p); err != nil || !ch {
		t.Fatalf("party: %v %v", ch, err)
	}
	if ch, err := s.Parties().Upsert(c, &core.Party{ID: "P1", Name: "Rotterdam Metals B.V.", Country: "NL", Phone: "+31 10", Kind: "trader", Extra: map[string]string{"来源": "海关"}}); err != nil || ch {
		t.Fatalf("identical party: %v %v", ch, err)
	}
	if got, err := s.Parties().Get(c, "P1"); err != nil || got.Extra["来源"] != "海关" || got.Phone != "+31 10" {
		t.Fatalf("get party: %+v %v", got, err)
	}
	_, err := s.Parties().Get(c, "P9")
	mustCode(t, err, core.ENOTFOUND)
	l := &core.PartyLink{From: "P1", To: string(usccA), Relation: "agent_of", Source: "registry"}
	if ch, err := s.Parties().AddLink(c, l); err != nil || !ch {
		t.Fatalf("link: %v %v", ch, err)
	}
	if ch, _ := s.Parties().AddLink(c, &core.PartyLink{From: "P1", To: string(usccA), Relation: "agent_of", Source: "registry"}); ch {
		t.Error("identical link changed something")
	}
	if ls, err := s.Parties().Links(c); err != nil || len(ls) != 1 || ls[0].To != string(usccA) {
		t.Fatalf("links: %v %v", ls, err)
	}
	entries := []*core.ListEntry{
		{List: "OWN", Name: "Northwind Defense Systems LLC", Aliases: []string{"Northwind Defence"}, Country: "US", ListedOn: core.MustDate("2025-01-02")},
		{List: "OWN", Name: "Always Listed Ltd"},
		{List: "OWN", Name: "Old Friend", ListedOn: core.MustDate("2024-01-01"), DelistedOn: core.MustDate("2025-01-01")},
	}
	for _, e := range entries {
		if ch, err := s.Lists().Upsert(c, e); err != nil || !ch {
			t.Fatalf("list entry %s: %v %v", e.Name, ch, err)
		}
	}
	got, err := s.Lists().All(c)
	if err != nil || len(got) != 3 {
		t.Fatalf("entries: %v %v", got, err)
	}
	for _, e := range got {
		switch e.Name {
		case "Always Listed Ltd":
			if !e.ListedOn.IsZero() || !e.DelistedOn.IsZero() {
				t.Errorf("open dates not kept: %+v", e)
			}
		case "Old Friend":
			if e.DelistedOn.String() != "2025-01-01" {
				t.Errorf("delisting lost: %+v", e)
			}
		case "Northwind Defense Systems LLC":
			if len(e.Aliases) != 1 || e.ListedOn.String() != "2025-01-02" {
				t.Errorf("entry %+v", e)
			}
		}
	}
	vgm, _ := core.ParseDecimal("24,350.5")
	m := &core.Manifest{BillOfLading: "BL1", ContainerNo: "MSKU1234565", VGMKg: vgm, TareKg: core.DecimalFromInt(3800), Size: "20"}
	if ch, err := s.Manifests().Upsert(c, m); err != nil || !ch {
		t.Fatalf("manifest: %v %v", ch, err)
	}
	if ms, err := s.Manifests().All(c); err != nil || len(ms) != 1 || ms[0].VGMKg.String() != "24350.5" {
		t.Fatalf("manifests: %v %v", ms, err)
	}
	if ms, err := s.Manifests().ByBill(c, "BL1"); err != nil || len(ms) != 1 || ms[0].ContainerNo != "MSKU1234565" {
		t.Errorf("manifests by bill: %v %v", ms, err)
	}
	if ms, err := s.Manifests().ByBill(c, "BL2"); err != nil || len(ms) != 0 {
		t.Errorf("manifests of an unknown bill: %v %v", ms, err)
	}
	pr := &core.Price{Material: "antimony-ingot", Market: "CN", Date: core.MustDate("2025-05-15"), Price: core.DecimalFromInt(235000), Currency: "CNY", Unit: "t"}
	if ch, err := s.Prices().Upsert(c, pr); err != nil || !ch {
		t.Fatalf("price: %v %v", ch, err)
	}
	if ps, err := s.Prices().All(c); err != nil || len(ps) != 1 || ps[0].Date.String() != "2025-05-15" || ps[0].Price.String() != "235000" {
		t.Fatalf("prices: %v %v", ps, err)
	}
	mat := &core.Material{ID: "antimony-ingot", Group: "antimony", HSCodes: []string{"8110101000"}, MadeFrom: map[string]float64{"antimony-concentrate": 0.55}, DensityKg: 4000.5, Basis: "bundle"}
	if ch, err := s.Materials().Upsert(c, mat); err != nil || !ch {
		t.Fatalf("material: %v %v", ch, err)
	}
	if ms, err := s.Materials().All(c); err != nil || len(ms) != 1 || ms[0].MadeFrom["antimony-concentrate"] != 0.55 || ms[0].DensityKg != 4000.5 {
		t.Fatalf("materials: %+v %v", ms, err)
	}
}

func ev(key, typ, at, step, loc string, qs ...core.EventQty) *core.Event {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	return &core.Event{Key: key, EventID: key, Type: typ, EventTime: t, BizStep: step, BizLocation: loc, Action: "ADD",
		Quantities: qs, Raw: []byte(`{"type":"` + typ + `","eventID":"` + key + `"}`),
		Sources:      []core.EventParty{{Type: "owning_party", ID: "urn:orewatch:party:A"}},
		Destinations: []core.EventParty{{Type: "owning_party", ID: "urn:orewatch:party:B"}}}
}

// testEventsByProvince: a scoped caller's filter keeps the events at the
// sites of its province's enterprises, and only those, before the page is
// cut.
func testEventsByProvince(t *testing.T, s core.Store) {
	c := ctx(t)
	for _, e := range []*core.Enterprise{sampleEnterprise(usccA, "冷水江锑业有限公司", "430000"), sampleEnterprise(usccB, "广西锗业", "450000")} {
		if _, err := s.Enterprises().Upsert(c, e); err != nil {
			t.Fatal(err)
		}
	}
	site := "urn:orewatch:site:"
	var evs []*core.Event
	for i, loc := range []string{site + string(usccA), site + string(usccB), site + string(usccA) + ":plant-2", site + string(usccA) + "X",
		"urn:other:site:" + string(usccA), site + string(usccB) + ":mine", site + string(usccA)} {
		evs = append(evs, ev(fmt.Sprintf("p%d", i), "ObjectEvent", fmt.Sprintf("2025-04-01T00:0%d:00Z", i), "shipping", loc))
	}
	if _, err := s.Events().Capture(c, "cap-p", evs); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		f    core.EventFilter
		want string
	}{
		{core.EventFilter{Province: "430000"}, "p0,p2,p6"},
		{core.EventFilter{Province: "430000", Limit: 2}, "p0,p2"},
		{core.EventFilter{Province: "430000", Limit: 2, After: "p2"}, "p6"},
		{core.EventFilter{Province: "450000"}, "p1,p5"},
		{core.EventFilter{Province: "360000"}, ""},
	} {
		got, err := s.Events().Query(c, tt.f)
		if err != nil || keysOf(got) != tt.want {
			t.Errorf("%+v: %q %v, want %q", tt.f, keysOf(got), err, tt.want)
		}
	}
}

func testEvents(t *testing.T, s core.Store) {
	c := ctx(t)
	kg := func(n int64) core.Decimal { return core.DecimalFromInt(n) }
	evs := []*core.Event{
		ev("e1", "ObjectEvent", "2025-03-01T08:00:00+08:00", "commissioning", "urn:orewatch:site:A",
			core.EventQty{Role: "quantity", EPCClass: "urn:orewatch:lot:antimony-concentrate:L1", Quantity: kg(10000), UOM: "KGM"}),
		ev("e2", "TransformationEvent", "2025-03-05T00:00:00Z", "commissioning", "urn:orewatch:site:A",
			core.EventQty{Role: "input", EPCClass: "urn:orewatch:lot:antimony-concentrate:L1", Quantity: kg(10000), UOM: "KGM"},
			core.EventQty{Role: "output", EPCClass: "urn:orewatch:lot:antimony-ingot:L2", Quantity: kg(5500), UOM: "KGM"}),
		ev("e3", "ObjectEvent", "2025-03-06T00:00:00Z", "shipping", "urn:orewatch:site:A",
			core.EventQty{Role: "quantity", EPCClass: "urn:orewatch:lot:antimony-ingot:L2", Quantity: kg(5500), UOM: "KGM"}),
	}
	var stored int
	err := s.WithTx(c, func(r core.Repos) error {
		var err error
		stored, err = r.Events().Capture(c, "cap-1", evs)
		return err
	})
	if err != nil || stored != 3 {
		t.Fatalf("capture: %d %v", stored, err)
	}
	if n, err := s.Events().Capture(c, "cap-2", evs[1:]); err != nil || n != 0 {
		t.Fatalf("capture again: %d stored, %v; want 0", n, err)
	}
	all, err := s.Events().Query(c, core.EventFilter{})
	if err != nil || len(all) != 3 || all[0].Key != "e1" || all[1].Key != "e2" {
		t.Fatalf("all: %v %v", keysOf(all), err)
	}
	if len(all[1].Quantities) != 2 || all[1].Quantities[1].Quantity.String() != "5500" || all[1].Quantities[0].Role != "input" {
		t.Errorf("quantities: %+v", all[1].Quantities)
	}
	if !all[0].EventTime.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) || all[0].CaptureID != "cap-1" || string(all[0].Raw) == "" {
		t.Errorf("event 1: %v %s", all[0].EventTime, all[0].CaptureID)
	}
	if len(all[0].Sources) != 1 || all[0].Sources[0].ID != "urn:orewatch:party:A" {
		t.Errorf("sources: %+v", all[0].Sources)
	}
	for _, tt := range []struct {
		name string
		f    core.EventFilter
		want string
	}{
		{"type", core.EventFilter{Types: []string{"TransformationEvent"}}, "e2"},
		{"time range", core.EventFilter{From: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), Before: time.Date(2025, 3, 6, 0, 0, 0, 0, time.UTC)}, "e2"},
		{"biz step", core.EventFilter{BizStep: "shipping"}, "e3"},
		{"location", core.EventFilter{BizLocation: "urn:orewatch:site:A", Limit: 1}, "e1"},
		{"class exact", core.EventFilter{EPCClass: "urn:orewatch:lot:antimony-ingot:L2"}, "e2,e3"},
		{"class prefix", core.EventFilter{EPCClass: "urn:orewatch:lot:antimony-concentrate:*"}, "e1,e2"},
		{"source", core.EventFilter{Source: "urn:orewatch:party:A"}, "e1,e2,e3"},
		{"destination none", core.EventFilter{Destination: "urn:orewatch:party:Z"}, ""},
		{"after e1", core.EventFilter{After: "e1", Limit: 1}, "e2"},
		{"after e3", core.EventFilter{After: "e3"}, ""},
		{"without documents, a big page", core.EventFilter{NoDocument: true, Limit: 5000}, "e1,e2,e3"},
	} {
		got, err := s.Events().Query(c, tt.f)
		if err != nil || keysOf(got) != tt.want {
			t.Errorf("%s: %q %v, want %q", tt.name, keysOf(got), err, tt.want)
		}
	}
	ships, err := s.Events().Shipments(c, time.Time{}, time.Time{})
	if err != nil || len(ships) != 1 || ships[0].BizLocation != "urn:orewatch:site:A" || ships[0].EPCClass != "urn:orewatch:lot:antimony-ingot:L2" ||
		len(ships[0].Destinations) != 1 || ships[0].Destinations[0].ID != "urn:orewatch:party:B" {
		t.Errorf("shipments: %+v %v", ships, err)
	}
	if ships, err := s.Events().Shipments(c, time.Date(2025, 3, 7, 0, 0, 0, 0, time.UTC), time.Time{}); err != nil || len(ships) != 0 {
		t.Errorf("shipments after the last: %+v %v", ships, err)
	}
	if bare, err := s.Events().Query(c, core.EventFilter{NoDocument: true}); err != nil || len(bare) != 3 || len(bare[0].Raw) != 0 || len(bare[1].Quantities) != 2 {
		t.Errorf("without documents: %v %v", bare, err)
	}
	if locs, err := s.Events().Locations(c); err != nil || len(locs) != 1 {
		t.Errorf("locations %v %v", locs, err)
	}
}

// testConcurrentCaptures captures documents that share events from
// several goroutines at once, in opposite orders: each event must be stored
// once with its quantities, and no capture may fail (PostgreSQL runs them
// side by side, so lock order matters; SQLite takes them in turn).
func testConcurrentCaptures(t *testing.T, s core.Store) {
	c := ctx(t)
	const n, docs = 400, 6
	all := make([]*core.Event, n)
	for i := range all {
		all[i] = ev(fmt.Sprintf("c%04d", i), "ObjectEvent", "2025-04-01T00:00:00Z", "shipping", "urn:orewatch:site:C",
			core.EventQty{Role: "quantity", EPCClass: fmt.Sprintf("urn:orewatch:lot:antimony-ingot:C%d", i), Quantity: core.DecimalFromInt(int64(i + 1)), UOM: "KGM"})
	}
	var wg sync.WaitGroup
	stored := make([]int, docs)
	errs := make([]error, docs)
	for d := range docs {
		// Each document holds two thirds of the events, half of them
		// reversed, so every pair of documents overlaps in both orders.
		part := slices.Clone(all[d*n/(3*docs) : d*n/(3*docs)+2*n/3])
		if d%2 == 1 {
			slices.Reverse(part)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[d] = s.WithTx(c, func(r core.Repos) error {
				var err error
				stored[d], err = r.Events().Capture(c, fmt.Sprintf("doc-%d", d), part)
				return err
			})
		}()
	}
	wg.Wait()
	total := 0
	for d := range docs {
		if errs[d] != nil {
			t.Fatalf("capture %d: %v", d, errs[d])
		}
		total += stored[d]
	}
	got, err := s.Events().Query(c, core.EventFilter{BizLocation: "urn:orewatch:site:C", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	covered := min(n, (docs-1)*n/(3*docs)+2*n/3)
	if len(got) != covered || total != covered {
		t.Fatalf("%d events stored (%d reported new), want %d", len(got), total, covered)
	}
	for _, e := range got {
		if len(e.Quantities) != 1 {
			t.Fatalf("%s has %d quantities, want 1", e.Key, len(e.Quantities))
		}
	}
}

func keysOf(es []*core.Event) string {
	var ks []string
	for _, e := range es {
		ks = append(ks, e.Key)
	}
	return strings.Join(ks, ",")
}

func testUsersAndTokens(t *testing.T, s core.Store) {
	c := ctx(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	u := &core.User{ID: "u1", Name: "zhang.wei", Agency: "GAC", Province: "430000", Role: core.RoleAnalyst, PasswordHash: "$argon2id$x", CreatedAt: now}
	if err := s.Users().Create(c, u); err != nil {
		t.Fatal(err)
	}
	err := s.Users().Create(c, &core.User{ID: "u2", Name: "zhang.wei", Agency: "MPS", Role: core.RoleViewer, CreatedAt: now})
	mustCode(t, err, core.ECONFLICT)
	got, err := s.Users().ByName(c, "zhang.wei")
	if err != nil || got.ID != "u1" || got.Province != "430000" || got.PasswordHash != "$argon2id$x" || got.Disabled {
		t.Fatalf("by name: %+v %v", got, err)
	}
	got.Disabled, got.Role = true, core.RoleSupervisor
	if err := s.Users().Update(c, got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Users().ByID(c, "u1"); !again.Disabled || again.Role != core.RoleSupervisor {
		t.Errorf("update not kept: %+v", again)
	}
	if n, err := s.Users().Count(c); err != nil || n != 1 {
		t.Errorf("count %d %v", n, err)
	}
	_, err = s.Users().ByName(c, "nobody")
	mustCode(t, err, core.ENOTFOUND)
	tok := &core.Token{ID: "t1", UserID: "u1", Hash: "sha256:abc", CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}
	if err := s.Users().CreateToken(c, tok); err != nil {
		t.Fatal(err)
	}
	gt, err := s.Users().TokenByHash(c, "sha256:abc")
	if err != nil || gt.UserID != "u1" || !gt.ExpiresAt.Equal(tok.ExpiresAt) || !gt.RevokedAt.IsZero() {
		t.Fatalf("token: %+v %v", gt, err)
	}
	if err := s.Users().RevokeToken(c, "t1", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if gt, _ := s.Users().TokenByHash(c, "sha256:abc"); gt.RevokedAt.IsZero() {
		t.Error("revocation not kept")
	}
	mustCode(t, s.Users().RevokeToken(c, "t1", now), core.ENOTFOUND)
	_, err = s.Users().TokenByHash(c, "sha256:nope")
	mustCode(t, err, core.ENOTFOUND)
	err = s.Users().CreateToken(c, &core.Token{ID: "t2", UserID: "ghost", Hash: "h2", CreatedAt: now, ExpiresAt: now})
	mustCode(t, err, core.EINVALID)
}

func testAlerts(t *testing.T, s core.Store) {
	c := ctx(t)
	mk := func(id string, score int, prov string) *core.Alert {
		return &core.Alert{ID: id, SubjectType: "declaration", SubjectID: id[4:], Code: "LICENCE_MISSING", Score: score,
			Summary: "no licence", SummaryZh: "无许可证", Evidence: `{"licence_no":""}`, Province: prov}
	}
	for _, a := range []*core.Alert{mk("DEC-1", 90, "430000"), mk("DEC-2", 55, "450000"), mk("DEC-3", 99, "430000")} {
		if ch, err := s.Alerts().Raise(c, a); err != nil || !ch {
			t.Fatalf("raise %s: %v %v", a.ID, ch, err)
		}
	}
	if ch, err := s.Alerts().Raise(c, mk("DEC-1", 90, "430000")); err != nil || ch {
		t.Fatalf("identical raise: %v %v", ch, err)
	}
	if err := s.Alerts().SetStatus(c, "DEC-1", core.AlertDismissed, "licence found on paper", time.Now()); err != nil {
		t.Fatal(err)
	}
	// A new analysis refreshes the score but keeps the triage.
	if ch, err := s.Alerts().Raise(c, mk("DEC-1", 95, "430000")); err != nil || !ch {
		t.Fatalf("refresh: %v %v", ch, err)
	}
	a, err := s.Alerts().Get(c, "DEC-1")
	if err != nil || a.Status != core.AlertDismissed || a.Reason != "licence found on paper" || a.Score != 95 || a.SummaryZh != "无许可证" {
		t.Fatalf("after refresh: %+v %v", a, err)
	}
	// The alerts' declarations, for the filter by a mineral's codes.
	antimony, germanium := sampleDeclaration("3", 1, "2025-03-02"), sampleDeclaration("2", 1, "2025-03-02")
	germanium.HSCode = "2825600001"
	for _, d := range []*core.DeclarationItem{antimony, germanium} {
		if _, err := s.Declarations().Upsert(c, d); err != nil {
			t.Fatal(err)
		}
	}
	all, total, err := s.Alerts().List(c, core.AlertFilter{})
	if err != nil || total != 3 || all[0].ID != "DEC-3" || all[1].ID != "DEC-1" {
		t.Fatalf("queue order: %v %d %v", idsOf(all), total, err)
	}
	for _, tt := range []struct {
		f    core.AlertFilter
		want string
	}{
		{core.AlertFilter{Status: core.AlertNew}, "DEC-3,DEC-2"},
		{core.AlertFilter{Province: "430000"}, "DEC-3,DEC-1"},
		{core.AlertFilter{MinScore: 91}, "DEC-3,DEC-1"},
		{core.AlertFilter{Code: "NOPE"}, ""},
		{core.AlertFilter{SubjectType: "declaration", SubjectID: "2"}, "DEC-2"},
		{core.AlertFilter{MinScore: 50, MaxScore: 89}, "DEC-2"},
		{core.AlertFilter{HSCodes: []string{"8110101000", "8110200000"}}, "DEC-3"},
		{core.AlertFilter{HSCodes: []string{"2825600001"}, Province: "430000"}, ""},
		{core.AlertFilter{HSCodes: []string{"81101010"}}, "DEC-3"},        // a tariff line covers its codes
		{core.AlertFilter{HSCodes: []string{"81101020", "28256001"}}, ""}, // lines nothing is under
	} {
		got, _, err := s.Alerts().List(c, tt.f)
		if err != nil || idsOf(got) != tt.want {
			t.Errorf("%+v: %s %v, want %s", tt.f, idsOf(got), err, tt.want)
		}
	}
	mustCode(t, s.Alerts().SetStatus(c, "NOPE", core.AlertTriaged, "", time.Now()), core.ENOTFOUND)
	// The stream's reading: changed after a moment, in the order of change.
	mark := time.Now()
	time.Sleep(5 * time.Millisecond)
	if _, err := s.Alerts().Raise(c, mk("DEC-4", 60, "430000")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := s.Alerts().SetStatus(c, "DEC-2", core.AlertTriaged, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Alerts().List(c, core.AlertFilter{ChangedAfter: mark})
	if err != nil || idsOf(got) != "DEC-4,DEC-2" {
		t.Errorf("changed after a moment: %s %v, want DEC-4,DEC-2 in the order they changed", idsOf(got), err)
	}
	if got, _, _ := s.Alerts().List(c, core.AlertFilter{ChangedAfter: mark, Province: "430000"}); idsOf(got) != "DEC-4" {
		t.Errorf("changed after a moment in Hunan: %s", idsOf(got))
	}
	// Sorted by any column, either way; raised within a range.
	for _, tt := range []struct {
		f    core.AlertFilter
		want string
	}{
		{core.AlertFilter{Sort: "score"}, "DEC-3,DEC-1,DEC-4,DEC-2"},
		{core.AlertFilter{Sort: "score", Reverse: true}, "DEC-2,DEC-4,DEC-1,DEC-3"},
		{core.AlertFilter{Sort: "province"}, "DEC-1,DEC-3,DEC-4,DEC-2"},
		{core.AlertFilter{Sort: "raised"}, "DEC-4,DEC-3,DEC-2,DEC-1"},
		{core.AlertFilter{Sort: "status", Reverse: true}, "DEC-2,DEC-3,DEC-4,DEC-1"},
		{core.AlertFilter{RaisedFrom: mark}, "DEC-4"},
		{core.AlertFilter{RaisedTo: mark, Sort: "subject"}, "DEC-1,DEC-2,DEC-3"},
	} {
		got, _, err := s.Alerts().List(c, tt.f)
		if err != nil || idsOf(got) != tt.want {
			t.Errorf("%+v: %s %v, want %s", tt.f, idsOf(got), err, tt.want)
		}
	}
	_, _, err = s.Alerts().List(c, core.AlertFilter{Sort: "score; DROP TABLE alerts"})
	mustCode(t, err, core.EINVALID)
}

func idsOf(as []*core.Alert) string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return strings.Join(out, ",")
}
