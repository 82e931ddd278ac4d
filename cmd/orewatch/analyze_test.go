package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/store/postgres"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/storetest"
)

const screeningBundle = "testdata/bundles/screening"

type declOut struct {
	DeclarationNo string `json:"declaration_no"`
	Channel       string `json:"channel"`
	Score         int    `json:"score"`
	Findings      []struct {
		Code     string         `json:"code"`
		Severity string         `json:"severity"`
		ItemNo   int            `json:"item_no"`
		Message  string         `json:"message"`
		Evidence map[string]any `json:"evidence"`
	} `json:"findings"`
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	return out
}

// TestAnalyzeScreeningBundle runs 'orewatch analyze' on the test bundle and
// compares every declaration with expected.csv, written by hand.
func TestAnalyzeScreeningBundle(t *testing.T) {
	out := t.TempDir()
	r := runCLI(t, nil, "analyze", screeningBundle, "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, f := range []string{"declarations.jsonl", "alerts.jsonl", "rejected.jsonl", "summary.json", "report.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	got := map[string]declOut{}
	for _, d := range readJSONL[declOut](t, filepath.Join(out, "declarations.jsonl")) {
		got[d.DeclarationNo] = d
	}
	ef, err := os.Open(filepath.Join(screeningBundle, "expected.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	recs, err := csv.NewReader(ef).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		no, wantCodes, wantChannel, why := rec[0], rec[1], rec[2], rec[3]
		d, ok := got[no]
		if !ok {
			t.Errorf("%s missing from declarations.jsonl", no)
			continue
		}
		codes := map[string]bool{}
		for _, f := range d.Findings {
			codes[f.Code] = true
			if f.Message == "" || f.Severity == "" || len(f.Evidence) == 0 || f.ItemNo < 1 {
				t.Errorf("%s: incomplete finding %+v", no, f)
			}
		}
		var cs []string
		for c := range codes {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		if strings.Join(cs, "|") != wantCodes || d.Channel != wantChannel {
			t.Errorf("%s (%s): codes %v channel %s, want %q %s", no, why, cs, d.Channel, wantCodes, wantChannel)
		}
		if (d.Channel == "red" && d.Score < 90) || (d.Channel == "green" && d.Score != 0) {
			t.Errorf("%s: score %d does not fit channel %s", no, d.Score, d.Channel)
		}
	}
	if len(got) != len(recs)-1 {
		t.Errorf("%d declarations in output, %d expected (every declaration read, once)", len(got), len(recs)-1)
	}

	var sum struct {
		Files []struct {
			File                     string
			Read, Imported, Rejected int
		}
		Declarations struct{ Total, Red, Yellow, Green int }
		AlertsByCode map[string]int `json:"alerts_by_code"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	rejected := 0
	for _, f := range sum.Files {
		if f.Read != f.Imported+f.Rejected {
			t.Errorf("%s: read %d != imported %d + rejected %d", f.File, f.Read, f.Imported, f.Rejected)
		}
		rejected += f.Rejected
	}
	rej := readJSONL[map[string]any](t, filepath.Join(out, "rejected.jsonl"))
	// 4 bad CSV rows and one EPCIS document that fails the schema.
	if len(rej) != rejected || rejected != 5 {
		t.Errorf("%d rejected lines, summary says %d, want 5", len(rej), rejected)
	}
	for _, r := range rej {
		for _, k := range []string{"file", "line", "column", "value", "reason"} {
			if _, ok := r[k]; !ok {
				t.Errorf("rejected row lacks %q: %v", k, r)
			}
		}
	}
	if sum.Declarations.Total != 16 || sum.Declarations.Red+sum.Declarations.Yellow+sum.Declarations.Green != 16 {
		t.Errorf("declaration counts %+v", sum.Declarations)
	}
	alerts := readJSONL[map[string]any](t, filepath.Join(out, "alerts.jsonl"))
	kinds := map[string]int{}
	for _, a := range alerts {
		kinds[a["subject_type"].(string)]++
		for _, k := range []string{"id", "subject_type", "subject_id", "code", "score", "summary", "evidence"} {
			if _, ok := a[k]; !ok {
				t.Errorf("alert lacks %q", k)
			}
		}
	}
	leak := false
	for _, a := range alerts {
		if a["code"] == "FLOW_LEAKAGE" && a["subject_id"] == "91431300MA4LTB0012" {
			ev, _ := json.Marshal(a["evidence"])
			// The ingot shipped to P3, outside the ledger, and the antimony
			// declared beyond what the events show was made (6.6 t made,
			// 22 t declared by June).
			leak = strings.Contains(string(ev), `"kind":"off_ledger_shipment"`) && strings.Contains(string(ev), `"to":"P3"`) &&
				strings.Contains(string(ev), `"kind":"unbacked_export"`) && !strings.Contains(string(ev), "zinc")
		}
	}
	if !leak {
		t.Error("FLOW_LEAKAGE alert for the Hunan exporter lacks the off-ledger shipment to P3 or the unbacked exports (or counts zinc)")
	}
	if kinds["declaration"] == 0 || kinds["enterprise"] == 0 || kinds["party"] == 0 {
		t.Errorf("alert subjects %v: want declarations, enterprises and parties", kinds)
	}
	html, _ := os.ReadFile(filepath.Join(out, "report.html"))
	for _, want := range []string{"530120250000000016", "CONTROL_UNDECLARED", "最高风险", "Highest-risk", "declarations.csv"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(string(html), "<script src") || strings.Contains(string(html), "http://") || strings.Contains(string(html), "https://") {
		t.Error("report.html is not self-contained")
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	r := runCLI(t, env, "import", screeningBundle)
	if r.code != 0 || !strings.Contains(r.stdout, "declarations") || strings.Contains(r.stdout, "nothing changed") {
		t.Fatalf("first import: %+v", r)
	}
	if !strings.Contains(r.stdout, "rejected declarations.csv:19 declared_at") {
		t.Errorf("first import does not report the bad row:\n%s", r.stdout)
	}
	r = runCLI(t, env, "import", screeningBundle)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
		t.Fatalf("second import: %+v", r)
	}
}

func TestAnalyzeBadInput(t *testing.T) {
	if r := runCLI(t, nil, "analyze", screeningBundle); r.code != 2 || !strings.Contains(r.stderr, "--out") {
		t.Errorf("no --out: %+v", r)
	}
	if r := runCLI(t, nil, "analyze", "testdata/nope", "--out", t.TempDir()); r.code != 1 {
		t.Errorf("missing bundle: %+v", r)
	}
}

// TestAnalyzePostgres imports into PostgreSQL through --db, twice: the
// second run must find everything already stored and give the same answers.
func TestAnalyzePostgres(t *testing.T) {
	url := storetest.PostgresSchemaURL(t)
	var first []byte
	for i := 0; i < 2; i++ {
		out := t.TempDir()
		r := runCLI(t, nil, "analyze", screeningBundle, "--out", out, "--db", url)
		if r.code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, r.code, r.stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "declarations.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if string(b) != string(first) {
			t.Error("a second analysis into the same store gave different results")
		}
		var sum struct {
			Imported []struct {
				Table              string
				Changed, Unchanged int
			}
		}
		s, _ := os.ReadFile(filepath.Join(out, "summary.json"))
		_ = json.Unmarshal(s, &sum)
		for _, c := range sum.Imported {
			if i == 1 && c.Changed != 0 {
				t.Errorf("second import changed %d %s", c.Changed, c.Table)
			}
			if i == 0 && c.Changed == 0 {
				t.Errorf("first import changed no %s", c.Table)
			}
		}
	}
}

// TestExportRoundTrip imports the test bundle, exports it, imports the
// export into a second store and exports again: the two exports must be
// identical file for file, and the second import must hold every row the
// first did.
func TestExportRoundTrip(t *testing.T) {
	a, b := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}, map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, a, "import", screeningBundle); r.code != 0 {
		t.Fatal(r.stderr)
	}
	out1, out2 := t.TempDir(), t.TempDir()
	if r := runCLI(t, a, "export", "--out", out1); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCLI(t, b, "import", out1)
	if r.code != 0 || strings.Contains(r.stdout, "\nrejected ") {
		t.Fatalf("re-import of the export: %+v", r)
	}
	if r := runCLI(t, b, "export", "--out", out2); r.code != 0 {
		t.Fatal(r.stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out1, "*.csv"))
	docs, _ := filepath.Glob(filepath.Join(out1, "epcis", "*"))
	files = append(files, docs...)
	if len(docs) != 1 {
		t.Errorf("export wrote %d EPCIS documents, want 1", len(docs))
	}
	if len(files) < 9 {
		t.Fatalf("export wrote %d tables, want all 9", len(files))
	}
	for _, f := range files {
		x, _ := os.ReadFile(f)
		rel, _ := filepath.Rel(out1, f)
		y, err := os.ReadFile(filepath.Join(out2, rel))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between the first and second export", filepath.Base(f))
		}
	}
	// Every row the original bundle imported is in the export.
	for table, want := range map[string]int{"declarations.csv": 17, "enterprises.csv": 4, "licences.csv": 7, "parties.csv": 3,
		"entity_lists.csv": 2, "party_links.csv": 1, "manifests.csv": 1, "prices.csv": 2, "materials.csv": 1} {
		x, _ := os.ReadFile(filepath.Join(out1, table))
		if n := strings.Count(strings.TrimSpace(string(x)), "\n"); n != want {
			t.Errorf("%s: %d rows exported, want %d", table, n, want)
		}
	}
	x, _ := os.ReadFile(filepath.Join(out1, "declarations.csv"))
	if !strings.Contains(strings.SplitN(string(x), "\n", 2)[0], "contract_no") || !strings.Contains(string(x), "HT-001") {
		t.Error("the unknown column contract_no was not kept through the round trip")
	}
}

func TestTraceCommand(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCLI(t, env, "trace", "backward", "antimony-ingot:HN-I-0225")
	if r.code != 0 || !strings.Contains(r.stdout, "antimony-concentrate:HN-C-0220") || !strings.Contains(r.stdout, "declaration 530120250000000001") {
		t.Fatalf("trace backward: %+v", r)
	}
	r = runCLI(t, env, "trace", "forward", "urn:orewatch:lot:antimony-concentrate:HN-C-0220", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"lot":"urn:orewatch:lot:antimony-ingot:HN-I-0225"`) {
		t.Fatalf("trace forward: %+v", r)
	}
	if r := runCLI(t, env, "trace", "backward", "nolot"); r.code != 2 {
		t.Fatalf("bad lot: %+v", r)
	}
	if r := runCLI(t, env, "trace", "backward", "antimony-ingot:NOPE"); r.code != 1 || !strings.Contains(r.stderr, "no event") {
		t.Fatalf("unknown lot: %+v", r)
	}
}

func TestBalanceCommand(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCLI(t, env, "balance", "91431300MA4LTB0012", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"kind":"off_ledger_shipment"`) || !strings.Contains(r.stdout, `"expected_output_kg":6600`) {
		t.Fatalf("balance: %+v", r)
	}
	r = runCLI(t, env, "balance", "91431300MA4LTB0012", "--material", "antimony-ingot", "--month", "2025-03")
	// 6,600 kg made in February, 5,000 exported and 1,000 shipped in March: 600 kg left.
	if r.code != 0 || !strings.Contains(r.stdout, "6600") || !strings.Contains(r.stdout, "600 ") || !strings.Contains(r.stdout, "FLOW_LEAKAGE") {
		t.Fatalf("balance for one month: %+v", r)
	}
	if r := runCLI(t, env, "balance", "91431300MA4LTB0012", "--month", "2025-13"); r.code != 2 {
		t.Fatalf("bad month: %+v", r)
	}
}

func TestCoverageListsSilentEnterprises(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCLI(t, env, "ledger", "coverage", "--json")
	// Hunan's exporter reports events; the Guangxi, Jiangxi and Yunnan ones do not.
	if r.code != 0 || strings.Contains(r.stdout, `"silent":["91431300MA4LTB0012"]`) || !strings.Contains(r.stdout, `"silent":["91450100MA5KGE002J"]`) {
		t.Fatalf("coverage: %+v", r)
	}
}

// TestAlertQueue: analyze into a kept store, work an alert, analyze again:
// the triage survives and the trail stays intact.
func TestAlertQueue(t *testing.T) {
	env, db := analyzedStore(t)
	r := runCLI(t, env, "alert", "list", "--status", "new", "--code", "LICENCE_MISSING", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, "DEC-530120250000000003-LICENCE_MISSING") || !strings.Contains(r.stdout, `"province":"430000"`) {
		t.Fatalf("queue: %+v", r)
	}
	if r := runCLI(t, env, "alert", "triage", "DEC-530120250000000003-LICENCE_MISSING", "--status", "dismissed"); r.code != 2 || !strings.Contains(r.stderr, "reason") {
		t.Fatalf("dismiss without reason: %+v", r)
	}
	if r := runCLI(t, env, "alert", "triage", "DEC-530120250000000003-LICENCE_MISSING", "--status", "dismissed", "--reason", "许可证已补交"); r.code != 0 {
		t.Fatalf("dismiss: %+v", r)
	}
	if r := runCLI(t, env, "analyze", screeningBundle, "--out", t.TempDir(), "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r = runCLI(t, env, "alert", "list", "--status", "dismissed", "--json")
	if !strings.Contains(r.stdout, "DEC-530120250000000003-LICENCE_MISSING") || !strings.Contains(r.stdout, "许可证已补交") {
		t.Fatalf("triage lost on re-analysis: %+v", r)
	}
	if r := runCLI(t, env, "audit", "verify"); r.code != 0 {
		t.Fatalf("audit: %+v", r)
	}
}

// TestCaseFromAnalysis: analyze, open a case on the Hunan exporter's
// FLOW_LEAKAGE alert, consult, close with a ledger suspension; the next
// analysis sees the exporter suspended.
func TestCaseFromAnalysis(t *testing.T) {
	env, db := analyzedStore(t)
	for _, u := range [][]string{{"wang", "GAC"}, {"li", "MPS"}} {
		if r := runCLIIn(t, env, "a long enough passphrase\n", "user", "add", u[0], "--role", "investigator", "--agency", u[1], "--password-stdin"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	r := runCLI(t, env, "case", "open", "--as", "wang", "--title", "湖南锑流失", "--alert", "ENT-91431300MA4LTB0012-FLOW_LEAKAGE", "--invite", "MPS")
	if r.code != 0 {
		t.Fatalf("open: %+v", r)
	}
	id := strings.Fields(r.stdout)[1]
	// Public security's private note stays with it; its reply reaches the
	// lead agency, which works the case.
	if r := runCLI(t, env, "case", "note", id, "--as", "li", "--text", "线人：经泰国转口", "--private"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runCLI(t, env, "case", "note", id, "--as", "li", "--text", "集装箱已在宁波港查验"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := runCLI(t, env, "case", "show", id, "--as", "wang", "--json"); r.code != 0 || strings.Contains(r.stdout, "线人") || !strings.Contains(r.stdout, "宁波港") {
		t.Fatalf("customs must read the public-security reply and not its private note: %+v", r)
	}
	if r := runCLI(t, env, "case", "update", id, "--as", "wang", "--status", "closed", "--disposal", "ledger_suspension", "--decision", "暂停台账"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	out := t.TempDir()
	if r := runCLI(t, env, "analyze", screeningBundle, "--out", out, "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// Declarations after today would now be flagged; the ledger shows the suspension.
	if r := runCLI(t, env, "ledger", "show", "91431300MA4LTB0012", "--json"); !strings.Contains(r.stdout, `"status_on":"suspended"`) {
		t.Fatalf("ledger after disposal: %+v", r)
	}
	if r := runCLI(t, env, "audit", "verify"); r.code != 0 {
		t.Fatalf("audit: %+v", r)
	}
}

// TestNetworkCommand: after an analysis, the graph around the Thai
// consignee shows its tie to the US military end user and why.
func TestNetworkCommand(t *testing.T) {
	env, _ := analyzedStore(t)
	r := runCLI(t, env, "network", "Siam Rare Metals Trading")
	if r.code != 0 || !strings.Contains(r.stdout, "party:P3") || !strings.Contains(r.stdout, "—agent_of→ party:P2") || !strings.Contains(r.stdout, "military end user") {
		t.Fatalf("network: %+v", r)
	}
	if r := runCLI(t, env, "network", "party:P3", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"hops":1`) {
		t.Fatalf("network --json: %+v", r)
	}
	if r := runCLI(t, env, "network", "Nobody At All Ltd"); r.code == 0 || !strings.Contains(r.stderr, "no party") {
		t.Fatalf("unknown party: %+v", r)
	}
}

// TestRules: analyst rules are checked, back-tested on a bundle and run by
// analyze, their findings carrying the rule's version.
func TestRules(t *testing.T) {
	r := runCLI(t, nil, "rules", "check", "testdata/rules")
	if r.code != 0 || !strings.Contains(r.stdout, "3 rules loaded") {
		t.Fatalf("check: %+v", r)
	}
	r = runCLI(t, nil, "rules", "test", "testdata/rules", "--bundle", screeningBundle, "--json")
	if r.code != 0 {
		t.Fatalf("test: %+v", r)
	}
	var rep struct {
		Declarations int `json:"declarations"`
		Rules        []struct {
			Code         string `json:"code"`
			Declarations int    `json:"declarations"`
			Errors       int    `json:"errors"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, x := range rep.Rules {
		got[x.Code] = x.Declarations
		if x.Errors > 0 {
			t.Errorf("%s failed on %d items", x.Code, x.Errors)
		}
	}
	// 005 goes to Thailand; 016's zinc comes from the Hunan antimony smelter.
	if rep.Declarations != 16 || got["SB_TO_HUB"] != 1 || got["ZINC_FROM_SMELTER"] != 1 {
		t.Errorf("back-test %+v", rep)
	}
	out := t.TempDir()
	if r := runCLI(t, nil, "analyze", screeningBundle, "--out", out, "--rules", "testdata/rules"); r.code != 0 {
		t.Fatalf("analyze --rules: %+v", r)
	}
	b, _ := os.ReadFile(filepath.Join(out, "declarations.jsonl"))
	if !strings.Contains(string(b), `"rule":"ZINC_FROM_SMELTER"`) || !strings.Contains(string(b), `"version":2`) {
		t.Errorf("rule findings missing from declarations.jsonl")
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "bad.yaml"), []byte("rules:\n  - code: BROKEN\n    version: 1\n    channel: red\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: decl.net_kg >\n"), 0o644)
	if r := runCLI(t, nil, "analyze", screeningBundle, "--out", t.TempDir(), "--rules", bad); r.code == 0 || !strings.Contains(r.stderr, "bad.yaml") {
		t.Errorf("broken rules: %+v", r)
	}
}

// TestRulesApply: a rules folder applied to a store becomes the rules its
// servers run, audited once; the same folder again changes nothing, and a
// folder that does not load is refused naming its file.
func TestRulesApply(t *testing.T) {
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir()}
	if r := runCLI(t, env, "migrate"); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	if r := runCLI(t, env, "rules", "apply", "testdata/rules"); r.code != 0 || !strings.Contains(r.stdout, "applied") || !strings.Contains(r.stdout, "3 rules") {
		t.Fatalf("apply: %+v", r)
	}
	if r := runCLI(t, env, "rules", "apply", "testdata/rules"); r.code != 0 || !strings.Contains(r.stdout, "unchanged") {
		t.Fatalf("apply again: %+v", r)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "bad.yaml"), []byte("rules:\n  - code: BROKEN\n    version: 1\n    channel: red\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: decl.net_kg >\n"), 0o644)
	if r := runCLI(t, env, "rules", "apply", bad); r.code == 0 || !strings.Contains(r.stderr, "bad.yaml") {
		t.Errorf("broken rules applied: %+v", r)
	}
	r := runCLI(t, env, "audit", "export")
	if r.code != 0 || strings.Count(r.stdout, `"rules.apply"`) != 1 {
		t.Errorf("audit: %d rules.apply rows in %+v", strings.Count(r.stdout, `"rules.apply"`), r)
	}
}

// TestChannelPolicy: a district that inspects every shipment to a listed
// party makes END_USER_LISTED red, also for uncontrolled goods (010, yellow
// by default).
func TestChannelPolicy(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "policy.yaml")
	os.WriteFile(pol, []byte("codes:\n  END_USER_LISTED: {channel: red, weight: 0.9}\n"), 0o644)
	out := t.TempDir()
	if r := runCLI(t, nil, "analyze", screeningBundle, "--out", out, "--policy", pol); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, d := range readJSONL[declOut](t, filepath.Join(out, "declarations.jsonl")) {
		if d.DeclarationNo == "530120250000000010" && (d.Channel != "red" || d.Score < 90) {
			t.Errorf("010 under the policy: %s %d", d.Channel, d.Score)
		}
	}
	os.WriteFile(pol, []byte("codes:\n  MISDECLARATION: {channel: blue}\n"), 0o644)
	if r := runCLI(t, nil, "analyze", screeningBundle, "--out", t.TempDir(), "--policy", pol); r.code == 0 || !strings.Contains(r.stderr, "policy.yaml") {
		t.Errorf("bad policy: %+v", r)
	}
}

// analyzedStore analyses the screening bundle into a kept embedded store
// and returns the environment that points the CLI at it, and its URL.
func analyzedStore(t *testing.T) (map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"OREWATCH_DATA_DIR": dir}
	db := "sqlite:" + filepath.Join(dir, "orewatch.db")
	if r := runCLI(t, env, "analyze", screeningBundle, "--out", t.TempDir(), "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	return env, db
}

// TestImportRefusesToMoveALicence: a second bundle that gives a stored
// licence to another exporter is refused before it writes, naming the
// licence and both holders; with --reassign it goes in and the licence's
// earlier state is kept as a version. On both stores.
func TestImportRefusesToMoveALicence(t *testing.T) {
	moved := t.TempDir()
	if err := os.CopyFS(moved, os.DirFS(screeningBundle)); err != nil {
		t.Fatal(err)
	}
	lic := filepath.Join(moved, "licences.csv")
	b, err := os.ReadFile(lic)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lic, []byte(strings.Replace(string(b), "LIC-A,91431300MA4LTB0012", "LIC-A,91450100MA5KGE002J", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"OREWATCH_DATA_DIR": dir}
			open := func() core.Store {
				db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName), nil)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			if kind == "postgres" {
				url := storetest.PostgresSchemaURL(t)
				env["OREWATCH_DATABASE_URL"] = url
				open = func() core.Store {
					db, err := postgres.Open(context.Background(), url, nil)
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { db.Close() })
					return db
				}
			}
			if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
				t.Fatalf("first import: %+v", r)
			}
			r := runCLI(t, env, "import", moved)
			if r.code == 0 || !strings.Contains(r.stderr, "LIC-A (held by 91431300MA4LTB0012, the bundle gives it to 91450100MA5KGE002J)") || !strings.Contains(r.stderr, "--reassign") {
				t.Fatalf("a bundle moving a licence: %+v", r)
			}
			st := open()
			if l, err := st.Licences().Get(context.Background(), "LIC-A"); err != nil || l.ExporterUSCC != "91431300MA4LTB0012" {
				t.Fatalf("after the refusal LIC-A is %+v, %v", l, err)
			}
			r = runCLI(t, env, "import", moved, "--reassign")
			if r.code != 0 || !strings.Contains(r.stdout, "1 stored records replaced") {
				t.Fatalf("with --reassign: %+v", r)
			}
			vs, err := st.Versions().List(context.Background(), core.VersionLicence, "LIC-A")
			if err != nil || len(vs) != 2 || !strings.Contains(string(vs[0].Body), "91431300MA4LTB0012") || !strings.Contains(string(vs[1].Body), "91450100MA5KGE002J") ||
				!strings.HasPrefix(vs[1].Source, "import imp-") {
				t.Fatalf("versions: %d %v %+v", len(vs), err, vs)
			}
		})
	}
}

// TestImportKeepsVersionsOfPartiesAndEnterprises: a second bundle that
// changes a party and a ledger entry keeps what they were before as their
// first versions, saying which import changed them.
func TestImportKeepsVersionsOfPartiesAndEnterprises(t *testing.T) {
	changed := t.TempDir()
	if err := os.CopyFS(changed, os.DirFS(screeningBundle)); err != nil {
		t.Fatal(err)
	}
	parties := filepath.Join(changed, "parties.csv")
	b, err := os.ReadFile(parties)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(parties, []byte(strings.Replace(string(b), "+31 10 000 0001", "+31 10 000 0999", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ents := filepath.Join(changed, "enterprises.csv")
	b, err = os.ReadFile(ents) // GB18030; the registration date is ASCII
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ents, []byte(strings.Replace(string(b), ",2024-10-01,", ",2024-09-01,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := map[string]string{"OREWATCH_DATA_DIR": dir}
	if r := runCLI(t, env, "import", screeningBundle); r.code != 0 {
		t.Fatalf("first import: %+v", r)
	}
	if r := runCLI(t, env, "import", changed); r.code != 0 {
		t.Fatalf("second import: %+v", r)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vs, err := db.Versions().List(context.Background(), core.VersionParty, "P1")
	if err != nil || len(vs) != 2 || !strings.Contains(string(vs[0].Body), "0001") || !strings.Contains(string(vs[1].Body), "0999") ||
		!strings.HasPrefix(vs[0].Source, "as stored before import imp-") || !strings.HasPrefix(vs[1].Source, "import imp-") {
		t.Fatalf("party versions: %d %v %+v", len(vs), err, vs)
	}
	vs, err = db.Versions().List(context.Background(), core.VersionEnterprise, "91431300MA4LTB0012")
	if err != nil || len(vs) != 2 || !strings.Contains(string(vs[0].Body), "2024-10-01") || !strings.Contains(string(vs[1].Body), "2024-09-01") {
		t.Fatalf("enterprise versions: %d %v %+v", len(vs), err, vs)
	}
}
