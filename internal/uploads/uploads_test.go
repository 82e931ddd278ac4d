package uploads_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/uploads"
)

// TestRunQueuedFailures: a job whose owner is gone, or whose bundle is no
// longer stored, finishes failed with the reason, and is not tried again;
// a job already finished is not run again.
func TestRunQueuedFailures(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Users().Create(ctx, &core.User{ID: "u-a", Name: "a", Agency: "GAC", Role: core.RoleAnalyst, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.zip")
	if err := os.WriteFile(path, []byte("PK not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	ran := 0
	analyze := func(context.Context, audit.Actor, string, ingest.Progress) (*analysis.Result, error) {
		ran++
		return nil, core.Errorf(core.EINVALID, "not a bundle")
	}
	for _, tc := range []struct {
		name, owner string
		drop        bool
		want        string
	}{
		{"owner gone", "u-gone", false, "no longer a user"},
		{"bundle gone", "u-a", true, "no longer in the store"},
		{"analysis fails", "u-a", false, "not a bundle"},
	} {
		j, err := uploads.Enqueue(ctx, db, tc.owner, "b.zip", path, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		if tc.drop {
			if err := db.UploadJobs().DeleteFile(ctx, j.ID(), uploads.BundleFile("b.zip")); err != nil {
				t.Fatal(err)
			}
		}
		if err := uploads.RunQueued(ctx, db, j.ID(), t.TempDir(), analyze, time.Now); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		row, err := db.UploadJobs().Get(ctx, j.ID())
		if err != nil {
			t.Fatal(err)
		}
		if row.State != core.UploadFailed || row.Finished.IsZero() || !strings.Contains(row.Error, tc.want) {
			t.Errorf("%s: %s %q", tc.name, row.State, row.Error)
		}
		before := ran
		if err := uploads.RunQueued(ctx, db, j.ID(), t.TempDir(), analyze, time.Now); err != nil || ran != before {
			t.Errorf("%s: a finished job ran again (%v)", tc.name, err)
		}
	}
	if ran != 1 {
		t.Errorf("analysed %d times, want once", ran)
	}
}
