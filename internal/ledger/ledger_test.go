package ledger_test

import (
	"context"
	"testing"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
	"orewatch/internal/store/storetest"
)

func uscc(t *testing.T, first17 string) string {
	c, err := core.USCCCheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

func TestLedgerLifecycle(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		u := uscc(t, "91431300MA4LTB001")
		e, err := ledger.NewEnterprise(u, "冷水江锑都贸易有限公司", "湖南省", []string{"冶炼", "export"}, []string{"锑"}, "2024-10-01", "", true)
		if err != nil {
			t.Fatal(err)
		}
		if e.Province != "430000" || e.Segments[0] != core.SegSmelting || e.Minerals[0] != "antimony" {
			t.Fatalf("parsed %+v", e)
		}
		if err := ledger.Add(ctx, s, e, core.MustDate("2026-01-01"), audit.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
		if err := ledger.Add(ctx, s, e, core.MustDate("2026-01-01"), audit.Actor{Name: "test"}); core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("adding twice: %v", err)
		}
		if err := ledger.SetStatus(ctx, s, core.USCC(u), core.StatusSuspended, core.MustDate("2025-06-01"), "case 2025-17: disposal", audit.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
		for day, want := range map[string]core.LedgerStatus{"2024-09-30": "", "2025-05-31": core.StatusActive, "2025-06-01": core.StatusSuspended} {
			en, err := ledger.Show(ctx, s, core.USCC(u), core.MustDate(day))
			if err != nil || en.StatusOn != want {
				t.Errorf("status on %s = %q (%v), want %q", day, en.StatusOn, err, want)
			}
		}
		en, _ := ledger.Show(ctx, s, core.USCC(u), core.MustDate("2026-01-01"))
		if en.Enterprise.Status != core.StatusSuspended || len(en.History) != 2 {
			t.Errorf("current status %s, history %d", en.Enterprise.Status, len(en.History))
		}
		if err := ledger.SetStatus(ctx, s, core.USCC(uscc(t, "91450100MA5KGE002")), core.StatusClosed, core.MustDate("2025-01-01"), "", audit.Actor{Name: "test"}); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("status of an unknown enterprise: %v", err)
		}
		cov, err := ledger.ProvinceCoverage(ctx, s, "", map[core.USCC]bool{})
		if err != nil || len(cov) != 1 || cov[0].Enterprises != 1 || cov[0].BySegment["export"] != 1 || cov[0].ByMineral["antimony"] != 1 || len(cov[0].Silent) != 1 {
			t.Errorf("coverage %+v %v", cov, err)
		}
	})
}

func TestNewEnterpriseErrors(t *testing.T) {
	good := uscc(t, "91431300MA4LTB001")
	for _, tt := range []struct {
		uscc, name, province string
		segs                 []string
		field                string
	}{
		{"123", "x", "430000", []string{"export"}, "uscc"},
		{good, "", "430000", []string{"export"}, "name"},
		{good, "x", "Atlantis", []string{"export"}, "province"},
		{good, "x", "430000", nil, "segments"},
		{good, "x", "430000", []string{"smuggling"}, "segments"},
	} {
		_, err := ledger.NewEnterprise(tt.uscc, tt.name, tt.province, tt.segs, nil, "", "", false)
		var ce *core.Error
		if err == nil || !asCore(err, &ce) || ce.Field != tt.field {
			t.Errorf("%+v: error %v, want field %s", tt, err, tt.field)
		}
	}
}

func asCore(err error, target **core.Error) bool {
	e, ok := err.(*core.Error)
	if ok {
		*target = e
	}
	return ok
}
