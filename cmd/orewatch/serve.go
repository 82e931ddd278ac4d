package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"orewatch/data"
	"orewatch/internal/access"
	"orewatch/internal/alertfeed"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/bus"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/geo"
	"orewatch/internal/httpapi"
	"orewatch/internal/ingest"
	"orewatch/internal/live"
	"orewatch/internal/lodge"
	"orewatch/internal/notify"
	"orewatch/internal/party"
	"orewatch/internal/risk"
	"orewatch/internal/rules"
	"orewatch/internal/simulate"
	"orewatch/internal/store"
	"orewatch/internal/store/sqlstore"
	"orewatch/internal/uploads"
	"orewatch/internal/web"
)

func serveCommand() *command {
	c := &command{
		name:    "serve",
		summary: "run the web UI and the HTTP API 启动服务",
		usage:   "orewatch serve [--addr HOST:PORT] [--data-dir DIR] [--database-url URL] [--print-config]",
		example: "orewatch serve --addr 127.0.0.1:8080\ncurl 'http://127.0.0.1:8080/api/v1/catalog/lookup?hs=8110101000&dest=US'",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bind := config.Bind(fs, e.getenv, true)
		limits := config.BindLimits(fs, e.getenv)
		printConfig := fs.Bool("print-config", false, "print the configuration (secrets redacted) and exit")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("unexpected arguments %q", fs.Args())
		}
		cfg, err := bind.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		lim, err := limits.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		if *printConfig {
			return cfg.Print(e.stdout)
		}
		return serve(ctx, e, cfg, lim)
	}
	return c
}

func serve(ctx context.Context, e *env, cfg *config.Config, lim bundle.Limits) error {
	log := cfg.Logger(e.stderr)
	db, err := openStore(ctx, cfg, cfg.AutoMigrate, log)
	if err != nil {
		return err
	}
	defer db.Close()
	cpCtx, cpCancel := context.WithCancel(ctx)
	cpDone := signCheckpoints(cpCtx, db, cfg, log, e.now)
	defer func() { cpCancel(); <-cpDone }() // the last checkpoint before the store closes
	// The catalogue in force: the shipped data with the packs applied to
	// this store, on this node or another.
	cats, err := catalog.NewLive(data.FS)
	if err != nil {
		return fmt.Errorf("load the control catalogue: %w", err)
	}
	if _, err := cats.Refresh(ctx, db.CatalogPacks()); err != nil {
		return err
	}
	cat := cats.Catalog()
	countries, err := geo.Default()
	if err != nil {
		return fmt.Errorf("load country table: %w", err)
	}
	st, err := db.Status(ctx)
	if err != nil {
		return err
	}
	lists := cats.Lists()
	// Screening answers against the shipped lists and the store's, which
	// an import elsewhere may change, and the catalogue against the packs
	// another node may apply: both re-read every half minute.
	parties := party.NewLive(lists)
	if _, err := parties.Refresh(ctx, db.Lists()); err != nil {
		return err
	}
	refreshReference := func(ctx context.Context) {
		if changed, err := cats.Refresh(ctx, db.CatalogPacks()); err != nil && ctx.Err() == nil {
			log.Error("refresh the control catalogue", "err", err)
		} else if changed {
			parties.SetShipped(cats.Lists())
			log.Info("control catalogue changed", "version", cats.Catalog().Version.String())
		}
		if changed, err := parties.Refresh(ctx, db.Lists()); err != nil && ctx.Err() == nil {
			log.Error("refresh the screening lists", "err", err)
		} else if changed {
			log.Info("screening lists changed", "names", parties.Current().Names())
		}
	}
	go every(ctx, 30*time.Second, refreshReference)
	validator, err := epcis.NewValidator()
	if err != nil {
		return err
	}
	// The rules every server runs are the store's newest: a folder given
	// to a server is applied to the store when it loads or changes, and
	// every server (this one too) follows the store.
	ruleSet := rules.NewShared(db, log)
	if cfg.RulesDir != "" {
		watcher, err := rules.NewWatcher(cfg.RulesDir, log)
		if err != nil {
			return err
		}
		publish := func(set *rules.Set) {
			if _, err := rules.Apply(ctx, db, set, audit.Actor{Name: "rules-dir " + cfg.RulesDir}); err != nil {
				log.Error("could not apply the rules folder to the store", "dir", cfg.RulesDir, "err", err)
			}
		}
		publish(watcher.Current())
		watcher.OnReload = func(_, cur *rules.Set) { publish(cur) }
		go watcher.Run(ctx, 5*time.Second)
	}
	if _, err := ruleSet.Poll(ctx); err != nil {
		return fmt.Errorf("read the rules in the store: %w", err)
	}
	go ruleSet.Run(ctx, 5*time.Second)
	metrics := httpapi.NewMetrics()
	if err := metrics.Register(webhookBacklog(db)); err != nil {
		return err
	}
	if cfg.WebhookURL != "" {
		if cfg.WebhookSecret == "" {
			return errors.New("webhook-url is set without webhook-secret: deliveries are signed, give the key (OREWATCH_WEBHOOK_SECRET)")
		}
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return errors.New("webhook-url: want an http:// or https:// URL")
		}
		hook := &notify.Webhook{URL: cfg.WebhookURL, Secret: []byte(cfg.WebhookSecret), MinScore: cfg.WebhookMinScore, Store: db,
			Client: &http.Client{Timeout: 10 * time.Second}, Log: log, Now: e.now}
		go hook.Run(ctx)
		log.Info("webhook on", "host", u.Host, "min_score", cfg.WebhookMinScore) // the URL's path and query may hold a token
	}
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		return err
	}
	guard := access.Guard{Users: db.Users(), Now: e.now}
	setupSecret, setupHash := "", ""
	if n, err := db.Users().Count(ctx); err == nil && n == 0 {
		if setupSecret, setupHash, err = access.NewToken(); err != nil {
			return err
		}
		// Kept in the store, so that the link works on every server of it.
		if err := db.Users().AddSetupToken(ctx, setupHash, e.now()); err != nil {
			return err
		}
	}
	if cfg.Demo {
		if err := loadDemo(ctx, db, cat, lists, ref, log); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	// Lodging's live detectors, and a nudge that makes them read the store
	// again at once after an import on this server.
	var detectors lodge.Detectors
	refresh := make(chan struct{}, 1)
	nudge := func() {
		select {
		case refresh <- struct{}{}:
		default:
		}
	}
	if cfg.LiveRefresh > 0 {
		det, err := live.New(ctx, analysis.Deps{Store: db, Catalog: cat, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "live-detectors"}}, cfg.LiveRefresh, log)
		if err != nil {
			return err
		}
		det.Catalogs = cats
		go det.Run(ctx, refresh)
		detectors = det
	}
	var queue httpapi.Queue
	var workers web.Publisher
	if cfg.NATSURL != "" {
		b, err := bus.Connect(ctx, cfg.NATSURL, bus.Options{Prefix: cfg.NATSStreamPrefix, Queues: []string{epcis.CaptureQueue, uploads.Queue}, Logger: log})
		if err != nil {
			return err
		}
		defer b.Close()
		queue, workers = b, b
		log.Info("EPCIS captures and uploaded bundles are queued for orewatch worker processes")
	}
	h := httpapi.NewHandler(httpapi.Deps{Queue: queue, Guard: access.Guard{Users: db.Users(), Now: e.now}, Catalog: cat, Catalogs: cats, CatalogChanged: func(ctx context.Context) { refreshReference(ctx); nudge() }, Parties: parties, Lists: lists, EPCIS: validator, Countries: countries, Store: db, Data: db, Logger: log,
		Now: e.now, Version: version, SchemaVersion: st.Latest, Rules: ruleSet, Files: casework.Files{Dir: cfg.Attachments()}, ListsNow: parties.Entries, Metrics: metrics,
		ScreenerNow: parties.Current, Detectors: detectors, Changed: nudge})
	var sso *web.OIDC
	if cfg.OIDCIssuer != "" {
		if cfg.OIDCClientID == "" || cfg.OIDCRedirectURL == "" {
			return core.FieldErrorf("oidc-issuer", "single sign-on needs --oidc-client-id and --oidc-redirect-url too")
		}
		if sso, err = web.NewOIDC(ctx, cfg.OIDCIssuer, cfg.OIDCClientID, cfg.OIDCSecret, cfg.OIDCRedirectURL); err != nil {
			return err
		}
		log.Info("single sign-on", "issuer", cfg.OIDCIssuer)
	}
	ui, err := web.NewHandler(web.Deps{OIDC: sso, Store: db, Guard: guard, Catalog: cat, Catalogs: cats, CatalogChanged: func(ctx context.Context) { refreshReference(ctx); nudge() }, Lists: lists, ListsNow: parties.Entries, ScreenerNow: parties.Current, EPCIS: validator, Risk: ref, Logger: log, Now: e.now, SetupHash: setupHash,
		Files: casework.Files{Dir: cfg.Attachments()}, PDFFont: cfg.PDFFont, ResultsDir: filepath.Join(cfg.DataDir, "results"),
		UploadDir: filepath.Join(cfg.DataDir, "uploads"), Limits: lim, Workers: workers,
		Analyze: func(ctx context.Context, who audit.Actor, path string, progress ingest.Progress) (*analysis.Result, error) {
			b, err := bundle.ReadLimited(path, lim)
			if err != nil {
				return nil, err
			}
			defer nudge()
			return analysis.Run(ctx, analysis.Deps{Store: db, Catalog: cats.Catalog(), Lists: cats.Lists(), Actor: who, Risk: ref, Rules: ruleSet.Current()}, b, progress)
		}})
	if err != nil {
		return err
	}
	mux := serveMux(h, ui)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	// Alert streams never finish on their own: they end as shutdown begins.
	srv.RegisterOnShutdown(alertfeed.Shutdown)
	if stopMetrics := serveMetrics(cfg.MetricsAddr, metrics, log); stopMetrics != nil {
		defer stopMetrics()
	}
	addr := ln.Addr().String()
	fmt.Fprintf(e.stdout, "OreWatch %s listening on http://%s (data: %s)\n", version, addr, cfg.Location().Describe())
	if setupSecret != "" {
		fmt.Fprintf(e.stdout, "No users yet. Create the first administrator (there is no default password) at this one-time link:\n")
		fmt.Fprintf(e.stdout, "  http://%s/setup?token=%s\n", addr, setupSecret)
		fmt.Fprintf(e.stdout, "or: orewatch user add admin --role admin --agency GAC --password-stdin\n")
	}
	fmt.Fprintf(e.stdout, "Web UI: http://%s/\n", addr)
	fmt.Fprintf(e.stdout, "API calls need a token: TOKEN=$(orewatch token create --user NAME | tail -1)\n")
	fmt.Fprintf(e.stdout, "Try: curl -H \"Authorization: Bearer $TOKEN\" 'http://%s/api/v1/catalog/lookup?hs=8110101000&dest=US'\n", addr)
	log.Info("serving", "addr", addr, "store", cfg.Location().Describe(), "schema", st.Current)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	log.Info("shutting down")
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore opens the configured store. With migrate it applies pending
// migrations; without, it refuses a schema that is behind. Either way it
// refuses a schema newer than this binary.
func openStore(ctx context.Context, cfg *config.Config, migrate bool, log *slog.Logger) (*sqlstore.DB, error) {
	db, err := openStoreUnkeyed(ctx, cfg, migrate, log)
	if err != nil {
		return nil, err
	}
	k, err := audit.LoadOrCreateKey(ctx, cfg.AuditKeyPath(), db, time.Now())
	if err != nil {
		db.Close()
		return nil, err
	}
	db.SetAuditKey(k)
	return db, nil
}

// openStoreUnkeyed opens the configured store; its audit rows are not
// keyed until the caller sets the key.
func openStoreUnkeyed(ctx context.Context, cfg *config.Config, migrate bool, log *slog.Logger) (*sqlstore.DB, error) {
	if migrate {
		db, applied, err := store.OpenMigrated(ctx, cfg.Location(), nil)
		if err != nil {
			return nil, err
		}
		for _, m := range applied {
			log.Info("migrated", "migration", m.Name)
		}
		return db, nil
	}
	db, err := store.Open(ctx, cfg.Location(), nil)
	if err != nil {
		return nil, err
	}
	st, err := db.Status(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(st.Pending) > 0 {
		db.Close()
		return nil, fmt.Errorf("%s is at schema version %d, this binary needs %d: run 'orewatch migrate'", cfg.Location().Describe(), st.Current, st.Latest)
	}
	return db, nil
}

// loadDemo fills an empty store with a small simulated world (about 2,000
// declarations with their chain, every smuggling pattern planted), analysed
// as `orewatch analyze` would, so the dashboard of a first start is not
// empty. A store with any declaration is left alone.
func loadDemo(ctx context.Context, db *sqlstore.DB, cat *catalog.Catalog, lists []*core.ListEntry, ref *risk.Reference, log *slog.Logger) error {
	_, n, err := db.Declarations().List(ctx, core.DeclarationFilter{Limit: 1})
	if err != nil || n > 0 {
		return err
	}
	dir, err := os.MkdirTemp("", "orewatch-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := simulate.Write(dir, cat, simulate.Options{Seed: 1, Scale: 0.2})
	if err != nil {
		return err
	}
	b, err := bundle.Read(dir)
	if err != nil {
		return err
	}
	t := time.Now()
	res, err := analysis.Run(ctx, analysis.Deps{Store: db, Catalog: cat, Lists: lists, Actor: audit.Actor{Name: "demo"}, Risk: ref}, b, nil)
	if err != nil {
		return err
	}
	log.Info("demo data loaded (simulated world, seed 1; --demo=false to start empty)", "declarations", st.Declarations, "events", st.Events,
		"alerts", len(res.Alerts), "took", time.Since(t).Round(time.Millisecond))
	return nil
}

// apiPaths are the paths the API answers outside /api/: health checks for
// load balancers and the Prometheus scrape.
var apiPaths = []string{"/api/", "/healthz", "/readyz", "/metrics"}

// serveMux sends the API's paths to the API and every other to the UI.
func serveMux(api, ui http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range apiPaths {
		mux.Handle(p, api)
	}
	mux.Handle("/", ui)
	return mux
}

// webhookBacklog reports the deliveries waiting to be sent.
func webhookBacklog(db core.Store) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "orewatch_webhook_backlog",
		Help: "Webhook deliveries pending (waiting or being retried)."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := db.Webhooks().Count(ctx, core.DeliveryPending)
		if err != nil {
			return -1
		}
		return float64(n)
	})
}

// serveMetrics serves /metrics alone on addr, for a Prometheus on the
// same host or network: nothing else is reachable there. A port in use
// leaves the metrics on the main address only, with a warning.
func serveMetrics(addr string, m *httpapi.Metrics, log *slog.Logger) (stop func()) {
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Warn("metrics listener not started: /metrics stays on the main address (a supervisor's token)", "addr", addr, "err", err)
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go srv.Serve(ln)
	log.Info("metrics", "addr", ln.Addr().String())
	return func() { srv.Close() }
}
