package web_test

import (
	"strings"
	"testing"
	"time"

	"orewatch/internal/web"
)

// TestLapsedSuspensionWarning: on 2026-12-01 every page says that the
// suspensions which ended on 2026-11-10 and 2026-11-27 are over and their
// controls apply again, in both languages; in June 2025 none does.
func TestLapsedSuspensionWarning(t *testing.T) {
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) {
		d.Now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	})
	b := s.browser(t).signIn("analyst")
	for _, path := range []string{"/dashboard", "/alerts", "/catalog"} {
		code, body := b.get(path)
		if code != 200 || !strings.Contains(body, `class="lapsed"`) || !strings.Contains(body, "MOFCOM-2024-46第2条（对US）的暂停（MOFCOM-2025-72）已到期") {
			t.Errorf("%s on 2026-12-01: %d, no warning of the lapsed US rule", path, code)
		}
	}
	b.get("/lang?to=en&back=/dashboard")
	if _, body := b.get("/dashboard"); !strings.Contains(body, "From 2026-11-28 MOFCOM-2024-46 article 2 (US) applies again") {
		t.Errorf("the English warning is missing")
	}
	if _, body := newSite(t, true).browser(t).signIn("analyst").get("/dashboard"); strings.Contains(body, `class="lapsed"`) {
		t.Errorf("a warning in June 2025, before any suspension ended")
	}
}
