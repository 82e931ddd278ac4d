package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

// testUploadJobs: a job saved, replaced as it runs, read back whole, and
// pruned by age.
func testUploadJobs(t *testing.T, s core.Store) {
	c := ctx(t)
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	j := &core.UploadJob{ID: "job-1", Owner: "u1", Name: "湖南 2025.zip", State: core.UploadQueued, Started: t0, Updated: t0}
	if err := s.UploadJobs().Save(c, j); err != nil {
		t.Fatal(err)
	}
	j.State, j.Updated, j.Progress = core.UploadRunning, t0.Add(time.Second), []byte(`[{"table":"declarations","done":10,"total":20}]`)
	if err := s.UploadJobs().Save(c, j); err != nil {
		t.Fatal(err)
	}
	j.State, j.Finished, j.Summary, j.Rejects, j.ResultID = core.UploadDone, t0.Add(3*time.Second), []byte(`{"declarations":20}`), 2, "abc123"
	j.Updated = j.Finished
	if err := s.UploadJobs().Save(c, j); err != nil {
		t.Fatal(err)
	}
	got, err := s.UploadJobs().Get(c, "job-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != core.UploadDone || got.Name != "湖南 2025.zip" || string(got.Progress) != string(j.Progress) || string(got.Summary) != `{"declarations":20}` ||
		got.Rejects != 2 || got.ResultID != "abc123" || !got.Finished.Equal(j.Finished) || !got.Started.Equal(t0) {
		t.Fatalf("Get = %+v", got)
	}
	if err := s.UploadJobs().Prune(c, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UploadJobs().Get(c, "job-1"); err == nil {
		t.Fatal("a pruned job is still there")
	} else {
		mustCode(t, err, core.ENOTFOUND)
	}
}
