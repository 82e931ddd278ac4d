// Package config builds OreWatch's one Config value from flags, OREWATCH_*
// environment variables and defaults, in that order of precedence.
package config

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"orewatch/internal/store"
)

// Config is everything a command needs to know about its environment.
type Config struct {
	Addr             string
	DataDir          string
	DatabaseURL      string
	NATSURL          string
	NATSStreamPrefix string
	LogLevel         string
	LogFormat        string
	AutoMigrate      bool
	Demo             bool
	ShutdownTimeout  time.Duration
	RulesDir         string
	PDFFont          string
	SQLiteCacheMiB   int
	MetricsAddr      string
	WebhookURL       string
	WebhookSecret    string
	WebhookMinScore  int
	LiveRefresh      time.Duration
	AttachmentsDir   string
	AuditKeyFile     string
	AuditCheckpoints string
	CheckpointEvery  time.Duration
	OIDCIssuer       string
	OIDCClientID     string
	OIDCSecret       string
	OIDCRedirectURL  string

	sources map[string]string // setting name → flag, env or default
}

// Setting describes one configuration knob; Settings drives flags, the
// environment, --print-config and the README table alike.
type Setting struct {
	Name, Env, Default, Help string
	Secret                   bool
	ServeOnly                bool
	set                      func(c *Config, v string) error
	get                      func(c *Config) string
}

// Settings lists every knob.
var Settings = []Setting{
	{Name: "addr", Env: "OREWATCH_ADDR", Default: "127.0.0.1:8080", ServeOnly: true,
		Help: "address the server listens on (port 0 picks a free port)",
		set:  func(c *Config, v string) error { c.Addr = v; return nil }, get: func(c *Config) string { return c.Addr }},
	{Name: "data-dir", Env: "OREWATCH_DATA_DIR", Default: "./orewatch-data",
		Help: "directory for the embedded database and files",
		set:  func(c *Config, v string) error { c.DataDir = v; return nil }, get: func(c *Config) string { return c.DataDir }},
	{Name: "database-url", Env: "OREWATCH_DATABASE_URL", Default: "", Secret: true,
		Help: "postgres://user:pass@host:5432/db to use PostgreSQL instead of the embedded store",
		set:  func(c *Config, v string) error { c.DatabaseURL = v; return nil }, get: func(c *Config) string { return c.DatabaseURL }},
	{Name: "nats-url", Env: "OREWATCH_NATS_URL", Default: "", Secret: true,
		Help: "nats://host:4222 (JetStream) to hand captures to orewatch worker processes; empty: each server does its own work",
		set:  func(c *Config, v string) error { c.NATSURL = v; return nil }, get: func(c *Config) string { return c.NATSURL }},
	{Name: "nats-stream-prefix", Env: "OREWATCH_NATS_STREAM_PREFIX", Default: "OREWATCH",
		Help: "JetStream stream names start with this: one per deployment sharing a NATS",
		set: func(c *Config, v string) error {
			if v == "" || strings.ContainsAny(v, " .*>") {
				return fmt.Errorf("nats stream prefix %q: want a name without spaces, dots, * or >", v)
			}
			c.NATSStreamPrefix = v
			return nil
		}, get: func(c *Config) string { return c.NATSStreamPrefix }},
	{Name: "log-level", Env: "OREWATCH_LOG_LEVEL", Default: "info",
		Help: "debug, info, warn or error",
		set: func(c *Config, v string) error {
			var l slog.Level
			if err := l.UnmarshalText([]byte(v)); err != nil {
				return fmt.Errorf("log level %q: want debug, info, warn or error", v)
			}
			c.LogLevel = strings.ToLower(v)
			return nil
		}, get: func(c *Config) string { return c.LogLevel }},
	{Name: "log-format", Env: "OREWATCH_LOG_FORMAT", Default: "text",
		Help: "text or json",
		set: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("log format %q: want text or json", v)
			}
			c.LogFormat = v
			return nil
		}, get: func(c *Config) string { return c.LogFormat }},
	{Name: "auto-migrate", Env: "OREWATCH_AUTO_MIGRATE", Default: "true", ServeOnly: true,
		Help: "apply pending schema migrations when the server starts",
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("auto-migrate %q: want true or false", v)
			}
			c.AutoMigrate = b
			return nil
		}, get: func(c *Config) string { return strconv.FormatBool(c.AutoMigrate) }},
	{Name: "demo", Env: "OREWATCH_DEMO", Default: "true", ServeOnly: true,
		Help: "load a simulated world (orewatch simulate, seed 1) when the store holds no declarations, so a first start has something to show",
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("demo %q: want true or false", v)
			}
			c.Demo = b
			return nil
		}, get: func(c *Config) string { return strconv.FormatBool(c.Demo) }},
	{Name: "shutdown-timeout", Env: "OREWATCH_SHUTDOWN_TIMEOUT", Default: "15s", ServeOnly: true,
		Help: "how long the server waits for requests in flight when stopping",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("shutdown timeout %q: want a duration such as 15s", v)
			}
			c.ShutdownTimeout = d
			return nil
		}, get: func(c *Config) string { return c.ShutdownTimeout.String() }},
	{Name: "attachments-dir", Env: "OREWATCH_ATTACHMENTS_DIR", Default: "", ServeOnly: true,
		Help: "where case attachments are kept, by SHA-256 (default: <data-dir>/attachments; a mounted object store works)",
		set:  func(c *Config, v string) error { c.AttachmentsDir = v; return nil }, get: func(c *Config) string { return c.AttachmentsDir }},
	{Name: "oidc-issuer", Env: "OREWATCH_OIDC_ISSUER", Default: "", ServeOnly: true,
		Help: "OpenID Connect issuer URL for single sign-on (empty: off)",
		set:  func(c *Config, v string) error { c.OIDCIssuer = v; return nil }, get: func(c *Config) string { return c.OIDCIssuer }},
	{Name: "oidc-client-id", Env: "OREWATCH_OIDC_CLIENT_ID", Default: "", ServeOnly: true,
		Help: "client id registered with the OIDC provider",
		set:  func(c *Config, v string) error { c.OIDCClientID = v; return nil }, get: func(c *Config) string { return c.OIDCClientID }},
	{Name: "oidc-client-secret", Env: "OREWATCH_OIDC_CLIENT_SECRET", Default: "", ServeOnly: true, Secret: true,
		Help: "client secret for the OIDC provider",
		set:  func(c *Config, v string) error { c.OIDCSecret = v; return nil }, get: func(c *Config) string { return c.OIDCSecret }},
	{Name: "oidc-redirect-url", Env: "OREWATCH_OIDC_REDIRECT_URL", Default: "", ServeOnly: true,
		Help: "this server's callback as the provider knows it, e.g. https://orewatch.example/oidc/callback",
		set:  func(c *Config, v string) error { c.OIDCRedirectURL = v; return nil }, get: func(c *Config) string { return c.OIDCRedirectURL }},
	{Name: "audit-key-file", Env: "OREWATCH_AUDIT_KEY_FILE", Default: "",
		Help: "the audit trail's key, kept outside the database; made on first use (default: <data-dir>/audit.key; give every server of one database the same file)",
		set:  func(c *Config, v string) error { c.AuditKeyFile = v; return nil }, get: func(c *Config) string { return c.AuditKeyFile }},
	{Name: "audit-checkpoints", Env: "OREWATCH_AUDIT_CHECKPOINTS", Default: "",
		Help: "file the signed audit checkpoints are appended to; copy it elsewhere (default: <data-dir>/audit-checkpoints.jsonl)",
		set:  func(c *Config, v string) error { c.AuditCheckpoints = v; return nil }, get: func(c *Config) string { return c.AuditCheckpoints }},
	{Name: "audit-checkpoint-interval", Env: "OREWATCH_AUDIT_CHECKPOINT_INTERVAL", Default: "1h", ServeOnly: true,
		Help: "how often the server signs a checkpoint of the audit trail's head when it moved (0: never)",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("audit checkpoint interval %q: want a duration such as 1h", v)
			}
			c.CheckpointEvery = d
			return nil
		}, get: func(c *Config) string { return c.CheckpointEvery.String() }},
	{Name: "sqlite-cache-mib", Env: "OREWATCH_SQLITE_CACHE_MIB", Default: "64",
		Help: "page cache of the embedded store in MiB, all connections together (half the writer's); the kernel caches the file too",
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 8 || n > 1<<20 {
				return fmt.Errorf("sqlite cache %q: want MiB from 8", v)
			}
			c.SQLiteCacheMiB = n
			return nil
		}, get: func(c *Config) string { return strconv.Itoa(c.SQLiteCacheMiB) }},
	{Name: "metrics-addr", Env: "OREWATCH_METRICS_ADDR", Default: "127.0.0.1:9464", ServeOnly: true,
		Help: "address of a listener serving /metrics alone, without a token, for Prometheus (off when empty; a port in use is a warning, not a failure); /metrics on the main address needs a supervisor's token",
		set:  func(c *Config, v string) error { c.MetricsAddr = v; return nil }, get: func(c *Config) string { return c.MetricsAddr }},
	{Name: "webhook-url", Env: "OREWATCH_WEBHOOK_URL", Default: "", ServeOnly: true, Secret: true,
		Help: "URL new alerts are POSTed to, signed (X-OreWatch-Signature), retried with back-off; empty: off",
		set:  func(c *Config, v string) error { c.WebhookURL = v; return nil }, get: func(c *Config) string { return c.WebhookURL }},
	{Name: "webhook-secret", Env: "OREWATCH_WEBHOOK_SECRET", Default: "", ServeOnly: true, Secret: true,
		Help: "the key the webhook's HMAC-SHA256 signatures are made with (required with webhook-url)",
		set:  func(c *Config, v string) error { c.WebhookSecret = v; return nil }, get: func(c *Config) string { return c.WebhookSecret }},
	{Name: "webhook-min-score", Env: "OREWATCH_WEBHOOK_MIN_SCORE", Default: "90", ServeOnly: true,
		Help: "the lowest alert score sent to the webhook (90: red)",
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 100 {
				return fmt.Errorf("webhook min score %q: want 0 to 100", v)
			}
			c.WebhookMinScore = n
			return nil
		}, get: func(c *Config) string { return strconv.Itoa(c.WebhookMinScore) }},
	{Name: "live-refresh", Env: "OREWATCH_LIVE_REFRESH", Default: "5m", ServeOnly: true,
		Help: "how often lodging's live detectors read the store again (parties, ledger, manifests, chain of custody, other servers' lodgings); an import on this server refreshes them at once; 0: lodging gets the rule checks alone",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("live refresh %q: want a duration such as 5m, or 0 for off", v)
			}
			c.LiveRefresh = d
			return nil
		}, get: func(c *Config) string { return c.LiveRefresh.String() }},
	{Name: "rules-dir", Env: "OREWATCH_RULES_DIR", Default: "", ServeOnly: true,
		Help: "folder of analyst rules (CEL in YAML); reloaded when its files change",
		set:  func(c *Config, v string) error { c.RulesDir = v; return nil }, get: func(c *Config) string { return c.RulesDir }},
	{Name: "pdf-font", Env: "OREWATCH_PDF_FONT", Default: "", ServeOnly: true,
		Help: "TrueType font (.ttf, or a .ttc's first face) case files are written in as PDF; empty: the first Chinese font found in the usual places",
		set:  func(c *Config, v string) error { c.PDFFont = v; return nil }, get: func(c *Config) string { return c.PDFFont }},
}

// Binder registers settings as flags and resolves them after parsing.
type Binder struct {
	fs     *flag.FlagSet
	getenv func(string) string
	vals   map[string]*string
	serve  bool
}

// Bind registers the settings on fs (the serve-only ones only when serve
// is true). Call Resolve after fs.Parse.
func Bind(fs *flag.FlagSet, getenv func(string) string, serve bool) *Binder {
	b := &Binder{fs: fs, getenv: getenv, vals: map[string]*string{}, serve: serve}
	for _, s := range Settings {
		if s.ServeOnly && !serve {
			continue
		}
		b.vals[s.Name] = fs.String(s.Name, "", fmt.Sprintf("%s (env %s, default %q)", s.Help, s.Env, s.Default))
	}
	return b
}

// Resolve applies flag > environment > default for every bound setting.
func (b *Binder) Resolve() (*Config, error) {
	set := map[string]bool{}
	b.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c := &Config{sources: map[string]string{}}
	for _, s := range Settings {
		v, src := s.Default, "default"
		if e := b.getenv(s.Env); e != "" {
			v, src = e, "env "+s.Env
		}
		if p, ok := b.vals[s.Name]; ok && set[s.Name] {
			v, src = *p, "flag --"+s.Name
		}
		if err := s.set(c, v); err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		c.sources[s.Name] = src
	}
	return c, nil
}

// Attachments is the case attachments' directory.
func (c *Config) Attachments() string {
	if c.AttachmentsDir != "" {
		return c.AttachmentsDir
	}
	return filepath.Join(c.DataDir, "attachments")
}

// AuditKeyPath is the audit key's file.
func (c *Config) AuditKeyPath() string {
	if c.AuditKeyFile != "" {
		return c.AuditKeyFile
	}
	return filepath.Join(c.DataDir, "audit.key")
}

// AuditCheckpointsPath is the file of signed audit checkpoints.
func (c *Config) AuditCheckpointsPath() string {
	if c.AuditCheckpoints != "" {
		return c.AuditCheckpoints
	}
	return filepath.Join(c.DataDir, "audit-checkpoints.jsonl")
}

// Location is where the data lives.
func (c *Config) Location() store.Location {
	return store.Location{DatabaseURL: c.DatabaseURL, DataDir: c.DataDir, SQLiteCacheMiB: c.SQLiteCacheMiB}
}

// Print writes the configuration with its sources, secrets redacted.
func (c *Config) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	for _, s := range Settings {
		v := s.get(c)
		if s.Secret && v != "" {
			v = store.Redact(v)
		}
		if v == "" {
			v = `""`
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, v, c.sources[s.Name])
	}
	fmt.Fprintf(tw, "data\t%s\t\n", c.Location().Describe())
	return tw.Flush()
}

// Logger builds the operator log; it never logs configuration secrets.
func (c *Config) Logger(w io.Writer) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: l}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Getenv is os.Getenv, named for main's wiring.
var Getenv = os.Getenv
