package epcis

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// DigitalLink turns an identifier that carries a GS1 key (an EPC URI, EPC
// class URI, EPC pattern URI or a GS1 Digital Link URI on any domain) into
// the constrained canonical GS1 Digital Link URI the event hash uses: on
// id.gs1.org, the finest level of identification only, no query string
// (GS1 Tag Data Standard 2.0 for the EPC schemes; GS1 Digital Link 1.2,
// section 4.11). Anything else is returned with false.
func DigitalLink(s string) (string, bool) {
	if !strings.Contains(s, ".") {
		return "", false
	}
	if strings.HasPrefix(s, "urn:epc:") {
		return epcToDL(s)
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return canonicalDL(s)
	}
	return "", false
}

// gs1Check is the standard GS1 mod-10 check digit of the digits given.
func gs1Check(digits string) string {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return strconv.Itoa((10 - sum%10) % 10)
}

var (
	digitsRe = regexp.MustCompile(`^\d*$`)
	// An EPC serial or reference: GS1 AI encodable characters, some
	// percent-encoded as EPC URIs require.
	epcCharRe = regexp.MustCompile(`^(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])+$`)
	// A component/part reference (CPI) has its own, smaller character set.
	cpiCharRe = regexp.MustCompile(`^(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])+$`)
)

func allDigits(s string) bool { return digitsRe.MatchString(s) }

// epcLen counts an EPC component's characters, a %xx escape as one.
func epcLen(s string) int { return len(s) - 2*strings.Count(s, "%") }

func epcChars(s string, maxLen int) bool {
	return s != "" && epcCharRe.MatchString(s) && epcLen(s) <= maxLen
}

// dlEncode percent-encodes what GS1 Digital Link requires and EPC URIs
// allow unescaped.
var dlEncode = strings.NewReplacer("!", "%21", "(", "%28", ")", "%29", "*", "%2A", "+", "%2B", ",", "%2C", ":", "%3A").Replace

const gs1Domain = "https://id.gs1.org/"

func epcToDL(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, "urn:epc:")
	if !ok {
		return "", false
	}
	kind, body, ok := strings.Cut(rest, ":") // id, class, idpat
	if !ok {
		return "", false
	}
	scheme, body, ok := strings.Cut(body, ":")
	if !ok {
		return "", false
	}
	parts := strings.Split(body, ".")
	cp := parts[0]
	if len(cp) < 6 || len(cp) > 12 || !allDigits(cp) {
		return "", false
	}
	gtin := func(ir string) (string, bool) {
		if len(cp)+len(ir) != 13 || !allDigits(ir) {
			return "", false
		}
		g := ir[:1] + cp + ir[1:]
		return g + gs1Check(g), true
	}
	fixed := func(ref string, total int) (string, bool) { // company prefix + reference of a fixed length, with check digit
		if len(cp)+len(ref) != total || !allDigits(ref) {
			return "", false
		}
		return cp + ref + gs1Check(cp+ref), true
	}
	n := len(parts)
	switch kind + ":" + scheme {
	case "id:sgtin":
		if n < 3 {
			return "", false
		}
		ser := strings.Join(parts[2:], ".")
		if g, ok := gtin(parts[1]); ok && epcChars(ser, 20) {
			return gs1Domain + "01/" + g + "/21/" + dlEncode(ser), true
		}
	case "id:sscc":
		if n == 2 && len(parts[1]) >= 1 && len(cp)+len(parts[1]) == 17 && allDigits(parts[1]) {
			raw := parts[1][:1] + cp + parts[1][1:]
			return gs1Domain + "00/" + raw + gs1Check(raw), true
		}
	case "id:sgln":
		if n < 3 {
			return "", false
		}
		ext := strings.Join(parts[2:], ".")
		if g, ok := fixed(parts[1], 12); ok && epcChars(ext, 20) {
			if ext == "0" {
				return gs1Domain + "414/" + g, true
			}
			return gs1Domain + "414/" + g + "/254/" + dlEncode(ext), true
		}
	case "id:grai":
		if n < 3 {
			return "", false
		}
		ser := strings.Join(parts[2:], ".")
		if len(cp)+len(parts[1]) == 12 && allDigits(parts[1]) && epcChars(ser, 16) {
			raw := "0" + cp + parts[1]
			return gs1Domain + "8003/" + raw + gs1Check(raw) + dlEncode(ser), true
		}
	case "id:giai":
		ref := strings.Join(parts[1:], ".")
		if n >= 2 && epcChars(ref, 30-len(cp)) {
			return gs1Domain + "8004/" + cp + dlEncode(ref), true
		}
	case "id:gsrn", "id:gsrnp":
		if n == 2 {
			if g, ok := fixed(parts[1], 17); ok {
				ai := "8018/"
				if scheme == "gsrnp" {
					ai = "8017/"
				}
				return gs1Domain + ai + g, true
			}
		}
	case "id:gdti":
		if n < 3 {
			return "", false
		}
		ser := strings.Join(parts[2:], ".")
		if g, ok := fixed(parts[1], 12); ok && epcChars(ser, 17) {
			return gs1Domain + "253/" + g + dlEncode(ser), true
		}
	case "id:cpi":
		if n == 3 && cpiCharRe.MatchString(parts[1]) && epcLen(cp+parts[1]) <= 30 && allDigits(parts[2]) && len(parts[2]) <= 12 && parts[2] != "" {
			return gs1Domain + "8010/" + dlEncode(cp+parts[1]) + "/8011/" + parts[2], true
		}
	case "id:sgcn":
		if n == 3 && allDigits(parts[2]) && len(parts[2]) <= 12 && parts[2] != "" {
			if g, ok := fixed(parts[1], 12); ok {
				return gs1Domain + "255/" + g + parts[2], true
			}
		}
	case "id:ginc":
		ref := strings.Join(parts[1:], ".")
		if n >= 2 && epcChars(ref, 30-len(cp)) {
			return gs1Domain + "401/" + cp + dlEncode(ref), true
		}
	case "id:gsin":
		if n == 2 {
			if g, ok := fixed(parts[1], 16); ok {
				return gs1Domain + "402/" + g, true
			}
		}
	case "id:itip":
		if n < 5 {
			return "", false
		}
		ser := strings.Join(parts[4:], ".")
		if g, ok := gtin(parts[1]); ok && len(parts[2]) == 2 && len(parts[3]) == 2 && allDigits(parts[2]+parts[3]) && epcChars(ser, 20) {
			return gs1Domain + "8006/" + g + parts[2] + parts[3] + "/21/" + dlEncode(ser), true
		}
	case "id:upui":
		if n < 3 {
			return "", false
		}
		tpx := strings.Join(parts[2:], ".")
		if g, ok := gtin(parts[1]); ok && epcChars(tpx, 28) {
			return gs1Domain + "01/" + g + "/235/" + dlEncode(tpx), true
		}
	case "id:pgln":
		if n == 2 {
			if g, ok := fixed(parts[1], 12); ok {
				return gs1Domain + "417/" + g, true
			}
		}
	case "class:lgtin":
		if n < 3 {
			return "", false
		}
		lot := strings.Join(parts[2:], ".")
		if g, ok := gtin(parts[1]); ok && epcChars(lot, 20) {
			return gs1Domain + "01/" + g + "/10/" + dlEncode(lot), true
		}
	case "idpat:sgtin", "idpat:upui":
		if n == 3 && parts[2] == "*" {
			if g, ok := gtin(parts[1]); ok {
				return gs1Domain + "01/" + g, true
			}
		}
	case "idpat:grai":
		if n == 3 && parts[2] == "*" && len(cp)+len(parts[1]) == 12 && allDigits(parts[1]) {
			raw := "0" + cp + parts[1]
			return gs1Domain + "8003/" + raw + gs1Check(raw), true
		}
	case "idpat:gdti", "idpat:sgcn":
		if n == 3 && parts[2] == "*" {
			if g, ok := fixed(parts[1], 12); ok {
				ai := "253/"
				if scheme == "sgcn" {
					ai = "255/"
				}
				return gs1Domain + ai + g, true
			}
		}
	case "idpat:cpi":
		if n == 3 && parts[2] == "*" && cpiCharRe.MatchString(parts[1]) && epcLen(cp+parts[1]) <= 30 {
			return gs1Domain + "8010/" + dlEncode(cp+parts[1]), true
		}
	case "idpat:itip":
		if n == 5 && parts[4] == "*" && len(parts[2]) == 2 && len(parts[3]) == 2 && allDigits(parts[2]+parts[3]) {
			if g, ok := gtin(parts[1]); ok {
				return gs1Domain + "8006/" + g + parts[2] + parts[3], true
			}
		}
	}
	return "", false
}

// dlAliases are GS1 Digital Link's long path names for the keys and
// qualifiers the hash keeps.
var dlAliases = map[string]string{
	"gtin": "01", "itip": "8006", "cpid": "8010", "gln": "414", "party": "417", "gsrnp": "8017", "gsrn": "8018",
	"gcn": "255", "sscc": "00", "gdti": "253", "ginc": "401", "gsin": "402", "grai": "8003", "giai": "8004",
	"cpv": "22", "lot": "10", "ser": "21",
}

var primaryKeys = map[string]bool{"01": true, "8006": true, "8010": true, "414": true, "417": true, "8017": true, "8018": true,
	"255": true, "00": true, "253": true, "401": true, "402": true, "8003": true, "8004": true}

// canonicalDLRe lists the constrained canonical forms (GS1 AI character
// set 82 for the alphanumeric parts).
var canonicalDLRe = func() *regexp.Regexp {
	const x = `["'\-.0-9;-?A-Z_a-z]`
	forms := []string{
		`00/\d{18}`, `01/\d{14}/21/` + x + `{0,20}`, `01/\d{14}/10/` + x + `{0,20}`, `01/\d{14}`, `01/\d{14}/235/` + x + `{0,28}`,
		`253/\d{13}` + x + `{0,17}`, `255/\d{13}\d{0,12}`, `401/` + x + `{0,30}`, `402/\d{17}`, `414/\d{13}`,
		`414/\d{13}/254/` + x + `{0,20}`, `417/\d{13}`, `8003/\d{14}` + x + `{0,16}`, `8004/` + x + `{0,30}`,
		`8006/\d{18}/21/` + x + `{0,20}`, `8006/\d{18}/10/` + x + `{0,20}`, `8006/\d{18}`,
		`8010/[#\-/0-9A-Z]{0,30}/8011/\d{0,12}`, `8010/[#\-/0-9A-Z]{0,30}`, `8017/\d{18}`, `8018/\d{18}`,
	}
	return regexp.MustCompile(`^https://id\.gs1\.org/(?:` + strings.Join(forms, "|") + `)$`)
}()

func canonicalDL(u string) (string, bool) {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	_, rest, _ := strings.Cut(u, "://")
	segs := strings.Split(rest, "/")[1:] // after the host
	// Aliases name keys, never values: a serial number "gtin" stays one.
	key := func(s string) string {
		if a, ok := dlAliases[s]; ok {
			return a
		}
		return s
	}
	start := -1
	for i, s := range segs {
		if primaryKeys[key(s)] && i+1 < len(segs) && len(segs[i+1]) >= 4 && allDigits(segs[i+1][:4]) {
			start = i
			break
		}
	}
	if start < 0 {
		return "", false
	}
	segs = segs[start:]
	for i := 0; i < len(segs); i += 2 {
		segs[i] = key(segs[i])
	}
	if len(segs) > 0 && segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1] // a trailing slash
	}
	if slices.Contains(segs, "") {
		return "", false // an empty key or qualifier value
	}
	if segs[0] == "01" {
		switch g := segs[1]; {
		case len(g) == 13 && allDigits(g):
			segs[1] = "0" + g
		case len(g) == 12 && allDigits(g):
			segs[1] = "00" + g
		case len(g) == 8 && allDigits(g):
			segs[1] = "000000" + g
		}
	}
	// Keep the finest identification: drop the consumer product variant,
	// and the lot when a serial number is there.
	var kept []string
	hasSerial := false
	for i := 2; i+1 < len(segs); i += 2 {
		if segs[i] == "21" {
			hasSerial = true
		}
	}
	kept = append(kept, segs[:min(2, len(segs))]...)
	for i := 2; i+1 < len(segs); i += 2 {
		if segs[i] == "22" || (segs[i] == "10" && hasSerial) {
			continue
		}
		kept = append(kept, segs[i], segs[i+1])
	}
	out := gs1Domain + strings.Join(kept, "/")
	if !canonicalDLRe.MatchString(out) {
		return "", false
	}
	return out, true
}
