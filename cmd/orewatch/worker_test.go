package main

import (
	"bufio"
	"bytes"
	"errors"

	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"orewatch/internal/bench"
	"orewatch/internal/store/storetest"
)

// TestWorkersSurviveKill runs the scale-out mode as processes: two
// servers and three workers on one PostgreSQL schema and a NATS server of
// the test's own. EPCIS documents go through both servers while workers
// are killed with SIGKILL and restarted, one server is killed once, and
// NATS is stopped and started again. Then every acknowledged capture is
// stored exactly once: events, audit rows and jobs counted exactly, and
// the audit chain verifies.
func TestWorkersSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skipf("worker fault test skipped: set %s, as for the other PostgreSQL tests", storetest.PostgresEnv)
	}
	// A PostgreSQL of the test's own, so that it can be restarted mid-run;
	// where none can be made, the shared one without the restart.
	pg := startPostgres(t)
	dsn := pg.url
	if dsn == "" {
		dsn = storetest.PostgresSchemaURL(t)
	}
	natsBin, err := exec.LookPath("nats-server")
	if err != nil {
		for _, p := range []string{"/usr/sbin/nats-server", "/usr/local/bin/nats-server"} {
			if _, err := os.Stat(p); err == nil {
				natsBin = p
			}
		}
	}
	if natsBin == "" {
		t.Skip("worker fault test skipped: no nats-server binary to run (apt-get install nats-server)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "orewatch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	nats := startNATS(t, natsBin, filepath.Join(dir, "nats"))
	env := append(os.Environ(), "OREWATCH_DATABASE_URL="+dsn, "OREWATCH_NATS_URL="+nats.url,
		"OREWATCH_NATS_STREAM_PREFIX=T"+strings.ToUpper(filepath.Base(dir)), "OREWATCH_DATA_DIR="+filepath.Join(dir, "data"),
		"OREWATCH_DEMO=false", "OREWATCH_LOG_LEVEL=warn", "OREWATCH_METRICS_ADDR=127.0.0.1:0")
	cli := func(stdin string, args ...string) string {
		t.Helper()
		c := exec.Command(bin, args...)
		c.Env, c.Stdin = env, strings.NewReader(stdin)
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("orewatch %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cli("", "migrate")
	cli("a long passphrase for the test\n", "user", "add", "sensor", "--role", "admin", "--agency", "GAC", "--password-stdin")
	lines := strings.Split(strings.TrimSpace(cli("", "token", "create", "--user", "sensor")), "\n")
	token := strings.TrimSpace(lines[len(lines)-1])

	servers := []*proc{startServer(t, bin, env), startServer(t, bin, env)}
	workers := make([]*proc, 3)
	for i := range workers {
		workers[i] = startProc(t, bin, env, "worker", "--ack-wait", "2s", "--sweep", "1s", "--concurrency", "2")
	}

	// The exporter in the ledger and four licences, each for less than
	// what will be lodged on it: the drawdown must stop at the quantity.
	send(t, servers, token, "/api/v1/enterprises", `{"uscc": "91431300MA4LTB0012", "name": "湖南示例锑业有限公司", "province": "430000",
		"segments": "冶炼|出口", "minerals": "锑", "registered_on": "2024-01-01"}`)
	for l := range licences {
		send(t, servers, token, "/api/v1/licences", fmt.Sprintf(`{"licence_no": "LIC-FAULT-%d", "exporter_uscc": "91431300MA4LTB0012",
			"uses": "非一批一证", "valid_from": "2025-01-01", "valid_to": "2025-12-31", "hs_code": "8110101000", "goods_name": "锑锭",
			"quantity": %d, "unit": "kg", "destination": "NL", "consignee_name": "Rotterdam Metals B.V."}`, l, licenceKg))
	}

	docs, perDoc, lodgings := faultScale()
	start := time.Now()
	ids := make([]string, docs)
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	for range 4 {
		wg.Go(func() {
			for i := range next {
				id := postCapture(t, servers, token, bench.EPCISDocument(perDoc, i*perDoc))
				mu.Lock()
				ids[i] = id
				mu.Unlock()
			}
		})
	}
	// Lodgings go through both servers alongside the captures, retried on
	// the other server when one does not answer: the same body is the same
	// declaration, answered again, never stored twice.
	var lwg sync.WaitGroup
	accepted := make([]float64, licences) // kg the answers say were drawn, per licence
	var amu sync.Mutex
	nextLodging := make(chan int)
	for range 4 {
		lwg.Go(func() {
			for i := range nextLodging {
				body := fmt.Sprintf(`{"declaration_no": "5301202599%08d", "declared_at": "2025-06-01", "exporter_uscc": "91431300MA4LTB0012",
					"transport_mode": "2", "destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY",
					"licence_no": "LIC-FAULT-%d", "items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": %d,
					"unit": "kg", "net_weight_kg": %d, "gross_weight_kg": %d, "total_value": %d,
					"remarks": "是否属于管制物项：是；两用物项出口管制编码：1C992"}]}`, i, i%licences, lodgingKg, lodgingKg, lodgingKg+1, lodgingKg*240)
				var answer struct {
					Drawdown []struct {
						LicenceNo string  `json:"licence_no"`
						Kg        float64 `json:"kg"`
						Accepted  bool    `json:"accepted"`
					} `json:"drawdown"`
				}
				if err := json.Unmarshal(send(t, servers, token, "/api/v1/declarations", body), &answer); err != nil {
					t.Errorf("lodging %d: %v", i, err)
					continue
				}
				for _, d := range answer.Drawdown {
					if d.Accepted {
						amu.Lock()
						accepted[i%licences] += d.Kg
						amu.Unlock()
					}
				}
			}
		})
	}
	go func() {
		for i := range lodgings {
			nextLodging <- i
		}
		close(nextLodging)
	}()
	for i := range docs {
		switch i {
		case docs * 30 / 200, docs * 90 / 200, docs * 150 / 200: // a worker killed outright, then started again
			workers[0].kill(t)
			workers[0] = startProc(t, bin, env, "worker", "--ack-wait", "2s", "--sweep", "1s", "--concurrency", "2")
		case docs * 60 / 200: // one server killed; its clients go to the other
			servers[1].kill(t)
		case docs * 170 / 200: // PostgreSQL restarted: clients get 503 with Retry-After and try again
			pg.restart(t)
		case docs * 120 / 200: // NATS stopped and started again on its store; meanwhile the server is not ready
			nats.p.stop(t)
			waitReady(t, servers[0].addr, http.StatusServiceUnavailable)
			nats.start(t)
			waitReady(t, servers[0].addr, http.StatusOK)
		}
		next <- i
	}
	close(next)
	wg.Wait()
	lwg.Wait()
	// The same document sent again is the same job.
	if again := postCapture(t, servers, token, bench.EPCISDocument(perDoc, 0)); again != ids[0] {
		t.Fatalf("a document sent again became job %s, want %s", again, ids[0])
	}

	deadline := time.Now().Add(90 * time.Second)
	for _, id := range ids {
		for {
			st := captureState(t, servers[0].addr, token, id)
			if st == "done" {
				break
			}
			if st != "queued" || time.Now().After(deadline) {
				t.Fatalf("capture job %s is %q", id, st)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	t.Logf("%d lodgings and %d documents of %d events accepted and stored in %v; %d answers were 503 (tried again)",
		lodgings, docs, perDoc, time.Since(start).Round(time.Millisecond), unavailable.Load())
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) int {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM epcis_events`); n != docs*perDoc {
		t.Errorf("%d events stored, want %d", n, docs*perDoc)
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE action = 'events.capture'`); n != docs {
		t.Errorf("%d capture audit rows, want one per document (%d)", n, docs)
	}
	if n := count(`SELECT count(*) FROM capture_jobs WHERE state = 'done'`); n != docs {
		t.Errorf("%d capture jobs done, want %d", n, docs)
	}
	if n := count(`SELECT count(*) FROM lodgements`); n != lodgings {
		t.Errorf("%d declarations lodged, want %d", n, lodgings)
	}
	if n := count(`SELECT count(*) FROM lodgements WHERE version <> 1`); n != 0 {
		t.Errorf("%d lodgings stored as amendments of themselves", n)
	}
	if n := count(`SELECT count(*) FROM (SELECT subject_type, subject_id, code FROM alerts GROUP BY 1, 2, 3 HAVING count(*) > 1) d`); n != 0 {
		t.Errorf("%d alerts raised twice", n)
	}
	for l := range licences {
		grams := count(fmt.Sprintf(`SELECT coalesce(sum(grams), 0) FROM licence_drawdowns WHERE licence_no = 'LIC-FAULT-%d'`, l))
		want := min(licenceKg/lodgingKg, lodgings/licences) * lodgingKg
		if grams != want*1000 || accepted[l] != float64(want) {
			t.Errorf("LIC-FAULT-%d: %d g drawn in the store, %.0f kg in the answers, want %d kg", l, grams, accepted[l], want)
		}
	}
	for _, w := range workers {
		w.stop(t)
	}
	servers[0].stop(t)
	if out := cli("", "audit", "verify"); !strings.Contains(strings.ToLower(out), "intact") && !strings.Contains(out, "完整") {
		t.Errorf("audit verify: %s", out)
	}
}

// The licences of the fault test and what is lodged on each: more than
// the quantity, so that the drawdown must stop there.
const (
	licences  = 4
	licenceKg = 2000
	lodgingKg = 5
)

// postCapture sends a document and returns its capture job's id.
func postCapture(t *testing.T, servers []*proc, token string, doc []byte) string {
	var j struct{ CaptureID string }
	if err := json.Unmarshal(send(t, servers, token, "/api/v1/epcis/capture", string(doc)), &j); err != nil || j.CaptureID == "" {
		t.Errorf("capture answer: %v", err)
	}
	return j.CaptureID
}

// unavailable counts the 503 answers the fault test's clients got (the
// store restarting) and tried again.
var unavailable atomic.Int64

// send POSTs body to the first server that answers, as a load balancer
// would, retrying on another while none does (a server killed, the store
// restarting), and returns the answer of a 2xx.
func send(t *testing.T, servers []*proc, token, path, body string) []byte {
	deadline := time.Now().Add(60 * time.Second)
	for attempt := 0; ; attempt++ {
		s := servers[attempt%len(servers)]
		req, _ := http.NewRequest("POST", "http://"+s.addr+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return answer
			}
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("POST %s: %d %s", path, resp.StatusCode, answer)
				return nil
			}
			unavailable.Add(1)
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("POST %s: 503 without Retry-After: %s", path, answer)
			}
		}
		if time.Now().After(deadline) {
			t.Errorf("POST %s: no server answered: %v", path, err)
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func captureState(t *testing.T, addr, token, id string) string {
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/epcis/capture/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("capture job %s: %v", id, err)
	}
	defer resp.Body.Close()
	var j struct{ State string }
	if err := json.NewDecoder(resp.Body).Decode(&j); err != nil {
		t.Fatalf("capture job %s: %v", id, err)
	}
	return j.State
}

// proc is an orewatch process the test started.
type proc struct {
	cmd  *exec.Cmd
	addr string
	out  *syncBuffer
	done chan struct{}
}

// syncBuffer is a process's output, read while the process writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on http://(\S+)`)

func startServer(t *testing.T, bin string, env []string) *proc {
	p := startProc(t, bin, env, "serve", "--addr", "127.0.0.1:0")
	select {
	case <-p.done:
		t.Fatalf("server exited:\n%s", p.out)
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not start:\n%s", p.out)
	case addr := <-p.waitAddr():
		p.addr = addr
	}
	return p
}

func startProc(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.kill(t) })
	return p
}

func (p *proc) waitAddr() <-chan string {
	c := make(chan string, 1)
	go func() {
		for {
			if m := listening.FindStringSubmatch(p.out.String()); m != nil {
				c <- m[1]
				return
			}
			select {
			case <-p.done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return c
}

func (p *proc) kill(t *testing.T) {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.done
}

func (p *proc) stop(t *testing.T) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		t.Errorf("%v did not stop", p.cmd.Args)
		p.kill(t)
	}
}

// natsServer is a NATS with JetStream of the test's own, on a free port,
// so that it can be stopped and started again.
type natsServer struct {
	bin, dir, url string
	port          int
	p             *proc
}

func startNATS(t *testing.T, bin, dir string) *natsServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	n := &natsServer{bin: bin, dir: dir, port: port, url: fmt.Sprintf("nats://127.0.0.1:%d", port)}
	n.start(t)
	return n
}

func (n *natsServer) start(t *testing.T) {
	n.p = startProc(t, n.bin, os.Environ(), "-a", "127.0.0.1", "-p", fmt.Sprint(n.port), "-js", "-sd", n.dir)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", n.port))
		if err == nil {
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "INFO") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("nats-server did not start:\n%s", n.p.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitReady polls /readyz until it answers status.
func waitReady(t *testing.T, addr string, status int) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == status {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz did not answer %d", status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ownPostgres is a PostgreSQL cluster the test made (initdb in a temporary
// directory, its own port), so that it can restart it.
type ownPostgres struct {
	url, dir, bin string
	asPostgres    bool // run its tools as the postgres user (the test runs as root)
}

// startPostgres makes and starts a cluster of the test's own, or returns
// one with no url when the server's tools are not installed.
func startPostgres(t *testing.T) *ownPostgres {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Log("no PostgreSQL server tools: the fault test runs on the shared PostgreSQL, without restarting it")
		return &ownPostgres{}
	}
	p := &ownPostgres{bin: filepath.Dir(bins[len(bins)-1]), asPostgres: os.Geteuid() == 0}
	dir, err := os.MkdirTemp("", "orewatch-fault-pg-")
	if err != nil {
		t.Fatal(err)
	}
	p.dir = dir
	t.Cleanup(func() {
		_ = p.run("pg_ctl", "-D", p.dir, "-m", "immediate", "stop")
		os.RemoveAll(dir)
	})
	if p.asPostgres {
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
	}
	if err := p.run("initdb", "-D", dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"); err != nil {
		t.Fatalf("initdb: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200", port, dir)
	if err := p.run("pg_ctl", "-D", dir, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		t.Fatalf("pg_ctl start: %v", err)
	}
	p.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	return p
}

func (p *ownPostgres) run(tool string, args ...string) error {
	cmd := exec.Command(filepath.Join(p.bin, tool), args...)
	if p.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(p.bin, tool)}, args...)...)
	}
	// The server pg_ctl starts may keep the output pipe open: do not wait
	// for it once pg_ctl itself has ended.
	cmd.WaitDelay = 5 * time.Second
	if out, err := cmd.CombinedOutput(); err != nil && !errors.Is(err, exec.ErrWaitDelay) {
		return fmt.Errorf("%s: %w\n%s", tool, err, out)
	}
	return nil
}

// restart stops the cluster at once (connections cut, nothing committed
// lost) and starts it again.
func (p *ownPostgres) restart(t *testing.T) {
	if p.url == "" {
		return
	}
	if err := p.run("pg_ctl", "-D", p.dir, "-l", filepath.Join(p.dir, "log"), "-m", "fast", "-w", "restart"); err != nil {
		t.Fatalf("restart PostgreSQL: %v", err)
	}
}
