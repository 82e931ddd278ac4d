package audit_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
	"orewatch/internal/store/storetest"
)

// recompute rewrites every row's chain from the first with hash, as
// someone with write access to the database would after editing it, and
// moves the head to match.
func recompute(t *testing.T, s core.Store, hash func(*core.AuditEntry) string) {
	t.Helper()
	ctx := context.Background()
	es, err := s.Audit().List(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	db := s.(*sqlstore.DB).SQL()
	prev := ""
	for _, e := range es {
		e.Detail = "rewritten"
		e.Prev = prev
		e.Hash = hash(e)
		if _, err := db.Exec(fmt.Sprintf(`UPDATE audit_log SET detail = 'rewritten', prev_hash = '%s', hash = '%s' WHERE seq = %d`, e.Prev, e.Hash, e.Seq)); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	if _, err := db.Exec(fmt.Sprintf(`UPDATE audit_head SET hash = '%s' WHERE id = 1`, prev)); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyKeyed: with the key kept outside the database and checkpoints
// kept elsewhere, each way of rewriting the trail quietly is named.
func TestVerifyKeyed(t *testing.T) {
	other := make([]byte, 32)
	rand.Read(other)
	for _, tt := range []struct {
		name   string
		tamper func(t *testing.T, s core.Store, k *core.AuditKey)
		forge  bool // tamper with the checkpoint instead
		seq    int64
		reason string
	}{
		{"intact", nil, false, 0, ""},
		{"edited", func(t *testing.T, s core.Store, _ *core.AuditKey) {
			s.(*sqlstore.DB).SQL().Exec(`UPDATE audit_log SET actor = 'li' WHERE seq = 3`)
		}, false, 3, "does not match its keyed hash"},
		{"recomputed without the key", func(t *testing.T, s core.Store, _ *core.AuditKey) {
			recompute(t, s, core.AuditHash)
		}, false, 1, "hashed without the key"},
		{"recomputed with another key", func(t *testing.T, s core.Store, _ *core.AuditKey) {
			recompute(t, s, func(e *core.AuditEntry) string { return core.AuditMAC(e, other) })
		}, false, 1, "does not match its keyed hash"},
		{"newest cut and head moved back", func(t *testing.T, s core.Store, _ *core.AuditKey) {
			db := s.(*sqlstore.DB).SQL()
			db.Exec(`DELETE FROM audit_log WHERE seq >= 5`)
			db.Exec(`UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1`)
		}, false, 5, "head moved back"},
		{"forged checkpoint", nil, true, 9, "not signed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			storetest.EachStore(t, func(t *testing.T, s core.Store) {
				ctx := context.Background()
				k, err := audit.LoadOrCreateKey(ctx, filepath.Join(t.TempDir(), "audit.key"), s, time.Now())
				if err != nil || k.Since != 1 {
					t.Fatalf("key %+v %v", k, err)
				}
				s.(*sqlstore.DB).SetAuditKey(k)
				fill(t, s, 5)
				cp, err := audit.NewCheckpoint(ctx, s, k, time.Now())
				if err != nil || cp.Seq != 5 || !cp.Valid(k) {
					t.Fatalf("checkpoint %+v %v", cp, err)
				}
				fill(t, s, 2)
				if tt.tamper != nil {
					tt.tamper(t, s, k)
				}
				if tt.forge {
					cp.Seq = 9
				}
				p, _, err := audit.VerifyKeyed(ctx, s, k, []audit.Checkpoint{cp})
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case tt.reason == "" && p != nil:
					t.Fatalf("intact trail: %+v", p)
				case tt.reason != "" && (p == nil || p.Seq != tt.seq || !strings.Contains(p.Reason, tt.reason)):
					t.Fatalf("got %+v, want row %d %q", p, tt.seq, tt.reason)
				}
			})
		})
	}
}

// TestKeyAfterPlainRows: a trail keyed late keeps its earlier plain rows
// verifiable, and a key made twice for one path is the same key.
func TestKeyAfterPlainRows(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		fill(t, s, 3)
		path := filepath.Join(t.TempDir(), "audit.key")
		k, err := audit.LoadOrCreateKey(ctx, path, s, time.Now())
		if err != nil || k.Since != 4 {
			t.Fatalf("key %+v %v", k, err)
		}
		again, err := audit.LoadOrCreateKey(ctx, path, s, time.Now())
		if err != nil || string(again.MAC) != string(k.MAC) || again.Since != 4 {
			t.Fatalf("second load %+v %v", again, err)
		}
		s.(*sqlstore.DB).SetAuditKey(k)
		fill(t, s, 3)
		if p, n, err := audit.VerifyKeyed(ctx, s, k, nil); err != nil || p != nil || n != 6 {
			t.Fatalf("%+v %d %v", p, n, err)
		}
		if p, _, _ := audit.Verify(ctx, s); p == nil || p.Seq != 4 {
			t.Fatalf("without the key the keyed rows cannot verify: %+v", p)
		}
	})
}
