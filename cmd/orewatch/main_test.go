package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"orewatch/internal/notify"
	"orewatch/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// fixedNow is the clock the CLI tests run on.
var fixedNow = func() time.Time { return time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC) }

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	return runCLIIn(t, vars, "", args...)
}

func runCLIIn(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }, now: fixedNow}
	code := runEnv(context.Background(), e, args)
	return result{code, out.String(), errb.String()}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestHelpAndVersion(t *testing.T) {
	r := runCLI(t, nil, "help")
	if r.code != 0 || !strings.Contains(r.stdout, "catalog lookup") || !strings.Contains(r.stdout, "serve") {
		t.Fatalf("help: %+v", r)
	}
	r = runCLI(t, nil)
	if r.code != 2 {
		t.Fatalf("no arguments: exit %d", r.code)
	}
	r = runCLI(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "orewatch ") || !strings.Contains(r.stdout, "schema version") {
		t.Fatalf("version: %+v", r)
	}
	r = runCLI(t, nil, "frobnicate")
	if r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Fatalf("unknown command: %+v", r)
	}
}

// TestEveryCommandHasHelpWithExample runs --help on every command.
func TestEveryCommandHasHelpWithExample(t *testing.T) {
	var walk func(prefix []string, cs []*command)
	walk = func(prefix []string, cs []*command) {
		for _, c := range cs {
			path := append(append([]string(nil), prefix...), c.name)
			if len(c.subs) > 0 {
				walk(path, c.subs)
			}
			r := runCLI(t, nil, append(path, "--help")...)
			if r.code != 0 {
				t.Errorf("%v --help: exit %d, stderr %s", path, r.code, r.stderr)
			}
			out := r.stdout + r.stderr
			if !strings.Contains(out, "Example:") || !strings.Contains(out, "orewatch ") {
				t.Errorf("%v --help lacks an example:\n%s", path, out)
			}
		}
	}
	walk(nil, commands())
}

func TestCatalogLookupGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"lookup-antimony-us-2025-01-10.json", []string{"--hs", "8110101000", "--date", "2025-01-10", "--dest", "US", "--json"}},
		{"lookup-antimony-us-suspended.json", []string{"--hs", "8110101000", "--date", "2026-01-10", "--dest", "美國", "--json"}},
		{"lookup-antimony-us-military.json", []string{"--hs", "8110101000", "--date", "2026-01-10", "--dest", "USA", "--military", "--json"}},
		{"lookup-uncontrolled.json", []string{"--hs", "7901119000", "--date", "2025-01-10", "--dest", "US", "--json"}},
		{"lookup-before-effective.json", []string{"--hs", "2841801000", "--date", "2025-02-03", "--json"}},
		{"lookup-prefix.json", []string{"--hs", "81129210", "--date", "2025-01-10", "--json"}},
		{"lookup-antimony-us-2025-01-10.txt", []string{"--hs", "8110101000", "--date", "2025-01-10", "--dest", "US"}},
		{"lookup-graphite-us-2026-01-10.txt", []string{"--hs", "2504101000", "--date", "2026-01-10", "--dest", "US"}},
		{"lookup-default-date.json", []string{"--hs", "2805301910", "--json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, append([]string{"catalog", "lookup"}, tt.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if strings.HasSuffix(tt.name, ".json") {
				if n := strings.Count(strings.TrimSpace(r.stdout), "\n"); n != 0 {
					t.Errorf("--json printed %d lines, want exactly one object", n+1)
				}
				var v map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
			}
			// The version is the digest of the shipped data: any edit of
			// it changes the version, not what these lookups answer.
			out := catalogueVersion.ReplaceAllString(r.stdout, `"catalogue_version":"(shipped)"`)
			if strings.HasSuffix(tt.name, ".json") && out == r.stdout {
				t.Error("the answer does not name its catalogue version")
			}
			golden(t, tt.name, out)
		})
	}
}

var catalogueVersion = regexp.MustCompile(`"catalogue_version":"[0-9a-f]{12}"`)

func TestCatalogLookupErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--hs", "81101"}, "8- or 6-digit prefixes"},
		{[]string{"--hs", "8110101000", "--date", "10.01.2025"}, "YYYY-MM-DD"},
		{[]string{"--hs", "8110101000", "--dest", "Atlantis"}, "alpha-2"},
		{[]string{"--hs", "8110101000", "--dest", "Atlantis"}, "美国"},
		{[]string{}, "--hs is required"},
		{[]string{"--hs", "8110101000", "--bogus"}, "bogus"},
	} {
		r := runCLI(t, nil, append([]string{"catalog", "lookup"}, tt.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 mentioning %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

func TestCatalogSearchAndTimeline(t *testing.T) {
	simp := runCLI(t, nil, "catalog", "search", "锑")
	trad := runCLI(t, nil, "catalog", "search", "銻")
	if simp.code != 0 || simp.stdout != trad.stdout || !strings.Contains(simp.stdout, "金属锑及制品") || !strings.Contains(simp.stdout, "mineral") {
		t.Fatalf("search 锑/銻:\n%s\n%s", simp.stdout, trad.stdout)
	}
	r := runCLI(t, nil, "catalog", "timeline", "--group", "antimony")
	if r.code != 0 || !strings.Contains(r.stdout, "MOFCOM-GAC-2024-33") || strings.Contains(r.stdout, "MOFCOM-GAC-2023-39") {
		t.Fatalf("timeline antimony:\n%s", r.stdout)
	}
	golden(t, "timeline.txt", runCLI(t, nil, "catalog", "timeline").stdout)
	if r := runCLI(t, nil, "catalog", "timeline", "--group", "unobtainium"); r.code != 2 {
		t.Fatalf("unknown group: exit %d", r.code)
	}
}

func TestPrintConfig(t *testing.T) {
	r := runCLI(t, map[string]string{"OREWATCH_DATABASE_URL": "postgres://ow:s3cret@db:5432/ow"}, "serve", "--print-config", "--addr", "127.0.0.1:0")
	if r.code != 0 || strings.Contains(r.stdout, "s3cret") || !strings.Contains(r.stdout, "REDACTED") || !strings.Contains(r.stdout, "flag --addr") {
		t.Fatalf("print-config: %+v", r)
	}
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"OREWATCH_DATA_DIR": dir}
	r := runCLI(t, env, "migrate", "--status")
	if r.code != 0 || !strings.Contains(r.stdout, "pending") {
		t.Fatalf("status before: %+v", r)
	}
	r = runCLI(t, env, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "applied 0001") {
		t.Fatalf("migrate: %+v", r)
	}
	r = runCLI(t, env, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "up to date") {
		t.Fatalf("migrate again: %+v", r)
	}
}

func TestMigratePostgres(t *testing.T) {
	url := storetest.PostgresSchemaURL(t)
	r := runCLI(t, map[string]string{"OREWATCH_DATABASE_URL": url}, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "applied 0001") || strings.Contains(r.stdout+r.stderr, "password") {
		t.Fatalf("migrate on PostgreSQL: %+v", r)
	}
}

// startServe runs 'orewatch serve' in-process on a free port and returns
// its base URL and a function that stops it and returns its exit code.
func startServe(t *testing.T, vars map[string]string, args ...string) (string, func() result) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: pw, stderr: &errb, getenv: func(k string) string { return vars[k] }, now: fixedNow}
	done := make(chan int, 1)
	go func() {
		code := runEnv(ctx, e, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
		pw.Close()
		done <- code
	}()
	sc := bufio.NewScanner(pr)
	var base string
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "http://"); i >= 0 && strings.Contains(line, "listening") {
			base = strings.Fields(line[i:])[0]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		cancel()
		code := <-done
		t.Fatalf("serve did not start (exit %d): %s", code, errb.String())
	}
	return base, func() result {
		cancel()
		return result{code: <-done, stderr: errb.String()}
	}
}

func TestServeEndToEnd(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	// The scriptable forms automation relies on.
	if r := runCLIIn(t, env, "correct horse battery staple\n", "user", "add", "admin", "--role", "admin", "--agency", "GAC", "--password-stdin"); r.code != 0 {
		t.Fatalf("user add: %+v", r)
	}
	r := runCLI(t, env, "token", "create", "--user", "admin", "--ttl", "1h")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	if r.code != 0 || !strings.HasPrefix(token, "ow_") || strings.Contains(token, " ") {
		t.Fatalf("token create: %+v", r)
	}
	base, stop := startServe(t, env)
	call := func(path, tok string) (int, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, tt := range []struct {
		path, tok string
		status    int
		want      string
	}{
		{"/healthz", "", 200, `"ok"`},
		{"/readyz", "", 200, `"ready"`},
		{"/api/v1/catalog/lookup?hs=8110101000&date=2025-01-10&dest=US", "", 401, `"unauthorized"`},
		{"/api/v1/catalog/lookup?hs=8110101000&date=2025-01-10&dest=US", "ow_wrong", 401, `"unknown token"`},
		{"/api/v1/catalog/lookup?hs=8110101000&date=2025-01-10&dest=US", token, 200, `"presumption_of_denial"`},
		{"/api/v1/catalog/lookup?hs=8110", token, 400, `"field":"hs"`},
		{"/api/v1/catalog/measures", token, 200, `MOFCOM-GAC-2025-18`},
		{"/login", "", 200, "登录"},
		{"/dashboard", "", 200, "登录"}, // signed out: the sign-in page
	} {
		code, body := call(tt.path, tt.tok)
		if code != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d %s", tt.path, code, body)
		}
	}
	// A first start shows something: the demo world was analysed into the
	// empty store.
	_, body := call("/api/v1/alerts?limit=1", token)
	var q struct {
		Total int `json:"total"`
	}
	if json.Unmarshal([]byte(body), &q); q.Total < 50 {
		t.Errorf("demo data: %d alerts after a first start", q.Total)
	}
	if r := stop(); r.code != 0 {
		t.Fatalf("serve exited %d: %s", r.code, r.stderr)
	}
	// The server signed the trail's head as it stopped, and it verifies.
	if r := runCLI(t, env, "audit", "verify"); r.code != 0 || strings.Contains(r.stdout, " 0 checkpoints") {
		t.Errorf("after serve: %+v", r)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLIIn(t, env, "short\n", "user", "add", "x", "--role", "viewer", "--agency", "GAC", "--password-stdin"); r.code != 2 || !strings.Contains(r.stderr, "12 characters") {
		t.Fatalf("short password: %+v", r)
	}
	if r := runCLIIn(t, env, "a long enough passphrase\n", "user", "add", "x", "--role", "king", "--agency", "GAC", "--password-stdin"); r.code != 2 {
		t.Fatalf("bad role: %+v", r)
	}
	if r := runCLIIn(t, env, "a long enough passphrase\n", "user", "add", "wang", "--role", "analyst", "--agency", "gac", "--province", "湖南", "--password-stdin"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	if r := runCLIIn(t, env, "a long enough passphrase\n", "user", "add", "wang", "--role", "analyst", "--agency", "GAC", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("duplicate: %+v", r)
	}
	r := runCLI(t, env, "user", "list", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"province":"430000"`) || strings.Contains(r.stdout, "argon2") {
		t.Fatalf("list: %+v", r)
	}
	if r := runCLI(t, env, "token", "create", "--user", "wang", "--ttl", "3000h"); r.code != 2 { // 125 days: over the 90-day limit
		t.Fatalf("ttl too long: %+v", r)
	}
	if r := runCLI(t, env, "user", "disable", "wang"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runCLI(t, env, "token", "create", "--user", "wang"); r.code != 2 || !strings.Contains(r.stderr, "disabled") {
		t.Fatalf("token for a disabled user: %+v", r)
	}
}

func TestServeRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"OREWATCH_DATA_DIR": dir}
	if r := runCLI(t, env, "migrate"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	bumpSchema(t, filepath.Join(dir, "orewatch.db"))
	r := runCLI(t, env, "serve", "--addr", "127.0.0.1:0")
	if r.code != 1 || !strings.Contains(r.stderr, "newer than this binary") {
		t.Fatalf("serve on a newer schema: %+v", r)
	}
}

func TestScreenPartyCommand(t *testing.T) {
	r := runCLI(t, nil, "screen-party", "Lockheed-Martin Corp.", "--country", "US", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"matched":true`) || !strings.Contains(r.stdout, "CN-ECCL") {
		t.Fatalf("%+v", r)
	}
	r = runCLI(t, nil, "screen-party", "Lockwood Marine Corporation")
	if r.code != 0 || !strings.Contains(r.stdout, "No match") {
		t.Fatalf("%+v", r)
	}
	if r := runCLI(t, nil, "screen-party", "x", "--country", "Atlantis"); r.code != 2 {
		t.Fatalf("bad country: %+v", r)
	}
}

func TestLedgerCommands(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	u := "91431300MA4LTB0012"
	if r := runCLI(t, env, "ledger", "add", "--uscc", u, "--name", "冷水江锑都贸易有限公司", "--province", "湖南", "--segments", "冶炼|出口", "--minerals", "銻", "--registered-on", "2024-10-01"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	if r := runCLI(t, env, "ledger", "add", "--uscc", u, "--name", "again", "--province", "湖南", "--segments", "export"); r.code != 1 || !strings.Contains(r.stderr, "already in the ledger") {
		t.Fatalf("add twice: %+v", r)
	}
	if r := runCLI(t, env, "ledger", "set-status", u, "suspended", "--from", "2025-06-01", "--reason", "案件处置"); r.code != 0 {
		t.Fatalf("set-status: %+v", r)
	}
	r := runCLI(t, env, "ledger", "show", u, "--date", "2025-05-01", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"status_on":"active"`) || !strings.Contains(r.stdout, `"ledger_status":"suspended"`) || !strings.Contains(r.stdout, `"province":"430000"`) {
		t.Fatalf("show: %+v", r)
	}
	if r := runCLI(t, env, "ledger", "list", "--province", "湖南", "--mineral", "antimony", "--status", "suspended"); r.code != 0 || !strings.Contains(r.stdout, "1 of 1") {
		t.Fatalf("list: %+v", r)
	}
	if r := runCLI(t, env, "ledger", "coverage", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"enterprises":1`) {
		t.Fatalf("coverage: %+v", r)
	}
	if r := runCLI(t, env, "ledger", "show", "91431300MA4LTB0013"); r.code != 2 || !strings.Contains(r.stderr, "check character") {
		t.Fatalf("bad code: %+v", r)
	}
	if r := runCLI(t, env, "ledger", "set-status", u, "dormant"); r.code != 2 {
		t.Fatalf("bad status: %+v", r)
	}
}

func TestAuditTrail(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir(), "USER": "zhang"}
	steps := [][]string{
		{"import", screeningBundle},
		{"ledger", "set-status", "91431300MA4LTB0012", "suspended", "--from", "2025-07-01", "--reason", "案件处置"},
		{"token", "create", "--user", "admin"},
	}
	if r := runCLIIn(t, env, "correct horse battery staple\n", "user", "add", "admin", "--role", "admin", "--agency", "GAC", "--password-stdin"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, s := range steps {
		if r := runCLI(t, env, s...); r.code != 0 {
			t.Fatalf("%v: %s", s, r.stderr)
		}
	}
	r := runCLI(t, env, "audit", "verify")
	if r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Fatalf("verify: %+v", r)
	}
	r = runCLI(t, env, "audit", "export")
	for _, want := range []string{`"action":"user.add"`, `"action":"import.declarations"`, `"action":"events.capture"`, `"action":"ledger.set-status"`, `"action":"token.create"`, `"actor":"cli:zhang"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("audit export lacks %s", want)
		}
	}
	if strings.Contains(r.stdout, "argon2") || strings.Contains(r.stdout, "ow_") {
		t.Error("the audit trail holds a secret")
	}
	// Tamper with a row: verify names it and fails.
	db := openData(t, env["OREWATCH_DATA_DIR"])
	if _, err := db.SQL().Exec(`UPDATE audit_log SET actor = 'someone else' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r = runCLI(t, env, "audit", "verify")
	if r.code != 1 || !strings.Contains(r.stderr, "row 2") || !strings.Contains(r.stderr, "edited") {
		t.Fatalf("verify after tampering: %+v", r)
	}
}

// TestAuditKeyedTrail: the trail is keyed from the first command on, with
// the key in a file of its own (0600), and a checkpoint kept elsewhere
// shows a trail cut back with its head moved, even when the local copy of
// the checkpoints is deleted too.
func TestAuditKeyedTrail(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"OREWATCH_DATA_DIR": dir}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatal(r.stderr)
	}
	fi, err := os.Stat(filepath.Join(dir, "audit.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("audit key file: %v %v", fi, err)
	}
	r := runCLI(t, env, "audit", "checkpoint")
	if r.code != 0 || !strings.Contains(r.stdout, `"sig"`) || !strings.Contains(r.stderr, "public key") {
		t.Fatalf("checkpoint: %+v", r)
	}
	offsite := filepath.Join(t.TempDir(), "offsite.jsonl")
	os.WriteFile(offsite, []byte(r.stdout), 0o600)
	if r := runCLI(t, env, "audit", "verify"); r.code != 0 || !strings.Contains(r.stdout, "keyed from row 1, 1 checkpoints") {
		t.Fatalf("verify: %+v", r)
	}
	key, _ := os.ReadFile(filepath.Join(dir, "audit.key"))
	db := openData(t, dir)
	var n int
	db.SQL().QueryRow(`SELECT MAX(seq) FROM audit_log`).Scan(&n)
	for _, stmt := range []string{
		fmt.Sprintf(`DELETE FROM audit_log WHERE seq > %d`, n-3),
		fmt.Sprintf(`UPDATE audit_head SET seq = %d, hash = (SELECT hash FROM audit_log WHERE seq = %d) WHERE id = 1`, n-3, n-3),
	} {
		if _, err := db.SQL().Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	os.Remove(filepath.Join(dir, "audit-checkpoints.jsonl"))
	if r := runCLI(t, env, "audit", "verify"); r.code != 0 {
		t.Fatalf("without a checkpoint a cut-back trail still verifies (the documented limit): %+v", r)
	}
	r = runCLI(t, env, "audit", "verify", "--checkpoints", offsite)
	if r.code != 1 || !strings.Contains(r.stderr, "head moved back") || !strings.Contains(r.stderr, fmt.Sprintf("row %d", n-2)) {
		t.Fatalf("verify against the offsite checkpoint: %+v", r)
	}
	if r := runCLI(t, env, "serve", "--print-config"); strings.Contains(r.stdout, string(key)) || !strings.Contains(r.stdout, "audit-key-file") {
		t.Errorf("print-config: %s", r.stdout)
	}
}

// TestScreenPartyUsesImportedLists: a bundle's entity lists add to the
// shipped ones for screen-party as they do for analyze.
func TestScreenPartyUsesImportedLists(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, env, "screen-party", "Northwind Defence Systems", "--country", "US"); r.code != 0 || !strings.Contains(r.stdout, "No match") {
		t.Fatalf("before the import: %+v", r)
	}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCLI(t, env, "screen-party", "Northwind Defence Systems", "--country", "US", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"matched":true`) || !strings.Contains(r.stdout, "OWN-WATCH") {
		t.Fatalf("after the import: %+v", r)
	}
	if r := runCLI(t, env, "screen-party", "Lockheed-Martin Corp.", "--country", "US", "--json"); !strings.Contains(r.stdout, "CN-ECCL") {
		t.Errorf("the shipped lists are gone: %+v", r)
	}
}

// TestServeWebhook: with a webhook configured, a red declaration lodged
// through the API reaches the receiver as a signed POST.
func TestServeWebhook(t *testing.T) {
	secret := []byte("webhook test secret")
	got := make(chan notify.Event, 4)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !notify.Verify(secret, r.Header.Get("X-OreWatch-Timestamp"), body, r.Header.Get("X-OreWatch-Signature")) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var ev notify.Event
		json.Unmarshal(body, &ev)
		got <- ev
	}))
	defer rcv.Close()
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir(), "OREWATCH_DEMO": "false", "OREWATCH_WEBHOOK_URL": rcv.URL + "/hook?token=abc",
		"OREWATCH_WEBHOOK_SECRET": string(secret)}
	if r := runCLIIn(t, env, "correct horse battery staple\n", "user", "add", "admin", "--role", "admin", "--agency", "GAC", "--password-stdin"); r.code != 0 {
		t.Fatalf("user add: %+v", r)
	}
	r := runCLI(t, env, "token", "create", "--user", "admin", "--ttl", "1h")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	base, stop := startServe(t, env)
	defer func() {
		if r := stop(); r.code != 0 || strings.Contains(r.stderr, "abc") {
			t.Errorf("serve exited %d, or logged the webhook's token: %s", r.code, r.stderr)
		}
	}()
	// Wait for the webhook's first round, which starts its cursor.
	time.Sleep(3 * time.Second)
	body := `{"declaration_no": "530120250000000991", "declared_at": "2025-06-01", "exporter_uscc": "91350100M000100Y43", "transport_mode": "2",
		"destination_country": "JP", "consignee_name": "Tokyo Magnets KK", "currency": "CNY",
		"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 2, "unit": "t", "net_weight_kg": 2000,
		"gross_weight_kg": 2050, "total_value": 470000, "remarks": ""}]}`
	req, _ := http.NewRequest("POST", base+"/api/v1/declarations", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("lodge: %d", res.StatusCode)
	}
	select {
	case ev := <-got:
		if ev.Type != "alert" || !strings.Contains(ev.Alert.ID, "530120250000000991") || ev.Alert.Score < 90 {
			t.Errorf("delivered %+v", ev)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no delivery within 20 s")
	}
}

// TestCatalogCalendar: the ends of the suspensions in force until
// November 2026, and what they hit in a store with the screening bundle.
func TestCatalogCalendar(t *testing.T) {
	r := runCLI(t, nil, "catalog", "calendar", "--from", "2026-11-01", "--to", "2026-12-31")
	if r.code != 0 || !strings.Contains(r.stdout, "2026-11-28  恢复 resumes") || !strings.Contains(r.stdout, "MOFCOM-2024-46 art. 2 (US, presumption_of_denial) applies again") {
		t.Fatalf("%+v", r)
	}
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	r = runCLI(t, env, "catalog", "calendar", "--from", "2025-01-01", "--to", "2025-12-31", "--impact", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"impact":{"licences":`) {
		t.Fatalf("--impact: %+v", r)
	}
	if r := runCLI(t, nil, "catalog", "calendar", "--from", "tomorrow"); r.code != 2 {
		t.Errorf("a bad date: %+v", r)
	}
}

// TestServeMetricsListener: /metrics on a listener of its own answers
// Prometheus without a token and serves nothing else.
func TestServeMetricsListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir(), "OREWATCH_DEMO": "false", "OREWATCH_METRICS_ADDR": addr}
	_, stop := startServe(t, env)
	defer stop()
	get := func(path string) (int, string) {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "orewatch_webhook_backlog") {
		t.Errorf("/metrics: %d %.200s", code, body)
	}
	if code, _ := get("/api/v1/version"); code != 404 {
		t.Errorf("the API on the metrics listener: %d, want 404", code)
	}
}
