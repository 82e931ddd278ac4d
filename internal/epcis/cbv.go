package epcis

import "bytes"

// cbvForms are the other ways a standard CBV value is written: the EPCIS
// 1.x URN (urn:epcglobal:cbv:bizstep:shipping) that XML documents and their
// converters carry, and the GS1 Web URI (https://ref.gs1.org/cbv/BizStep-
// shipping). EPCIS 2.0 JSON writes the bare word, and GS1's schema refuses
// the others; a chain whose tools still write them is the same chain.
var cbvForms = [][]byte{
	[]byte(`"urn:epcglobal:cbv:bizstep:`), []byte(`"urn:epcglobal:cbv:disp:`), []byte(`"urn:epcglobal:cbv:btt:`),
	[]byte(`"urn:epcglobal:cbv:sdt:`), []byte(`"urn:epcglobal:cbv:er:`),
	[]byte(`"https://ref.gs1.org/cbv/BizStep-`), []byte(`"https://ref.gs1.org/cbv/Disp-`), []byte(`"https://ref.gs1.org/cbv/BTT-`),
	[]byte(`"https://ref.gs1.org/cbv/SDT-`), []byte(`"https://ref.gs1.org/cbv/ER-`),
	[]byte(`"https://gs1.org/voc/BizStep-`), []byte(`"https://gs1.org/voc/Disp-`), []byte(`"https://gs1.org/voc/BTT-`),
	[]byte(`"https://gs1.org/voc/SDT-`), []byte(`"https://gs1.org/voc/ER-`),
}

// cbvRoots are what every form above starts with: a document holding
// none of them (most) is scanned three times, not fifteen.
var cbvRoots = [][]byte{[]byte(`"urn:epcglobal:cbv:`), []byte(`"https://ref.gs1.org/cbv/`), []byte(`"https://gs1.org/voc/`)}

// NormalizeCBV rewrites standard CBV values given as URNs or Web URIs to
// the bare words of EPCIS 2.0 JSON. Only a JSON string that starts with
// one of those prefixes changes; a document without them is returned as
// it is.
func NormalizeCBV(doc []byte) []byte {
	found := false
	for _, f := range cbvRoots {
		if bytes.Contains(doc, f) {
			found = true
			break
		}
	}
	if !found {
		return doc
	}
	for _, f := range cbvForms {
		doc = bytes.ReplaceAll(doc, f, []byte(`"`))
	}
	return doc
}
