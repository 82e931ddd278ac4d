package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// codeTokens are codes the store keeps that a page must show as words.
var codeTokens = []string{"CONTROL_UNDECLARED", "LICENCE_MISSING", "LICENCE_INVALID", "LICENCE_MISMATCH", "LICENCE_EXCEEDED",
	"DESTINATION_PROHIBITED", "END_USER_LISTED", "UNREGISTERED_ENTERPRISE", "FLOW_LEAKAGE", "MISDECLARATION", "UNDERDECLARATION",
	"CONCEALMENT", "VALUE_ANOMALY", "TRANSSHIPMENT", "STRUCTURING", "NETWORK_RISK", "under_consultation", "ledger_suspension",
	"presumption_of_denial", "enhanced_review"}

// englishPhrases are the detectors' English sentences, which a Chinese
// page must show in Chinese.
var englishPhrases = []string{"is likely routed on", "are likely something else", "hop(s) from", "the chain of custody", "the specification gives",
	"small consignments (", "is a cover name", "was not in the ledger", "control code", "状态为revoked", "状态为suspended"}

var (
	tagRe    = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	scriptRe = regexp.MustCompile(`(?s)<script.*?</script>|<details>.*?</details>`)
)

// visibleText is what a reader sees of a page: no tags, attributes or
// scripts, nor what waits behind a "details" toggle (the raw evidence).
func visibleText(html string) string {
	return tagRe.ReplaceAllString(scriptRe.ReplaceAllString(html, " "), " ")
}

// TestPagesShowTermsNotCodes renders every page an analyst reads, in
// both languages, and fails on a code shown as it is stored.
func TestPagesShowTermsNotCodes(t *testing.T) {
	s := newSite(t, true)
	for _, lang := range []string{"zh", "en"} {
		b := s.browser(t).signIn("analyst")
		b.get("/lang?to=" + lang + "&back=/")
		for _, path := range []string{"/dashboard", "/alerts", "/alerts/DEC-530120250000000003-LICENCE_MISSING", "/declarations/530120250000000003",
			"/enterprises/91431300MA4LTB0012", "/cases", "/declarations", "/enterprises", "/licences", "/catalog", "/search?q=锑",
			"/flows", "/network?party=Golden", "/import", "/alerts?status=new&sort=code", "/alerts/DEC-530120250000000005-TRANSSHIPMENT",
			"/alerts?channel=red&mineral=antimony", "/cases?status=open"} {
			code, body := b.get(path)
			if code != 200 {
				t.Fatalf("%s %s: %d", lang, path, code)
			}
			text := visibleText(body)
			tokens := codeTokens
			if lang == "zh" {
				tokens = append(slices.Clone(codeTokens), englishPhrases...)
			}
			for _, tok := range tokens {
				if strings.Contains(text, tok) {
					i := strings.Index(text, tok)
					t.Errorf("%s %s shows %s: …%s…", lang, path, tok, text[max(0, i-60):min(len(text), i+60)])
				}
			}
		}
	}
}
