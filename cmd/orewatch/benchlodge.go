package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"orewatch/data"
	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/httpapi"
	"orewatch/internal/ledger"
	"orewatch/internal/live"
	"orewatch/internal/party"
	"orewatch/internal/risk"
	"orewatch/internal/store/postgres"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
)

func benchLodgeCommand() *command {
	c := &command{
		name:    "lodge",
		summary: "lodgings per second and latency over loopback, against a bare handler (the HTTP limit), on SQLite and PostgreSQL",
		usage:   "orewatch bench lodge [--duration D] [--postgres URL]",
		example: "orewatch bench lodge --duration 10s --postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		duration := fs.Duration("duration", 10*time.Second, "how long each load runs")
		pg := fs.String("postgres", e.getenv("OREWATCH_BENCH_POSTGRES_URL"), "PostgreSQL to measure too (a scratch schema is made and dropped); empty: SQLite only")
		cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the stores' loads (not the bare handler's) to this file (go tool pprof)")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *duration <= 0 || *duration > time.Hour {
			return usagef("--duration in (0, 1h]")
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "target\tclients\tload\trequests\tper second\tp50 ms\tp99 ms\tfailures\t")
		bare, stop, err := serveLoopback(bareHandler())
		if err != nil {
			return err
		}
		defer stop()
		stores := []struct{ name, url string }{{"sqlite", ""}}
		if *pg != "" {
			stores = append(stores, struct{ name, url string }{"postgres", *pg})
		}
		var bareRate float64
		for _, clients := range []int{1, 32} {
			r := runLodgeLoad(ctx, bare, "", clients, *duration, 0)
			r.print(tw, "bare handler", clients, "closed")
			if clients == 32 {
				bareRate = r.perSecond()
			}
		}
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
		for _, s := range stores {
			target, token, done, err := lodgeTarget(ctx, s.name, s.url)
			if err != nil {
				return fmt.Errorf("bench lodge on %s: %w", s.name, err)
			}
			var rate float64
			for _, clients := range []int{1, 32} {
				r := runLodgeLoad(ctx, target, token, clients, *duration, 0)
				r.print(tw, s.name, clients, "closed")
				if clients == 32 {
					rate = r.perSecond()
				}
			}
			// Half the sustained rate, paced: the latency a port system
			// sees when the server is not saturated.
			r := runLodgeLoad(ctx, target, token, 32, *duration, rate/2)
			r.print(tw, s.name, 32, fmt.Sprintf("paced %.0f/s", rate/2))
			fmt.Fprintf(tw, "%s sustained / bare\t\t\t\t%.3f\t\t\t\t\n", s.name, rate/bareRate)
			done()
		}
		return tw.Flush()
	}
	return c
}

// bareHandler decodes a lodging's body and answers 200: what the HTTP
// layer alone allows on this machine.
func bareHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"channel":"green"}`)
	})
}

// serveLoopback serves h on a free loopback port.
func serveLoopback(h http.Handler) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// lodgeTarget serves the API on a fresh store — an exporter in the
// ledger with a licence large enough for every lodging — and returns its
// address and an analyst's token.
func lodgeTarget(ctx context.Context, kind, pgURL string) (base, token string, done func(), err error) {
	var db *sqlstore.DB
	var cleanup []func()
	done = func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	defer func() {
		if err != nil {
			done()
		}
	}()
	switch kind {
	case "sqlite":
		dir, err := os.MkdirTemp("", "orewatch-bench-lodge-")
		if err != nil {
			return "", "", nil, err
		}
		cleanup = append(cleanup, func() { os.RemoveAll(dir) })
		if db, err = sqlite.Open(ctx, dir+"/"+sqlite.FileName, nil); err != nil {
			return "", "", nil, err
		}
	default:
		u, err := scratchSchema(ctx, pgURL, &cleanup)
		if err != nil {
			return "", "", nil, err
		}
		if db, err = postgres.Open(ctx, u, nil); err != nil {
			return "", "", nil, err
		}
	}
	cleanup = append(cleanup, func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		return "", "", nil, err
	}
	cat, err := catalog.Load(data.FS)
	if err != nil {
		return "", "", nil, err
	}
	e := &core.Enterprise{USCC: benchExporter, Name: "湖南示例锑业有限公司", Province: "430000", Segments: []core.Segment{core.SegSmelting, core.SegExport},
		Minerals: []string{"antimony"}, RegisteredOn: core.MustDate("2024-01-01"), Status: core.StatusActive}
	if err := ledger.Add(ctx, db, e, e.RegisteredOn, audit.Actor{Name: "bench"}); err != nil {
		return "", "", nil, err
	}
	q, _ := core.ParseDecimal("1000000000")
	if _, err := db.Licences().Upsert(ctx, &core.Licence{No: "LIC-BENCH", ExporterUSCC: benchExporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8110101000", GoodsName: "锑锭",
		Quantity: q, Unit: "kg", Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."}); err != nil {
		return "", "", nil, err
	}
	u := &core.User{ID: access.NewID(), Name: "bench", Agency: "GAC", Role: core.RoleAnalyst, CreatedAt: time.Now()}
	if err := db.Users().Create(ctx, u); err != nil {
		return "", "", nil, err
	}
	secret, hash, err := access.NewToken()
	if err != nil {
		return "", "", nil, err
	}
	if err := db.Users().CreateToken(ctx, &core.Token{ID: access.NewID(), UserID: u.ID, Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(24 * time.Hour)}); err != nil {
		return "", "", nil, err
	}
	// As serve runs: the shipped lists indexed once, and the live
	// detectors judging each lodging.
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		return "", "", nil, err
	}
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		return "", "", nil, err
	}
	parties := party.NewLive(lists)
	det, err := live.New(ctx, analysis.Deps{Store: db, Catalog: cat, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "bench"}}, 0, slog.New(slog.DiscardHandler))
	if err != nil {
		return "", "", nil, err
	}
	h := httpapi.NewHandler(httpapi.Deps{Guard: access.Guard{Users: db.Users(), Now: time.Now}, Catalog: cat, Store: db, Data: db, Now: time.Now,
		Lists: lists, ListsNow: parties.Entries, ScreenerNow: parties.Current, Detectors: det})
	base, stop, err := serveLoopback(h)
	if err != nil {
		return "", "", nil, err
	}
	cleanup = append(cleanup, stop)
	return base, secret, done, nil
}

// scratchSchema makes a schema of its own in the database at base and
// returns a URL that uses it; cleanup drops it.
func scratchSchema(ctx context.Context, base string, cleanup *[]func()) (string, error) {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	schema := "ow_bench_" + hex.EncodeToString(rnd[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", fmt.Errorf("create a scratch schema: %w", err)
	}
	*cleanup = append(*cleanup, func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

const benchExporter = core.USCC("91431300MA4LTB0012")

// lodgeSeq numbers the benchmark's declarations across its loads.
var lodgeSeq atomic.Int64

func lodgeBody(n int64) []byte {
	return fmt.Appendf(nil, `{"declaration_no": "5301202598%08d", "declared_at": "2025-06-01", "exporter_uscc": "%s", "transport_mode": "2",
		"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "LIC-BENCH",
		"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 10, "unit": "kg", "net_weight_kg": 10,
		"gross_weight_kg": 11, "total_value": 2400, "remarks": "是否属于管制物项：是；两用物项出口管制编码：1C992"}]}`, n%100000000, benchExporter)
}

type loadResult struct {
	took      time.Duration
	latencies []time.Duration
	failures  int64
	firstErr  error
}

func (r loadResult) perSecond() float64 { return float64(len(r.latencies)) / r.took.Seconds() }

func (r loadResult) print(w io.Writer, target string, clients int, load string) {
	ls := slices.Clone(r.latencies)
	slices.Sort(ls)
	pct := func(p float64) float64 {
		if len(ls) == 0 {
			return 0
		}
		return float64(ls[min(len(ls)-1, int(p*float64(len(ls))))].Microseconds()) / 1000
	}
	fmt.Fprintf(w, "%s\t%d\t%s\t%d\t%.0f\t%.2f\t%.2f\t%d\t\n", target, clients, load, len(ls), r.perSecond(), pct(0.5), pct(0.99), r.failures)
	if r.firstErr != nil {
		fmt.Fprintf(w, "  first failure: %v\t\t\t\t\t\t\t\t\n", r.firstErr)
	}
}

// runLodgeLoad lodges new declarations from clients for d: as fast as
// answers come (rate 0, a closed loop) or paced to rate a second across
// the clients (an open loop: a request waits for its slot, not for the
// answers before it).
func runLodgeLoad(ctx context.Context, base, token string, clients int, d time.Duration, rate float64) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var res loadResult
	var slots <-chan time.Time
	if rate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / rate))
		defer t.Stop()
		slots = t.C
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if slots != nil {
					select {
					case <-slots:
					case <-time.After(time.Until(deadline)):
						continue
					}
				}
				req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/declarations", bytes.NewReader(lodgeBody(lodgeSeq.Add(1))))
				req.Header.Set("Content-Type", "application/json")
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					res.failures++
					if res.firstErr == nil && !errors.Is(err, context.Canceled) {
						res.firstErr = err
					}
					mu.Unlock()
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			res.latencies = append(res.latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	return res
}
