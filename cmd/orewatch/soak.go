package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func benchSoakCommand() *command {
	c := &command{
		name:    "soak",
		summary: "serve under mixed load and captures on loopback, sampling the server's memory: is it flat?",
		usage:   "orewatch bench soak [--duration D] [--clients N] [--sample D] [--captures=false] [--in-process]",
		example: "orewatch bench soak --duration 1h --clients 8 > soak.tsv",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		duration := fs.Duration("duration", 10*time.Minute, "how long the load runs (at most 24h)")
		clients := fs.Int("clients", 8, "concurrent clients")
		sample := fs.Duration("sample", 10*time.Second, "how often the server's resident memory is read")
		inProcess := fs.Bool("in-process", false, "serve in this process instead of a child (for tests: the memory read is then the load's too)")
		seed := fs.Uint64("seed", 1, "seed of the clients' choices")
		memProfile := fs.String("memprofile", "", "with --in-process: write a heap profile here at the end (go tool pprof -sample_index=inuse_space)")
		captures := fs.Bool("captures", true, "include EPCIS captures (20 % of requests), which grow the database; false: reads only, on the demo world")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *duration <= 0 || *duration > 24*time.Hour || *clients < 1 || *clients > 256 || *sample <= 0 {
			return usagef("--duration in (0, 24h], --clients in [1, 256], --sample > 0")
		}
		dir, err := os.MkdirTemp("", "orewatch-soak-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		vars := map[string]string{"OREWATCH_DATA_DIR": dir, "OREWATCH_LOG_LEVEL": "warn"}
		sub := &env{stdin: strings.NewReader("soak test password 1\n"), stdout: io.Discard, stderr: e.stderr, now: time.Now,
			getenv: func(k string) string { return vars[k] }}
		if code := runEnv(ctx, sub, []string{"user", "add", "soak", "--role", "admin", "--agency", "GAC", "--password-stdin"}); code != 0 {
			return errors.New("soak: could not add the user")
		}
		var tok bytes.Buffer
		sub.stdout = &tok
		if code := runEnv(ctx, sub, []string{"token", "create", "--user", "soak"}); code != 0 {
			return errors.New("soak: could not make a token")
		}
		lines := strings.Split(strings.TrimSpace(tok.String()), "\n")
		token := lines[len(lines)-1]
		srv, err := startSoakServer(ctx, e, dir, vars, *inProcess)
		if err != nil {
			return err
		}
		defer srv.stop()
		fmt.Fprintf(e.stderr, "soak: server at %s (pid %d), %d clients for %s\n", srv.base, srv.pid, *clients, *duration)
		ops := soakOps
		if !*captures {
			ops = slices.DeleteFunc(slices.Clone(soakOps), func(o soakOp) bool { return o.name == "capture" })
		}
		if err := runSoak(ctx, e, srv, token, ops, *duration, *clients, *sample, *seed); err != nil {
			return err
		}
		if *memProfile != "" && *inProcess {
			runtime.GC()
			f, err := os.Create(*memProfile)
			if err != nil {
				return err
			}
			defer f.Close()
			return pprof.WriteHeapProfile(f)
		}
		return nil
	}
	return c
}

type soakServer struct {
	base string
	pid  int
	stop func()
}

var listeningRe = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startSoakServer runs `orewatch serve` on a free loopback port, as a
// child process (its memory alone is then measured) or in this process.
func startSoakServer(ctx context.Context, e *env, dir string, vars map[string]string, inProcess bool) (*soakServer, error) {
	args := []string{"serve", "--addr", "127.0.0.1:0"}
	pr, pw := io.Pipe()
	s := &soakServer{}
	if inProcess {
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			runEnv(sctx, &env{stdin: strings.NewReader(""), stdout: pw, stderr: e.stderr, now: time.Now, getenv: func(k string) string { return vars[k] }}, args)
			pw.Close()
		}()
		s.pid, s.stop = os.Getpid(), func() { cancel(); <-done }
	} else {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), "OREWATCH_DATA_DIR="+dir, "OREWATCH_LOG_LEVEL=warn")
		cmd.Stdout, cmd.Stderr = pw, e.stderr
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		s.pid = cmd.Process.Pid
		s.stop = func() {
			cmd.Process.Signal(syscall.SIGINT)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				<-done
			}
			pw.Close()
		}
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listeningRe.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case s.base = <-found:
		return s, nil
	case <-time.After(5 * time.Minute): // the demo world is analysed first
		s.stop()
		return nil, errors.New("soak: the server did not start")
	}
}

// soakOp is one kind of request the clients make, with its weight.
type soakOp struct {
	name   string
	weight int
	do     func(c *soakClient) (*http.Response, error)
}

type soakClient struct {
	http  *http.Client
	base  string
	token string
	rnd   *rand.Rand
	n     int // requests made, for unique ids
}

func (c *soakClient) api(method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.http.Do(req)
}

// word is a random name: every query is new, so caches keyed by what
// users type are tried on their bound.
func (c *soakClient) word() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 6+c.rnd.IntN(10))
	for i := range b {
		b[i] = letters[c.rnd.IntN(len(letters))]
	}
	return string(b)
}

var soakOps = []soakOp{
	{"catalog", 15, func(c *soakClient) (*http.Response, error) {
		hs := []string{"8110101000", "2825600010", "8112921010", "2846901940", "8101940001", "2504101000"}[c.rnd.IntN(6)]
		return c.api("GET", fmt.Sprintf("/api/v1/catalog/lookup?hs=%s&date=2025-%02d-%02d&dest=%s", hs, 1+c.rnd.IntN(12), 1+c.rnd.IntN(28),
			[]string{"US", "JP", "DE", "VN", "NL"}[c.rnd.IntN(5)]), nil)
	}},
	{"alerts", 10, func(c *soakClient) (*http.Response, error) {
		return c.api("GET", fmt.Sprintf("/api/v1/alerts?limit=50&offset=%d", c.rnd.IntN(200)), nil)
	}},
	{"enterprises", 8, func(c *soakClient) (*http.Response, error) {
		return c.api("GET", "/api/v1/enterprises?q="+c.word()[:2], nil)
	}},
	{"events", 8, func(c *soakClient) (*http.Response, error) {
		return c.api("GET", "/api/v1/epcis/events?perPage=100", nil)
	}},
	{"screen", 12, func(c *soakClient) (*http.Response, error) {
		return c.api("POST", "/api/v1/parties:screen", strings.NewReader(`{"name":"`+c.word()+` `+c.word()+` trading","country":"HK"}`))
	}},
	{"network", 5, func(c *soakClient) (*http.Response, error) {
		return c.api("GET", "/api/v1/network?party="+url.QueryEscape(c.word()), nil)
	}},
	{"capture", 20, func(c *soakClient) (*http.Response, error) {
		c.n++
		lot := fmt.Sprintf("soak-%d-%d", c.rnd.Uint64(), c.n)
		doc := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
			`"creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"` +
			time.Now().UTC().Format(time.RFC3339Nano) + `","eventTimeZoneOffset":"+08:00","action":"OBSERVE","bizStep":"shipping",` +
			`"bizLocation":{"id":"urn:orewatch:site:91431300MA4LTB0012"},"quantityList":[{"epcClass":"urn:orewatch:lot:antimony-ingot:` + lot +
			`","quantity":` + strconv.Itoa(1+c.rnd.IntN(5000)) + `,"uom":"KGM"}]}]}}`
		return c.api("POST", "/api/v1/epcis/capture", strings.NewReader(doc))
	}},
	{"pages", 22, func(c *soakClient) (*http.Response, error) {
		p := []string{"/dashboard", "/alerts?offset=" + strconv.Itoa(c.rnd.IntN(100)), "/catalog?q=" + c.word(), "/licences", "/flows", "/cases"}[c.rnd.IntN(6)]
		return c.http.Get(c.base + p)
	}},
}

func runSoak(ctx context.Context, e *env, srv *soakServer, token string, soakOps []soakOp, duration time.Duration, clients int, sample time.Duration, seed uint64) error {
	deadline := time.Now().Add(duration)
	var requests, failures atomic.Int64
	var mu sync.Mutex
	failed := map[string]int{}
	var wg sync.WaitGroup
	total := 0
	for _, op := range soakOps {
		total += op.weight
	}
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			c := &soakClient{http: &http.Client{Jar: jar, Timeout: 60 * time.Second}, base: srv.base, token: token, rnd: rand.New(rand.NewPCG(seed, uint64(i)))}
			if res, err := c.http.PostForm(srv.base+"/login", url.Values{"name": {"soak"}, "password": {"soak test password 1"}, "next": {"/"}}); err == nil {
				res.Body.Close()
			}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				pick := c.rnd.IntN(total)
				op := soakOps[0]
				for _, o := range soakOps {
					if pick < o.weight {
						op = o
						break
					}
					pick -= o.weight
				}
				res, err := op.do(c)
				requests.Add(1)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode >= 500 || (op.name == "capture" && res.StatusCode != http.StatusCreated) {
						err = fmt.Errorf("%s: %d", op.name, res.StatusCode)
					}
				}
				if err != nil {
					failures.Add(1)
					mu.Lock()
					failed[op.name]++
					mu.Unlock()
				}
			}
		}()
	}
	start := time.Now()
	probe := &soakClient{http: &http.Client{Timeout: 30 * time.Second}, base: srv.base, token: token}
	var rss []float64
	fmt.Fprintln(e.stdout, "elapsed_s\trss_mib\tgo_heap_mib\tother_anon_mib\tfile_mib\trequests\tfailures")
	t := time.NewTicker(sample)
	defer t.Stop()
	for time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		r, err := rssMiB(srv.pid)
		if err != nil {
			return err
		}
		rss = append(rss, r)
		m := residentByKind(srv.pid, probe)
		fmt.Fprintf(e.stdout, "%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\n", time.Since(start).Seconds(), r, m.goHeap, m.otherAnon, m.file, requests.Load(), failures.Load())
	}
	wg.Wait()
	took := time.Since(start)
	third := max(len(rss)/3, 1)
	first, last := median(rss[:third]), median(rss[len(rss)-third:])
	fmt.Fprintf(e.stderr, "soak: %d requests in %s (%.0f/s), %d failed %v; RSS first third %.1f MiB, last third %.1f MiB (%+.1f%%), peak %.1f MiB\n",
		requests.Load(), took.Round(time.Second), float64(requests.Load())/took.Seconds(), failures.Load(), failed,
		first, last, 100*(last-first)/first, slices.Max(rss))
	return nil
}

// rssMiB reads a process's resident memory from /proc.
func rssMiB(pid int) (float64, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, fmt.Errorf("soak: read the server's memory: %w", err)
	}
	if !strings.Contains(string(b), "VmRSS:") || strings.Contains(string(b), "State:\tZ") {
		return 0, fmt.Errorf("soak: the server (pid %d) is gone: it crashed or stopped (its output is above)", pid)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, errors.New("soak: no VmRSS")
}

// resident is a process's resident memory by where it lives, in MiB.
type resident struct {
	goHeap    float64 // what the Go runtime holds from the OS (heap, stacks, its own books), less what it has released
	otherAnon float64 // other anonymous memory: SQLite's page caches and allocations (modernc.org/libc maps its own)
	file      float64 // file-backed: the binary, shared libraries
}

// residentByKind splits a server's resident memory: anonymous and
// file-backed from /proc/PID/smaps, and of the anonymous what Go holds
// from the server's /metrics (Go randomises where its heap lives, so the
// mappings alone do not say). Zeros where either cannot be read.
func residentByKind(pid int, c *soakClient) resident {
	var r resident
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "smaps"))
	if err != nil {
		return r
	}
	defer f.Close()
	var anonTotal float64
	anon := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			// A header line: address perms offset dev inode [path].
			anon = len(fields) < 6 || strings.HasPrefix(fields[5], "[")
			continue
		}
		if fields[0] != "Rss:" || len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		if anon {
			anonTotal += kb / 1024
		} else {
			r.file += kb / 1024
		}
	}
	res, err := c.api(http.MethodGet, "/metrics", nil)
	if err != nil {
		return r
	}
	defer res.Body.Close()
	var sys, released float64
	ms := bufio.NewScanner(res.Body)
	for ms.Scan() {
		name, v, ok := strings.Cut(ms.Text(), " ")
		if !ok {
			continue
		}
		switch name {
		case "go_memstats_sys_bytes":
			sys, _ = strconv.ParseFloat(v, 64)
		case "go_memstats_heap_released_bytes":
			released, _ = strconv.ParseFloat(v, 64)
		}
	}
	r.goHeap = min((sys-released)/(1<<20), anonTotal)
	r.otherAnon = anonTotal - r.goHeap
	return r
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
