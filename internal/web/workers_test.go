package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"orewatch/internal/bus"
	"orewatch/internal/core"
	"orewatch/internal/uploads"
	"orewatch/internal/web"
)

// NATSEnv names the NATS (with JetStream) the tests that need one use;
// .ci/run sets it to the machine's.
const NATSEnv = "OREWATCH_TEST_NATS_URL"

// TestUploadThroughWorkers: with workers (NATS JetStream), an upload on one
// server is stored and published, not analysed there; a worker takes it
// from the queue, analyses it from the store and stores the results; the
// job's page on another server shows it finished, and its results are
// read there from the store — by the officer who uploaded it, not by
// another. The bundle does not stay in the store.
func TestUploadThroughWorkers(t *testing.T) {
	url := os.Getenv(NATSEnv)
	if url == "" {
		t.Skipf("upload through workers skipped: set %s (nats://127.0.0.1:4222), as .ci/run does", NATSEnv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := bus.Connect(ctx, url, bus.Options{Prefix: fmt.Sprintf("TWEB%d", time.Now().UnixNano()), Queues: []string{uploads.Queue}, AckWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var deps web.Deps
	var analysed atomic.Int32
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) {
		deps = *d
		d.Workers, d.ResultsDir = b, ""
		analyse := d.Analyze
		d.Analyze = nil // this server must not analyse what it takes
		deps.Analyze = analyse
	})
	worked := make(chan error, 1)
	go func() {
		worked <- b.Work(ctx, uploads.Queue, 1, func(ctx context.Context, id string) error {
			analysed.Add(1)
			return uploads.RunQueued(ctx, s.store, id, t.TempDir(), deps.Analyze, time.Now)
		})
	}()
	deps.ResultsDir = t.TempDir() // the other server's own, empty: results come from the store
	h2, err := web.NewHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	other := &site{srv: httptest.NewServer(h2), store: s.store}
	t.Cleanup(other.srv.Close)

	br := s.browser(t).signIn("analyst")
	code, job, _ := br.upload("湖南 2025.zip", zipDir(t, screening))
	if code != 303 || !strings.HasPrefix(job, "/import/jobs/") {
		t.Fatalf("upload: %d %q", code, job)
	}
	b2 := &browser{t: t, c: br.c, s: other}
	var body string
	for range 600 {
		_, body = b2.get(job)
		if strings.Contains(body, `id="import-summary"`) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(body, `id="import-summary"`) {
		t.Fatalf("the job never finished on the other server:\n%s", body)
	}
	if n := analysed.Load(); n != 1 {
		t.Errorf("the worker analysed %d times", n)
	}
	link := regexp.MustCompile(`/import/results/[0-9a-f]+/declarations\.jsonl`).FindString(body)
	if link == "" {
		t.Fatalf("no result link on the finished page")
	}
	code, got := b2.get(link)
	if code != 200 || !strings.Contains(got, `"declaration_no"`) {
		t.Fatalf("results from the store: %d, %.200s", code, got)
	}
	if code, _ := other.browser(t).signIn("hunan").get(link); code != 404 {
		t.Errorf("another officer reads the results: %d, want 404", code)
	}
	id := strings.TrimPrefix(job, "/import/jobs/")
	if _, err := s.store.UploadJobs().OpenFile(ctx, id, uploads.BundleFile("x.zip")); core.ErrorCode(err) != core.ENOTFOUND {
		t.Errorf("the bundle stays in the store: %v", err)
	}
	// A delivery repeated finds the job finished and changes nothing.
	if err := uploads.RunQueued(ctx, s.store, id, t.TempDir(), deps.Analyze, time.Now); err != nil {
		t.Errorf("the job done again: %v", err)
	}
	cancel()
	<-worked
}
