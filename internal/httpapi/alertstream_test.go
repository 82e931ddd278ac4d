package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/httpapi"
)

// sseEvent is one server-sent event.
type sseEvent struct {
	id, event string
	alert     core.Alert
}

// readEvents reads events from a stream until n alerts came or the
// deadline passed.
func readEvents(t *testing.T, body *bufio.Reader, n int, deadline time.Duration) []sseEvent {
	t.Helper()
	got := make(chan []sseEvent, 1)
	go func() {
		var out []sseEvent
		var cur sseEvent
		for len(out) < n {
			line, err := body.ReadString('\n')
			if err != nil {
				break
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "id: "):
				cur.id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				cur.event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &cur.alert)
			case line == "" && cur.event != "":
				out = append(out, cur)
				cur = sseEvent{}
			}
		}
		got <- out
	}()
	select {
	case out := <-got:
		return out
	case <-time.After(deadline):
		return nil
	}
}

// TestAlertStream: alerts raised after a client connects reach it as
// server-sent events, only those of its province reach a scoped officer,
// and a client that reconnects with Last-Event-ID gets what it missed and
// not what it had.
func TestAlertStream(t *testing.T) {
	d := deps(t)
	d.Now = time.Now // the stream's cursor follows the clock
	srv := httptest.NewServer(httpapi.NewHandler(d))
	defer srv.Close()
	ctx := context.Background()
	raise := func(id, province string, score int) {
		t.Helper()
		if _, err := d.Data.Alerts().Raise(ctx, &core.Alert{ID: id, SubjectType: "declaration", SubjectID: id, Code: "CONTROL_UNDECLARED",
			Score: score, Summary: "s", SummaryZh: "s", Evidence: "{}", Province: province}); err != nil {
			t.Fatal(err)
		}
	}
	open := func(tok, query, lastID string) (*http.Response, *bufio.Reader) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/alerts:stream"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		return res, bufio.NewReader(res.Body)
	}
	raise("BEFORE", "430000", 90) // raised before the queue was read: not streamed
	time.Sleep(10 * time.Millisecond)
	loaded := time.Now().UTC().Format(time.RFC3339Nano)
	all, allBody := open(adminToken, "?min_score=50&since="+loaded, "")
	defer all.Body.Close()
	hn := &core.User{ID: "hn-stream", Name: "hunan.stream", Agency: "GAC", Province: "430000", Role: core.RoleAnalyst, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, hn); err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "hn-stream-t", UserID: hn.ID, Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	scoped, scopedBody := open(secret, "?since="+loaded, "")
	defer scoped.Body.Close()
	raise("HN-1", "430000", 90)
	raise("GX-1", "450000", 95)
	raise("LOW", "430000", 20)
	evs := readEvents(t, allBody, 2, 20*time.Second)
	if len(evs) != 2 || evs[0].alert.ID != "HN-1" || evs[1].alert.ID != "GX-1" || evs[0].event != "alert" || evs[0].id == "" {
		t.Fatalf("the administrator's stream (min_score 50) got %+v; want HN-1 then GX-1", evs)
	}
	sev := readEvents(t, scopedBody, 2, 20*time.Second)
	if len(sev) != 2 || sev[0].alert.ID != "HN-1" || sev[1].alert.ID != "LOW" {
		t.Fatalf("the Hunan officer's stream got %+v; want HN-1 and LOW, not Guangxi's", sev)
	}
	// Reconnecting after HN-1: GX-1 again (it came after), then what is new.
	all.Body.Close()
	again, againBody := open(adminToken, "?min_score=50", evs[0].id)
	defer again.Body.Close()
	raise("HN-2", "430000", 80)
	evs = readEvents(t, againBody, 2, 20*time.Second)
	if len(evs) != 2 || evs[0].alert.ID != "GX-1" || evs[1].alert.ID != "HN-2" {
		t.Fatalf("after reconnecting: %+v; want GX-1 then HN-2", evs)
	}
	if res, err := http.Get(srv.URL + "/api/v1/alerts:stream"); err != nil || res.StatusCode != 401 {
		t.Errorf("an anonymous stream: %v %v, want 401", res.StatusCode, err)
	}
}
