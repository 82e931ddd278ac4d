// Package screen runs the deterministic checks on export declarations, as
// of each declaration's date: the remarks statement, licences, destination
// rules, restricted parties and the ledger. Each finding explains itself in
// Chinese and English with machine-readable evidence.
package screen

import (
	"regexp"
	"strings"

	"orewatch/internal/textnorm"
)

// Remarks is what the remarks field says about control status.
type Remarks struct {
	Stated     bool     // a statement of control status was found
	Controlled bool     // what it states (meaningful when Stated)
	Codes      []string // dual-use control codes found, canonical form (1C902.a)
	Snippet    string   // the text that carried the statement
}

var (
	// "是否属于管制物项：是", "管制物项: 否", "两用物项：是" (after folding,
	// Traditional is Simplified and full-width punctuation is ASCII).
	reQA = regexp.MustCompile(`(?:是否)?(?:属于)?(?:出口)?(?:两用物项|管制物项|管制货物|管控物项)\s*[:：=]?\s*(是|否|yes|no|y|n)(?:[^a-z]|$)`)
	// "不属于管制物项", "非管制物项", "非两用物项", "不是管制物项".
	reNegZh = regexp.MustCompile(`(?:不属于|不是|非)(?:出口)?(?:两用物项|管制物项|管制货物)`)
	// "属于管制物项", "属于两用物项" (negations are matched first).
	rePosZh = regexp.MustCompile(`属于(?:出口)?(?:两用物项|管制物项|管制货物)`)
	// "not a controlled item", "non-controlled goods", "not dual-use".
	reNegEn = regexp.MustCompile(`\b(?:not\s+(?:an?\s+)?(?:export[- ]?)?(?:controlled|dual[- ]use)|non[- ]?(?:controlled|dual[- ]use))\b`)
	// "controlled item: yes", "dual-use: N", "export control status: controlled".
	reQAEn  = regexp.MustCompile(`\b(?:export[- ]?)?(?:controlled|control status|dual[- ]use)(?:\s+(?:items?|goods|status))?\s*[:=]\s*(yes|no|y|n|true|false|controlled|not controlled)\b`)
	rePosEn = regexp.MustCompile(`\b(?:is|are)\s+(?:an?\s+)?(?:export[- ]?)?(?:controlled|dual[- ]use)\s+(?:items?|goods)\b`)
	// Dual-use control codes: category digit, group letter, three digits,
	// optional sub-items (1C902.a, 1C117.d, 3A001.a.1).
	reCode = regexp.MustCompile(`(?:^|[^0-9a-z])([0-9][a-e][0-9]{3}(?:\.[a-z0-9]+)*)`)
)

// ParseRemarks reads a remarks field.
func ParseRemarks(text string) Remarks {
	var r Remarks
	f := textnorm.Fold(text)
	if f == "" {
		return r
	}
	switch {
	case reQA.MatchString(f):
		m := reQA.FindStringSubmatch(f)
		r.Stated, r.Controlled, r.Snippet = true, yes(m[1]), strings.TrimSpace(m[0])
	case reNegZh.MatchString(f):
		r.Stated, r.Controlled, r.Snippet = true, false, reNegZh.FindString(f)
	case rePosZh.MatchString(f):
		r.Stated, r.Controlled, r.Snippet = true, true, rePosZh.FindString(f)
	case reNegEn.MatchString(f):
		r.Stated, r.Controlled, r.Snippet = true, false, reNegEn.FindString(f)
	case reQAEn.MatchString(f):
		m := reQAEn.FindStringSubmatch(f)
		r.Stated, r.Controlled, r.Snippet = true, yes(m[1]), strings.TrimSpace(m[0])
	case rePosEn.MatchString(f):
		r.Stated, r.Controlled, r.Snippet = true, true, rePosEn.FindString(f)
	}
	seen := map[string]bool{}
	for _, m := range reCode.FindAllStringSubmatch(f, -1) {
		c := canonicalCode(m[1])
		if !seen[c] {
			seen[c] = true
			r.Codes = append(r.Codes, c)
		}
	}
	// A code given without any other statement states control by itself.
	if !r.Stated && len(r.Codes) > 0 {
		r.Stated, r.Controlled, r.Snippet = true, true, r.Codes[0]
	}
	return r
}

func yes(s string) bool {
	switch s {
	case "是", "yes", "y", "true", "controlled":
		return true
	}
	return false
}

// canonicalCode writes a control code as published: 1C902.a.
func canonicalCode(c string) string {
	c = strings.TrimRight(c, ".")
	if len(c) < 5 {
		return c
	}
	return c[:1] + strings.ToUpper(c[1:2]) + c[2:]
}

// CodeMatches reports whether a declared code names the expected item: the
// same code, or a more specific sub-item of it (1C902.a.1 under 1C902.a).
func CodeMatches(declared, expected string) bool {
	d, e := strings.ToLower(declared), strings.ToLower(expected)
	return d == e || strings.HasPrefix(d, e+".")
}
