package audit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
	"orewatch/internal/store/storetest"
)

func fill(t *testing.T, s core.Store, n int) {
	ctx := context.Background()
	for i := 1; i <= n; i++ {
		err := s.WithTx(ctx, func(r core.Repos) error {
			return audit.Record(ctx, r, audit.Actor{Name: "wang", Agency: "GAC"}, "ledger.set-status", fmt.Sprintf("9143…%d", i),
				map[string]string{"status": "active"}, map[string]string{"status": "suspended"}, "案件处置")
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerify(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tamper string // SQL run after five rows are written
		seq    int64
		reason string
	}{
		{"intact", "", 0, ""},
		{"edited", "UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3", 3, "edited"},
		{"deleted", "DELETE FROM audit_log WHERE seq = 2", 2, "deleted"},
		{"reordered", "UPDATE audit_log SET seq = seq + 100 WHERE seq IN (2, 3); UPDATE audit_log SET seq = 3 WHERE seq = 102; UPDATE audit_log SET seq = 2 WHERE seq = 103", 2, "does not follow"},
		{"newest deleted", "DELETE FROM audit_log WHERE seq = 5", 5, "newest rows deleted"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			storetest.EachStore(t, func(t *testing.T, s core.Store) {
				fill(t, s, 5)
				for _, stmt := range strings.Split(tt.tamper, ";") {
					if strings.TrimSpace(stmt) == "" {
						continue
					}
					if _, err := s.(*sqlstore.DB).SQL().Exec(stmt); err != nil {
						t.Fatal(err)
					}
				}
				p, n, err := audit.Verify(context.Background(), s)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case tt.tamper == "" && (p != nil || n != 5):
					t.Fatalf("intact trail: %+v, %d rows", p, n)
				case tt.tamper != "" && (p == nil || p.Seq != tt.seq || !strings.Contains(p.Reason, tt.reason)):
					t.Fatalf("got %+v, want row %d %q", p, tt.seq, tt.reason)
				}
			})
		})
	}
}

func TestRecordIsPartOfTheTransaction(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		_ = s.WithTx(ctx, func(r core.Repos) error {
			if err := audit.Record(ctx, r, audit.Actor{Name: "x"}, "test", "o", nil, nil, ""); err != nil {
				return err
			}
			return fmt.Errorf("the change failed")
		})
		es, _ := s.Audit().List(ctx, core.Date{}.Time(), core.Date{}.Time())
		if len(es) != 0 {
			t.Fatalf("%d audit rows survive a rolled-back change", len(es))
		}
		if p, _, _ := audit.Verify(ctx, s); p != nil {
			t.Fatalf("empty trail: %+v", p)
		}
	})
}
