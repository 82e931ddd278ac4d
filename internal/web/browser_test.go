package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"orewatch/internal/core"
)

// chromium finds the browser: OREWATCH_TEST_CHROMIUM (set by .ci/run, so
// a broken install fails CI), else chromium on the PATH; without one the
// browser tests skip, saying so.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("OREWATCH_TEST_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("OREWATCH_TEST_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("SKIPPED: no Chromium (install Debian's chromium, or set OREWATCH_TEST_CHROMIUM); the browser tests did not run")
	return ""
}

// artefacts is where screenshots go: OREWATCH_TEST_ARTIFACTS (CI keeps
// them outside the source tree), else the test's temporary directory.
func artefacts(t *testing.T) string {
	dir := os.Getenv("OREWATCH_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

type chrome struct {
	t        *testing.T
	ctx      context.Context
	out      string
	axe      []byte
	mu       sync.Mutex
	problems []string
	step     string // the last screenshot taken, to place a console error
}

// newChrome starts Chromium for the test (skipping without one) and
// collects every console error and uncaught exception.
// click and submit act on a selector's node, looking it up again while it
// is being replaced: pages with a live feed (the queue, the dashboard)
// redraw rows, and a node found just before a redraw is gone when the
// click is sent ("no node with given id"). The lookup fails before any
// event is dispatched, so trying again never acts twice.
func click(sel string) chromedp.Action[chromedp.Void] {
	return onFreshNode(func() chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) })
}

func submit(sel string) chromedp.Action[chromedp.Void] {
	return onFreshNode(func() chromedp.Action[chromedp.Void] { return chromedp.Submit(chromedp.CSS(sel)) })
}

func onFreshNode(a func() chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		var err error
		for range 20 {
			if err = chromedp.Do(ctx, a()); err == nil || !strings.Contains(err.Error(), "(-32000)") {
				return err
			}
			select {
			case <-ctx.Done():
				return err
			case <-time.After(50 * time.Millisecond):
			}
		}
		return err
	})
}

// clickLoads clicks what submits a form or follows a link and waits until
// the page it leads to has loaded. Waiting for a selector alone can query
// the page being left while it unloads ("could not find node with given
// id"), which a slow machine shows.
func clickLoads(sel string) chromedp.Action[chromedp.Void] { return loads(sel, click(sel)) }

// submitLoads is clickLoads for a form submitted from one of its fields.
func submitLoads(sel string) chromedp.Action[chromedp.Void] { return loads(sel, submit(sel)) }

func loads(sel string, act chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__leaving = true`)); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, act); err != nil {
			return err
		}
		for {
			// Errors are the page changing under the evaluation: try again.
			done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__leaving === undefined && document.readyState === "complete"`))
			if err == nil && done {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s: the next page did not load: %w", sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

func newChrome(t *testing.T, timeout time.Duration) *chrome {
	t.Helper()
	exe := chromium(t)
	c := &chrome{t: t, out: artefacts(t)}
	tmp := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.NoSandbox, chromedp.Headless, chromedp.WindowSize(1280, 900), chromedp.Env("TMPDIR="+tmp))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	c.ctx, cancel = context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	messages := chromedp.Console(c.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				c.mu.Lock()
				c.problems = append(c.problems, m.String()+" at "+m.URL+" (after step "+c.step+")"+stack(m))
				c.mu.Unlock()
			}
		}
	}()
	var err error
	if c.axe, err = os.ReadFile("testdata/axe-core-4.14.1.min.js"); err != nil {
		t.Fatal(err)
	}
	return c
}

// stack is where an exception was thrown, frame by frame, so that one seen
// once in CI can be placed in the (minified) script that threw it.
func stack(m chromedp.ConsoleMessage) string {
	if m.Stack == nil {
		return ""
	}
	var b strings.Builder
	for i, f := range m.Stack.CallFrames {
		if i == 12 {
			break
		}
		fmt.Fprintf(&b, "\n\t%s %s:%d:%d", f.FunctionName, path.Base(f.URL), f.LineNumber+1, f.ColumnNumber+1)
	}
	return b.String()
}

// squeezeCharts gives every chart of the page a box of no size, lets the
// page see a resize, then gives the room back and lets it see another.
func squeezeCharts() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		const frames = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))`
		for _, js := range []string{
			`document.querySelectorAll("[data-chart]").forEach(el => { el.style.width = "0px"; el.style.height = "0px"; }); window.dispatchEvent(new Event("resize")); ` + frames,
			`document.querySelectorAll("[data-chart]").forEach(el => { el.style.width = ""; el.style.height = ""; }); window.dispatchEvent(new Event("resize")); ` + frames,
		} {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise)); err != nil {
				return fmt.Errorf("squeeze the charts: %w", err)
			}
		}
		return nil
	})
}

func (c *chrome) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return err
		}
		c.mu.Lock()
		c.step = name
		c.mu.Unlock()
		return os.WriteFile(filepath.Join(c.out, "browser-"+name+".png"), png, 0o644)
	})
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		c.t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// accessible runs axe-core (vendored for tests, checksummed) on the page
// as it stands: any serious or critical violation of WCAG 2 A/AA (labels,
// contrast, names, structure) fails the test.
func (c *chrome) accessible(name string) {
	c.t.Helper()
	type violation struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	}
	if _, err := chromedp.Run(c.ctx, chromedp.Evaluate[any](string(c.axe)+";true")); err != nil {
		c.t.Fatalf("load axe on %s: %v", name, err)
	}
	vs, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]violation](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		c.t.Fatalf("axe on %s: %v", name, err)
	}
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			c.t.Errorf("accessibility, %s: %s (%s) at %v", name, v.Help, v.ID, v.Nodes[0].Target)
		}
	}
}

// done fails the test on every console error seen.
func (c *chrome) done() {
	time.Sleep(200 * time.Millisecond) // let the last console events arrive
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.problems {
		c.t.Errorf("browser console: %s", p)
	}
	c.t.Logf("screenshots in %s", c.out)
}

// TestBrowser drives the UI in headless Chromium as an officer would: sign
// in, read the dashboard (charts drawn), triage alerts into a case with
// another agency, look up a code with a Traditional-Chinese destination,
// switch to English, and upload a bundle. Any JavaScript error or uncaught
// exception fails the test; a screenshot of each step is kept.
// chrome is a headless Chromium on a test site: its context, the
// console's errors, screenshots and the accessibility check.
func TestBrowser(t *testing.T) {
	s := newSite(t, true)
	c := newChrome(t, 150*time.Second)
	ctx, shot, text, accessible := c.ctx, c.shot, c.text, c.accessible
	base := s.srv.URL
	// Sign in and land on the dashboard with its charts drawn.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "analyst"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		submit("#password"),
		chromedp.WaitVisible(chromedp.CSS(`[data-chart][data-drawn="true"] canvas`)),
		shot("1-dashboard"),
	); err != nil {
		t.Fatalf("sign in and dashboard: %v", err)
	}
	accessible("dashboard")
	// Every bar's label drawn (ECharts hides every other one that would
	// touch by default) and the legends in the page's language.
	type axis struct {
		Intervals []int    `json:"intervals"`
		Legend    []string `json:"legend"`
		Labels    []string `json:"labels"` // of the alerts-by-code bars, the channels' pie and the price gaps
	}
	ax, err := chromedp.Run(ctx, chromedp.Evaluate[axis](`(() => {
		const els = Array.from(document.querySelectorAll('[data-chart="bar"], [data-chart="gap"]'));
		const intervals = els.map(el => { const o = echarts.getInstanceByDom(el).getOption(); return (el.dataset.chart === "bar" ? o.yAxis[0] : o.xAxis[0]).axisLabel.interval; });
		const gap = document.querySelector('[data-chart="gap"]');
		const opt = sel => echarts.getInstanceByDom(document.querySelector(sel)).getOption();
		const labels = [].concat(opt('[data-key="code"]').yAxis[0].data, opt('[data-key="channel"]').series[0].data.map(d => d.name), opt('[data-chart="gap"]').xAxis[0].data);
		return {intervals, legend: gap ? echarts.getInstanceByDom(gap).getOption().legend[0].data : [], labels};
	})()`))
	if err != nil || len(ax.Intervals) < 3 || slices.ContainsFunc(ax.Intervals, func(i int) bool { return i != 0 }) || !slices.Equal(ax.Legend, []string{"国内", "国际"}) {
		t.Errorf("the dashboard's bar labels or legend: %+v %v", ax, err)
	}
	for _, l := range ax.Labels {
		if regexp.MustCompile(`[A-Z]{4,}_|^(red|yellow|green)$|^[a-z]+-[a-z]+$`).MatchString(l) {
			t.Errorf("a chart on the Chinese dashboard is labelled %q", l)
		}
	}
	if got := text("#total-alerts"); got == "" || got == "0" {
		t.Errorf("dashboard shows %q alerts", got)
	}

	// The queue follows the alert stream: an alert raised while it is
	// open appears at the top, counted, without a reload.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/alerts"),
		chromedp.WaitVisible(chromedp.CSS("#queue tbody tr")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := s.store.Alerts().Raise(ctx, &core.Alert{ID: "DEC-530120259999999999-CONTROL_UNDECLARED", SubjectType: "declaration",
				SubjectID: "530120259999999999", Code: "CONTROL_UNDECLARED", Score: 95, Summary: "no control statement", SummaryZh: "未申报管制物项",
				Evidence: "{}", Province: "430000"})
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("#row-DEC-530120259999999999-CONTROL_UNDECLARED")),
		chromedp.WaitVisible(chromedp.CSS("#live")),
		shot("2a-live-queue"),
	); err != nil {
		t.Fatalf("live queue: %v", err)
	}
	if got := text("#live span"); !strings.Contains(got, "1") {
		t.Errorf("the live line says %q", got)
	}
	if got := text("#queue tbody tr:first-child"); !strings.Contains(got, "未申报管制物项") || !strings.Contains(got, "95") {
		t.Errorf("the first row is %q, want the new alert", got)
	}

	// The self-check: a draft of antimony ingots to Japan, without the
	// control statement, gets its channel and the remarks to write.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/selfcheck"),
		chromedp.WaitVisible(chromedp.CSS("#f-hs_code")),
		chromedp.SendKeys(chromedp.CSS("#f-exporter_uscc"), "91431300MA4LTB0012"),
		chromedp.SendKeys(chromedp.CSS("#f-destination_country"), "日本"),
		chromedp.SendKeys(chromedp.CSS("#f-consignee_name"), "Tokyo Magnets KK"),
		chromedp.SendKeys(chromedp.CSS("#f-hs_code"), "8110101000"),
		chromedp.SendKeys(chromedp.CSS("#f-goods_name"), "锑锭"),
		chromedp.SendKeys(chromedp.CSS("#f-quantity"), "2000"),
		chromedp.SendKeys(chromedp.CSS("#f-net_weight_kg"), "2000"),
		chromedp.SendKeys(chromedp.CSS("#f-gross_weight_kg"), "2050"),
		chromedp.SendKeys(chromedp.CSS("#f-total_value"), "470000"),
		click("#check"),
		chromedp.WaitVisible(chromedp.CSS("#verdict")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("self-check"); return nil }),
		shot("2b-selfcheck"),
	); err != nil {
		t.Fatalf("self-check: %v", err)
	}
	if got := text("#remarks-zh"); !strings.Contains(got, "是否属于管制物项：是") {
		t.Errorf("the remarks to write: %q", got)
	}

	// Triage: select two alerts in the queue and open a case inviting MPS.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/alerts?code=LICENCE_MISSING"),
		chromedp.WaitVisible(chromedp.CSS(`#sel-DEC-530120250000000003-LICENCE_MISSING`)),
		click(`#sel-DEC-530120250000000003-LICENCE_MISSING`),
		chromedp.SendKeys(chromedp.CSS("#title"), "湖南锑出口无许可证"),
		click("#invite-MPS"),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("alert queue"); return nil }),
		shot("2-queue"),
		clickLoads("#open-case"),
		chromedp.WaitVisible(chromedp.CSS("#text")),
		chromedp.SendKeys(chromedp.CSS("#text"), "已请公安部会商"),
		submitLoads("#text"),
		chromedp.WaitVisible(chromedp.CSS(".notes li")),
		shot("3-case"),
	); err != nil {
		t.Fatalf("triage into a case: %v", err)
	}
	accessible("case")
	casePage, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// The case file: its print view, and its PDF fetched as the page's
	// link would, with the officer's session.
	type fetched struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Head   string `json:"head"`
		Size   int    `json:"size"`
	}
	pdf, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](`fetch(document.querySelector("#case-pdf").href).then(async r => {
		const b = await r.arrayBuffer();
		return {status: r.status, type: r.headers.get("content-type"), head: new TextDecoder().decode(b.slice(0, 5)), size: b.byteLength};
	})`, chromedp.EvalAwaitPromise))
	if err != nil || pdf.Status != 200 || pdf.Type != "application/pdf" || pdf.Head != "%PDF-" || pdf.Size < 1000 {
		t.Errorf("the case file's PDF: %+v %v", pdf, err)
	}
	if err := chromedp.Do(ctx,
		click("#print-case"),
		chromedp.WaitVisible(chromedp.CSS("#case-trail")),
		shot("3-case-print"),
	); err != nil {
		t.Fatalf("case file: %v", err)
	}
	if got := text("#case-alerts"); !strings.Contains(got, "无出口许可证") {
		t.Errorf("the case file's findings: %q", got)
	}
	if got := text("main"); !strings.Contains(got, "湖南锑出口无许可证") || !strings.Contains(got, "MPS") || !strings.Contains(got, "已请公安部会商") {
		t.Errorf("case page: %.300s", got)
	}

	// The dashboard's province map, then a saved filter of the queue and
	// every alert it matches selected across pages.
	// Links are followed by their href, not clicked: the dashboard's live
	// feed redraws its nodes, and a click can land on a node just replaced
	// ("could not find node") on a busy machine.
	follow := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(sel)+`).href`))
			if err != nil {
				return fmt.Errorf("the link %s: %w", sel, err)
			}
			return chromedp.Do(ctx, chromedp.Navigate(href))
		})
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`#provmap [data-province="430000"] a`)),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("province map"); return nil }),
		shot("3b-province-map"),
		follow(`#provmap [data-province="430000"] a`),
		chromedp.WaitVisible(chromedp.CSS("#queue")),
		chromedp.SendKeys(chromedp.CSS("#filter-name"), "湖南全部"),
		submit("#filter-name"),
		chromedp.WaitVisible(chromedp.CSS("#saved-filters a")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("saved filters"); return nil }),
		shot("3c-saved-filter"),
		follow("#saved-filters a"),
		chromedp.WaitVisible(chromedp.CSS("#queue")),
	); err != nil {
		t.Fatalf("province map and saved filter: %v", err)
	}
	if got := text("#saved-filters"); !strings.Contains(got, "湖南全部") {
		t.Errorf("saved filters: %q", got)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "province=430000") {
		t.Errorf("the saved filter led to %q (%v)", loc, err)
	}

	// The queue's own filters and sort; then every alert the filter
	// matches, on every page, selected and triaged in one action.
	for i := range 60 {
		id := fmt.Sprintf("DEC-53012025888888%04d-VALUE_ANOMALY", i)
		if _, err := s.store.Alerts().Raise(context.Background(), &core.Alert{ID: id, SubjectType: "declaration", SubjectID: id[4:22], Code: "VALUE_ANOMALY",
			Score: 60, Summary: "unit value far below the month's", SummaryZh: "单价远低于当月", Evidence: "{}", Province: "450000"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/alerts"),
		chromedp.WaitVisible(chromedp.CSS("#f-channel")),
		chromedp.SetValue(chromedp.CSS("#f-channel"), "yellow"),
		chromedp.SetValue(chromedp.CSS("#f-province"), "450000"),
		chromedp.SetValue(chromedp.CSS("#f-code"), "VALUE_ANOMALY"),
		submit("#f-channel"),
		chromedp.WaitReady(chromedp.CSS(`#f-channel option[value="yellow"][selected]`)), // the filtered page
		chromedp.WaitVisible(chromedp.CSS("#select-all")),
		click("#sort-subject"),
		chromedp.WaitVisible(chromedp.CSS("th[aria-sort] > #sort-subject")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("queue filters"); return nil }),
		shot("3d-queue-filters"),
	); err != nil {
		t.Fatalf("queue filters: %v", err)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "channel=yellow") || !strings.Contains(loc, "province=450000") || !strings.Contains(loc, "sort=subject") {
		t.Errorf("the filtered, sorted queue is at %q (%v)", loc, err)
	}
	if got := text("#queue caption"); !strings.Contains(got, "/ 6") {
		t.Errorf("the filtered queue counts %q", got)
	}
	if err := chromedp.Do(ctx,
		click("#select-all"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "价格异常批量核查"),
		click(`#bulk button[formaction="/alerts/triage"][value="triaged"]`),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
		shot("3e-select-all"),
	); err != nil {
		t.Fatalf("select all and triage: %v", err)
	}
	left, _, err := s.store.Alerts().List(context.Background(), core.AlertFilter{Code: "VALUE_ANOMALY", Province: "450000", MinScore: 50, MaxScore: 89, Status: core.AlertNew})
	if err != nil || len(left) != 0 {
		t.Errorf("after triaging all that match, %d are still new (%v)", len(left), err)
	}
	if _, n, _ := s.store.Alerts().List(context.Background(), core.AlertFilter{Code: "VALUE_ANOMALY", Province: "450000", Status: core.AlertTriaged}); n < 60 {
		t.Errorf("%d alerts triaged, want every one of the 60 and more", n)
	}

	// An alert explained: findings as sentences, the next step and its
	// legal basis; the raw evidence only behind its toggle.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/alerts/DEC-530120250000000005-TRANSSHIPMENT"),
		chromedp.WaitVisible(chromedp.CSS("#next-step")),
		chromedp.WaitVisible(chromedp.CSS("#findings")),
		chromedp.WaitVisible(chromedp.CSS("#signals")),
		chromedp.WaitVisible(chromedp.CSS(`#evidence-facts a[href="/network?party=P3"]`)),
	); err != nil {
		t.Fatalf("alert page: %v", err)
	}
	if open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("details").open`)); err != nil || open {
		t.Errorf("the raw evidence is open (%v)", err)
	}
	if err := chromedp.Do(ctx,
		click("details summary"),
		chromedp.WaitVisible(chromedp.CSS("pre.evidence")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("alert"); return nil }),
		shot("3f-alert"),
	); err != nil {
		t.Fatalf("alert evidence: %v", err)
	}
	if got := text("#next-step"); !strings.Contains(got, "公告") && !strings.Contains(got, "出口管制法") {
		t.Errorf("the next step names no legal basis: %q", got)
	}

	// Search from the header, then the declarations list filtered by code.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS("#search-q")),
		chromedp.SendKeys(chromedp.CSS("#search-q"), "91431300MA4LTB0012"),
		submit("#search-q"),
		chromedp.WaitVisible(chromedp.CSS(`main a[href="/enterprises/91431300MA4LTB0012"]`)),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("search"); return nil }),
		shot("3g-search"),
		click(`main a[href="/enterprises/91431300MA4LTB0012"]`),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
		shot("3h-enterprise"),
		chromedp.Navigate(base+"/declarations"),
		chromedp.WaitVisible(chromedp.CSS("#d-hs")),
		chromedp.SendKeys(chromedp.CSS("#d-hs"), "8110"),
		submit("#d-hs"),
		chromedp.WaitVisible(chromedp.CSS(`#d-hs[value="8110"]`)), // the filtered page, not the one submitted from
		chromedp.WaitVisible(chromedp.CSS("#declarations tbody tr")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { accessible("declarations"); return nil }),
		shot("3i-declarations"),
	); err != nil {
		t.Fatalf("search and lists: %v", err)
	}
	if got := text("#declarations tbody"); !strings.Contains(got, "8110") {
		t.Errorf("declarations under 8110: %.200q", got)
	}

	// A lookup with the destination typed in Traditional Chinese.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/catalog"),
		chromedp.WaitVisible(chromedp.CSS("#hs")),
		chromedp.SendKeys(chromedp.CSS("#hs"), "8112921010"),
		chromedp.SetValue(chromedp.CSS("#date"), "2025-03-10"),
		chromedp.SendKeys(chromedp.CSS("#dest"), "美國"),
		submit("#dest"),
		chromedp.WaitVisible(chromedp.CSS("#answer")),
		shot("4-lookup"),
	); err != nil {
		t.Fatalf("lookup: %v", err)
	}
	accessible("catalogue")
	// The checker itself: a field without a label must be caught.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector("main").insertAdjacentHTML("beforeend", "<input id=unlabelled>"); true`)); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a"]}}).then(r => r.violations.length)`, chromedp.EvalAwaitPromise))
	if err != nil || n == 0 {
		t.Errorf("axe missed an unlabelled field (%d violations, %v)", n, err)
	}
	if got := text("#answer"); !strings.Contains(got, "属于管制物项") || !strings.Contains(got, "presumption_of_denial") {
		t.Errorf("lookup answer: %q", got)
	}

	// English, then an upload of a small bundle.
	zipPath := filepath.Join(t.TempDir(), "screening.zip")
	if err := os.WriteFile(zipPath, zipDir(t, screening), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/lang?to=en&back=/import"),
		chromedp.WaitVisible(chromedp.CSS("#bundle")),
		chromedp.SetUploadFiles(chromedp.CSS("#bundle"), []string{zipPath}),
		click("#import-go"),
		chromedp.WaitVisible(chromedp.CSS("#import-summary")),
		shot("5-import"),
	); err != nil {
		t.Fatalf("upload: %v", err)
	}
	if got := text("main"); !strings.Contains(got, "Imported") || !strings.Contains(got, "declarations.csv") || !strings.Contains(got, "Rejected rows") {
		t.Errorf("import page: %.300s", got)
	}

	// The network around the Thai consignee, the flows of antimony and a
	// lot's genealogy.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/network?party=P3"),
		chromedp.WaitVisible(chromedp.CSS(`[data-chart="graph"][data-drawn="true"] canvas`)),
		shot("6-network"),
		chromedp.Navigate(base+"/flows?group=antimony"),
		chromedp.WaitVisible(chromedp.CSS(`[data-chart="sankey"][data-drawn="true"] canvas`)),
		shot("7-flows"),
		// A window shrunk to nothing (or a page being captured) resizes
		// the charts' boxes to zero: the Sankey must wait for room, not
		// throw, and draw again when the room comes back.
		squeezeCharts(),
		chromedp.WaitVisible(chromedp.CSS(`[data-chart="sankey"][data-drawn="true"] canvas`)),
		chromedp.Navigate(base+"/trace?lot=antimony-ingot:HN-I-0225"),
		chromedp.WaitVisible(chromedp.CSS("#tree")),
		shot("8-trace"),
		chromedp.Navigate(base+"/dashboard?group=antimony"),
		chromedp.WaitVisible(chromedp.CSS(`[data-chart="exports"][data-drawn="true"] canvas`)),
		shot("9-exports"),
	); err != nil {
		t.Fatalf("network, flows, trace: %v", err)
	}

	// The officer's pages in English too, each shot for a reviewer.
	for _, pg := range []struct{ name, path, sel, want string }{
		{"en-queue", "/alerts", "#queue", "Alert queue"},
		{"en-alert", "/alerts/DEC-530120250000000003-LICENCE_MISSING", "#next-step", "licence missing"},
		{"en-case", strings.TrimPrefix(casePage, base), "#timeline", "Timeline"},
		{"en-search", "/search?q=" + url.QueryEscape("锑"), "main h1", "Search"},
		{"en-declarations", "/declarations", "#declarations", "Declarations"},
	} {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(base+pg.path),
			chromedp.WaitVisible(chromedp.CSS(pg.sel)),
			shot(pg.name),
		); err != nil {
			t.Fatalf("%s: %v", pg.name, err)
		}
		if got := text("main"); !strings.Contains(got, pg.want) {
			t.Errorf("%s in English lacks %q: %.200q", pg.name, pg.want, got)
		}
	}
	accessible("English case")

	// A provincial officer: flows shown for its province rather than
	// refused, and no province to pick in the queue.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)),
		click(`form[action="/logout"] button`),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "hunan"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		submit("#password"),
		chromedp.WaitVisible(chromedp.CSS("#provmap")),
		chromedp.Navigate(base+"/flows?group=antimony"),
		chromedp.WaitVisible(chromedp.CSS(`[data-chart="sankey"][data-drawn="true"] canvas`)),
		shot("10-province-flows"),
		chromedp.Navigate(base+"/alerts"),
		chromedp.WaitVisible(chromedp.CSS("#queue")),
	); err != nil {
		t.Fatalf("provincial officer: %v", err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#f-province").length`)); err != nil || n != 0 {
		t.Errorf("a Hunan officer is offered a province to pick (%d, %v)", n, err)
	}

	c.done()
}
