package storetest

import (
	"bytes"
	"io"
	"strings"
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

// testUploadFiles: a job's files stored in chunks and read back the same,
// empty and exact-multiple sizes included, replaced whole, found by the
// job's result, and pruned with the job.
func testUploadFiles(t *testing.T, s core.Store) {
	c := ctx(t)
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	j := &core.UploadJob{ID: "job-files", Owner: "u1", Name: "b.zip", State: core.UploadQueued, Started: t0, Updated: t0}
	if err := s.UploadJobs().Save(c, j); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 2<<20+12345)
	for i := range big {
		big[i] = byte(i * 7)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"one chunk exactly", big[:1<<20]},
		{"bundle.zip", big},
		{"result/declarations.jsonl", []byte(`{"declaration_no":"1"}` + "\n")},
	} {
		n, err := s.UploadJobs().PutFile(c, j.ID, tc.name, bytes.NewReader(tc.data))
		if err != nil || n != int64(len(tc.data)) {
			t.Fatalf("PutFile %s: %d bytes, %v", tc.name, n, err)
		}
		f, err := s.UploadJobs().OpenFile(c, j.ID, tc.name)
		if err != nil {
			t.Fatalf("OpenFile %s: %v", tc.name, err)
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || !bytes.Equal(got, tc.data) {
			t.Fatalf("%s read back: %d bytes of %d, %v", tc.name, len(got), len(tc.data), err)
		}
	}
	if _, err := s.UploadJobs().PutFile(c, j.ID, "bundle.zip", strings.NewReader("smaller")); err != nil {
		t.Fatal(err)
	}
	f, err := s.UploadJobs().OpenFile(c, j.ID, "bundle.zip")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(f); string(got) != "smaller" {
		t.Fatalf("replaced file reads %d bytes", len(got))
	}
	if err := s.UploadJobs().DeleteFile(c, j.ID, "bundle.zip"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UploadJobs().OpenFile(c, j.ID, "bundle.zip"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("deleted file: %v", err)
	}
	j.ResultID = "0123456789abcdef0123"
	if err := s.UploadJobs().Save(c, j); err != nil {
		t.Fatal(err)
	}
	if got, err := s.UploadJobs().ByResult(c, j.ResultID); err != nil || got.ID != j.ID {
		t.Fatalf("ByResult: %+v, %v", got, err)
	}
	if _, err := s.UploadJobs().ByResult(c, "ffffffffffffffff"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("ByResult of no job: %v", err)
	}
	j.State = core.UploadWaiting
	if err := s.UploadJobs().Save(c, j); err != nil {
		t.Fatal(err)
	}
	if ids, err := s.UploadJobs().Waiting(c, t0.Add(time.Second), 10); err != nil || len(ids) != 1 || ids[0] != j.ID {
		t.Fatalf("Waiting: %v, %v", ids, err)
	}
	if ids, err := s.UploadJobs().Waiting(c, t0, 10); err != nil || len(ids) != 0 {
		t.Fatalf("Waiting before the job was stored: %v, %v", ids, err)
	}
	if err := s.UploadJobs().Prune(c, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UploadJobs().OpenFile(c, j.ID, "result/declarations.jsonl"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("a pruned job's file: %v", err)
	}
}
