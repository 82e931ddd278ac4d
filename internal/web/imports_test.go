package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/bundle/hostile"
	"orewatch/internal/ingest"
	"orewatch/internal/web"
)

// upload posts a file to the import page and returns the status, the
// redirect and the body.
func (b *browser) upload(name string, data []byte) (int, string, string) {
	b.t.Helper()
	tok := b.csrf("/import")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", tok)
	fw, _ := mw.CreateFormFile("bundle", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.srv.URL+"/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	return res.StatusCode, res.Header.Get("Location"), out.String()
}

// TestHostileUploads: what killed the server — a 312-byte zip whose entry
// claims 1 TiB, a zip bomb — is refused with 413 and a message naming the
// entry and the limit; a line only reading finds ends its job with 413;
// an upload over the size limit is refused; the server goes on serving
// and no upload is left on disk.
func TestHostileUploads(t *testing.T) {
	uploads := filepath.Join(t.TempDir(), "uploads")
	stale := filepath.Join(uploads, "orewatch-upload-123")
	os.MkdirAll(stale, 0o700)
	os.WriteFile(filepath.Join(stale, "bundle.zip"), []byte("left by a server that died"), 0o600)
	lim := bundle.DefaultLimits()
	lim.TotalBytes = 8 << 20
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) { d.UploadDir, d.Limits = uploads, lim })
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a stale upload survived the start: %v", err)
	}
	b := s.browser(t).signIn("analyst")
	lying, err := hostile.LyingZip("epcis/e.json", []byte(`{}`), 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	if len(lying) > 400 {
		t.Errorf("the lying zip is %d bytes, not a small one", len(lying))
	}
	bomb, err := hostile.Bomb(64 << 20)
	if err != nil {
		t.Fatal(err)
	}
	long, err := hostile.Zip([]string{"bundle.json", "declarations.csv"}, map[string][]byte{
		"bundle.json": []byte(hostile.Meta), "declarations.csv": hostile.LongLine(3 << 20)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"lying.zip", lying, []string{"epcis/e.json", "import-max-entry-bytes"}},
		{"bomb.zip", bomb, []string{"declarations.csv", "import-max-ratio"}},
		{"huge.zip", bytes.Repeat([]byte{0}, 12<<20), []string{"upload is larger"}},
	} {
		code, _, body := b.upload(tc.name, tc.data)
		if code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d, want 413", tc.name, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page does not say %q", tc.name, w)
			}
		}
	}
	// Only reading shows a line too long: the job ends with the error.
	code, job, _ := b.upload("long.zip", long)
	if code != http.StatusSeeOther {
		t.Fatalf("long.zip: %d", code)
	}
	var body string
	for range 200 {
		if code, body = b.get(job); code != http.StatusOK {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "import-max-line-bytes") || !strings.Contains(body, "line 2") {
		t.Errorf("long line: %d %.400s", code, body)
	}
	if code, _ := b.get("/dashboard"); code != http.StatusOK {
		t.Errorf("the server stopped serving: %d", code)
	}
	for range 100 { // the job's folder goes when its goroutine ends
		if left, _ := os.ReadDir(uploads); len(left) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	left, _ := os.ReadDir(uploads)
	t.Errorf("uploads left on disk: %v", left)
}

// TestUploadsAnalysedOneAtATime: a second upload waits, saying so, while
// the first is analysed, so that memory holds one bundle's analysis.
func TestUploadsAnalysedOneAtATime(t *testing.T) {
	release := make(chan struct{})
	var running atomic.Int32
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) {
		inner := d.Analyze
		d.Analyze = func(ctx context.Context, who audit.Actor, path string, progress ingest.Progress) (*analysis.Result, error) {
			if running.Add(1) > 1 {
				t.Error("two analyses at once")
			}
			defer running.Add(-1)
			<-release
			return inner(ctx, who, path, progress)
		}
	})
	b := s.browser(t).signIn("analyst")
	zb := zipDir(t, screening)
	_, first, _ := b.upload("a.zip", zb)
	_, second, _ := b.upload("b.zip", zb)
	queued := false
	for range 100 {
		if _, body := b.get(second); strings.Contains(body, `id="import-queued"`) {
			queued = true
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !queued {
		t.Error("the second upload does not say it is queued")
	}
	close(release)
	for _, job := range []string{first, second} {
		done := false
		for range 400 {
			if _, body := b.get(job); strings.Contains(body, `id="import-summary"`) {
				done = true
				break
			}
			time.Sleep(25 * time.Millisecond)
		}
		if !done {
			t.Errorf("%s never finished", job)
		}
	}
}

// TestUploadOfBundleJSONAlone: a zip holding only bundle.json is a bundle
// with nothing in it (every file but bundle.json is optional): its job
// ends with an empty result, not "internal error"; a zip without
// bundle.json is refused, naming it.
func TestUploadOfBundleJSONAlone(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	only, err := hostile.Zip([]string{"bundle.json"}, map[string][]byte{"bundle.json": []byte(hostile.Meta)})
	if err != nil {
		t.Fatal(err)
	}
	none, err := hostile.Zip([]string{"notes.txt"}, map[string][]byte{"notes.txt": []byte("hello")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		ok   bool
		want string
	}{
		{"only-meta.zip", only, true, "0"},
		{"no-meta.zip", none, false, "bundle.json"},
	} {
		code, job, body := b.upload(tc.name, tc.data)
		if code == http.StatusSeeOther {
			for range 400 {
				if code, body = b.get(job); code != http.StatusOK || !strings.Contains(body, "http-equiv=\"refresh\"") {
					break
				}
				time.Sleep(25 * time.Millisecond)
			}
		}
		if strings.Contains(body, "internal error") || strings.Contains(body, "内部错误") || code >= 500 {
			i := max(0, strings.Index(body, "<main"))
			t.Errorf("%s: %d %.900s", tc.name, code, body[i:])
			continue
		}
		if tc.ok != (code == http.StatusOK) || !strings.Contains(body, tc.want) {
			i := max(0, strings.Index(body, "<main"))
			t.Errorf("%s: %d, want ok=%v and %q in %.900s", tc.name, code, tc.ok, tc.want, body[i:])
		}
	}
}

// TestUploadJobOnAnotherServer: an upload's job page answers on a second
// server of the same store, as behind a load balancer, while it runs and
// when it is done, and only to its owner.
func TestUploadJobOnAnotherServer(t *testing.T) {
	var deps web.Deps
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) { deps = *d })
	h2, err := web.NewHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	other := &site{srv: httptest.NewServer(h2), store: s.store}
	t.Cleanup(other.srv.Close)

	b := s.browser(t).signIn("analyst")
	code, job, _ := b.upload("a.zip", zipDir(t, screening))
	if code != http.StatusSeeOther {
		t.Fatalf("upload: %d", code)
	}
	// The same session on the other server (sessions are in the store too).
	b2 := &browser{t: t, c: b.c, s: other}
	done := false
	for range 400 {
		code, body := b2.get(job)
		if code != http.StatusOK {
			t.Fatalf("the job's page on the other server: %d", code)
		}
		if strings.Contains(body, `id="import-summary"`) {
			done = true
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if !done {
		t.Fatal("the job never showed finished on the other server")
	}
	if code, _ := other.browser(t).signIn("hunan").get(job); code != http.StatusNotFound {
		t.Errorf("another officer reads the job on the other server: %d, want 404", code)
	}
}
