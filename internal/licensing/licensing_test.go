package licensing_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/licensing"
	"orewatch/internal/lodge"
	"orewatch/internal/store/storetest"
)

const (
	d1, d2   = "531620250000000001", "531620250000000002"
	exporter = core.USCC("91431300MA4LTB0012")
	other    = core.USCC("91450100MA5KGE002J")
)

var officer = audit.Actor{Name: "licensing-officer", Agency: "MOFCOM"}

func deps(t *testing.T, s core.Store) lodge.Deps {
	t.Helper()
	ctx := context.Background()
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	err = s.WithTx(ctx, func(r core.Repos) error {
		for _, e := range []*core.Enterprise{
			{USCC: exporter, Name: "湖南示例锑业有限公司", Province: "430000"},
			{USCC: other, Name: "广西示例贸易有限公司", Province: "450000"},
		} {
			e.Segments, e.Minerals, e.RegisteredOn, e.Status = []core.Segment{core.SegExport}, []string{"antimony"}, core.MustDate("2024-01-01"), core.StatusActive
			if _, err := r.Enterprises().Upsert(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lodge.Deps{Store: s, Catalog: cat, Lists: func() []*core.ListEntry { return nil }}
}

func licenceBody(holder core.USCC, qty string) []byte {
	return []byte(fmt.Sprintf(`{"licence_no": "LIC-API-1", "exporter_uscc": "%s", "uses": "非一批一证", "valid_from": "2025-01-01",
		"valid_to": "2025-12-31", "hs_code": "8110101000", "goods_name": "锑锭", "quantity": %s, "unit": "千克",
		"destination": "荷蘭", "consignee_name": "Rotterdam Metals B.V."}`, holder, qty))
}

func issue(t *testing.T, d lodge.Deps, body []byte, force bool) (*licensing.Outcome, error) {
	t.Helper()
	l, err := licensing.Parse(body)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return licensing.Issue(context.Background(), d, l, licensing.Options{Actor: officer, Force: force, Source: "test", Now: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)})
}

// declaration is one item of antimony ingots on the licence, declared on
// day n of June 2025 under number n.
func declaration(n, kg int) []byte {
	return []byte(fmt.Sprintf(`{"declaration_no": "5316202500000000%02d", "declared_at": "2025-06-%02d", "exporter_uscc": "%s", "transport_mode": "2",
		"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "LIC-API-1",
		"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": %d, "unit": "kg", "net_weight_kg": %d,
		"gross_weight_kg": %d, "total_value": %d, "remarks": "是否属于管制物项：是；管制编码：3C003.b"}]}`, n, n, exporter, kg, kg, kg+10, kg*200))
}

// TestIssueAmendReassign: a licence issued through the API, the same
// body again, an amendment that shrinks it (the lodged declarations on it
// screened again, the later one refused), and a reassignment refused
// without force — every state kept as a version, every change audited.
func TestIssueAmendReassign(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		d := deps(t, s)
		out, err := issue(t, d, licenceBody(exporter, "1000"), false)
		if err != nil {
			t.Fatal(err)
		}
		if out.Result != "issued" || out.Version != 1 || out.Licence.Status != core.LicenceValid || out.Licence.Destination != "NL" || out.Licence.Unit != "kg" {
			t.Fatalf("issue = %+v / %+v", out, out.Licence)
		}
		if out, err = issue(t, d, licenceBody(exporter, `"1000"`), false); err != nil || out.Result != "unchanged" || out.Version != 1 {
			t.Fatalf("same body again = %+v, %v; want unchanged, version 1", out, err)
		}
		for n := 1; n <= 2; n++ {
			got, err := lodge.Lodge(ctx, d, officer, declaration(n, 600))
			if err != nil {
				t.Fatal(err)
			}
			if accepted := got.Drawdown[0].Accepted; accepted != (n == 1) {
				t.Fatalf("D%d drew: %v, want only D1 to (1,000 kg, 600 each)", n, accepted)
			}
		}
		// Amended to 1,500 kg both fit: D2 is screened again and draws;
		// D1's judgement is unchanged and keeps its version.
		out, err = issue(t, d, licenceBody(exporter, "1500"), false)
		if err != nil {
			t.Fatal(err)
		}
		if out.Result != "amended" || out.Version != 2 {
			t.Fatalf("amendment = %s version %d; want amended, version 2", out.Result, out.Version)
		}
		if len(out.Rescreened) != 1 || out.Rescreened[0].DeclarationNo != d2 || !out.Rescreened[0].Drawdown[0].Accepted ||
			out.Rescreened[0].Version != 2 || !strings.Contains(out.Rescreened[0].Rescreened, "LIC-API-1 amended") {
			t.Fatalf("re-screened = %s; want D2 at version 2, now drawing", mustJSON(out.Rescreened))
		}
		if drawn, err := s.Lodgements().Drawn(ctx, "LIC-API-1", ""); err != nil || drawn != 1200 {
			t.Fatalf("drawn = %v, %v; want 1,200 kg", drawn, err)
		}
		if l, err := s.Lodgements().Get(ctx, d1); err != nil || l.Version != 1 {
			t.Fatalf("D1 = %+v, %v; want version 1 still", l, err)
		}
		// Shrunk to 700 kg: the earlier declaration keeps its draw.
		if out, err = issue(t, d, licenceBody(exporter, "700"), false); err != nil {
			t.Fatal(err)
		}
		if len(out.Rescreened) != 1 || out.Rescreened[0].DeclarationNo != d2 || out.Rescreened[0].Drawdown[0].Accepted || out.Rescreened[0].Channel != "red" {
			t.Fatalf("after shrinking, re-screened = %s; want D2 refused, red", mustJSON(out.Rescreened))
		}
		// Another exporter's number: refused without force, with the holder named.
		_, err = issue(t, d, licenceBody(other, "700"), false)
		if core.ErrorCode(err) != core.ECONFLICT || !strings.Contains(core.ErrorMessage(err), string(exporter)) {
			t.Fatalf("reassignment without force: %v; want a conflict naming %s", err, exporter)
		}
		if l, _ := s.Licences().Get(ctx, "LIC-API-1"); l.ExporterUSCC != exporter {
			t.Fatalf("a refused reassignment changed the holder to %s", l.ExporterUSCC)
		}
		if out, err = issue(t, d, licenceBody(other, "700"), true); err != nil || out.Result != "reassigned" {
			t.Fatalf("forced reassignment = %+v, %v", out, err)
		}
		// Neither declaration may draw on another exporter's licence now.
		if len(out.Rescreened) != 2 {
			t.Fatalf("after reassignment, re-screened = %s; want both declarations", mustJSON(out.Rescreened))
		}
		for _, l := range out.Rescreened {
			if l.Channel != "red" || len(l.Drawdown) != 0 || len(l.Findings) != 1 || l.Findings[0].Code != "LICENCE_INVALID" {
				t.Errorf("%s after reassignment: %s", l.DeclarationNo, mustJSON(l))
			}
		}
		if drawn, err := s.Lodgements().Drawn(ctx, "LIC-API-1", ""); err != nil || drawn != 0 {
			t.Fatalf("drawn after reassignment = %v, %v; want 0", drawn, err)
		}
		vs, err := s.Versions().List(ctx, licensing.Kind, "LIC-API-1")
		if err != nil || len(vs) != 4 {
			t.Fatalf("versions = %d, %v; want 4 (issued, 1,500, 700, reassigned)", len(vs), err)
		}
		var last core.Licence
		if err := json.Unmarshal(vs[3].Body, &last); err != nil || last.ExporterUSCC != other || vs[3].Actor != officer.Name {
			t.Fatalf("last version = %s by %s", vs[3].Body, vs[3].Actor)
		}
		entries, err := s.Audit().List(ctx, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			if e.Object == "LIC-API-1" {
				actions = append(actions, e.Action)
			}
		}
		if got := strings.Join(actions, " "); got != "licences.issue licences.amend licences.amend licences.reassign" {
			t.Errorf("audited %q", got)
		}
	})
}

// TestAmendImportedLicence: the state a licence had from its bundle is
// kept as version 1 when the API first changes it.
func TestAmendImportedLicence(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		d := deps(t, s)
		l, err := licensing.Parse(licenceBody(exporter, "1000"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Licences().Upsert(ctx, l); err != nil {
			t.Fatal(err)
		}
		out, err := issue(t, d, licenceBody(exporter, "2000"), false)
		if err != nil || out.Result != "amended" || out.Version != 2 {
			t.Fatalf("amend = %+v, %v", out, err)
		}
		vs, err := s.Versions().List(ctx, licensing.Kind, "LIC-API-1")
		if err != nil || len(vs) != 2 || vs[0].Actor != "" || !strings.Contains(string(vs[0].Body), `"quantity":1000`) {
			t.Fatalf("versions = %s, %v", mustJSON(vs), err)
		}
	})
}

// TestIssueNeedsALedgerEntry: a licence names a surveyed enterprise.
func TestIssueNeedsALedgerEntry(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		d := deps(t, s)
		_, err := issue(t, d, licenceBody("91350100M000100Y43", "1000"), false)
		if core.ErrorCode(err) != core.EINVALID || !strings.Contains(core.ErrorMessage(err), "not in the ledger") {
			t.Fatalf("err = %v", err)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestParseNamesEveryProblem(t *testing.T) {
	_, err := licensing.Parse([]byte(`{"licence_no": "L1", "exporter_uscc": "not-a-uscc", "valid_from": "2025-13-01", "valid_to": "2025-12-31",
		"hs_code": "8110101000", "quantity": "lots", "unit": "barrels", "destination": "Atlantis", "status": "pending", "uses": [1]}`))
	var inv *lodge.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want *lodge.Invalid", err)
	}
	got := map[string]bool{}
	for _, p := range inv.Problems {
		got[p.Pointer] = true
	}
	if !got["/uses"] || len(inv.Problems) != 1 {
		t.Errorf("a value that is neither string nor number is reported alone first: %+v", inv.Problems)
	}
	_, err = licensing.Parse([]byte(`{"licence_no": "L1", "exporter_uscc": "not-a-uscc", "valid_from": "2025-13-01", "valid_to": "2025-12-31",
		"hs_code": "8110101000", "quantity": "lots", "unit": "barrels", "destination": "Atlantis", "status": "pending"}`))
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want *lodge.Invalid", err)
	}
	got = map[string]bool{}
	for _, p := range inv.Problems {
		got[p.Pointer] = true
	}
	for _, want := range []string{"/exporter_uscc", "/valid_from", "/quantity", "/unit", "/destination", "/status"} {
		if !got[want] {
			b, _ := json.Marshal(inv.Problems)
			t.Errorf("no problem at %s: %s", want, b)
		}
	}
	if _, err := licensing.Parse([]byte(`[1]`)); err == nil || !strings.Contains(err.Error(), "not a JSON object") {
		t.Errorf("an array: %v", err)
	}
}
