package epcis

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		ok        bool
		events    int
	}{
		{"plain", `{"type":"EPCISDocument","epcisBody":{"eventList":[{"a":1},{"b":[2,3]}]}}`, true, 2},
		{"leading space and nesting", " \n{\"epcisBody\" : { \"x\":{\"eventList\":[9]}, \"eventList\" : [ {\"s\":\"]},\\\"\"} ] },\"type\":\"EPCISDocument\"}", true, 1},
		{"empty list", `{"type":"EPCISDocument","epcisBody":{"eventList":[]}}`, true, 0},
		{"epcisBody twice", `{"type":"EPCISDocument","epcisBody":{"eventList":[1]},"epcisBody":{"eventList":[1,2]}}`, false, 0},
		{"epcisBody written with an escape", `{"type":"EPCISDocument","epcisBody":{"eventList":[1]},"epcisBod\u0079":{"eventList":[1,2]}}`, false, 0},
		{"eventList twice", `{"type":"EPCISDocument","epcisBody":{"eventList":[1],"eventList":[1,2]}}`, false, 0},
		{"type twice", `{"type":"x","type":"EPCISDocument","epcisBody":{"eventList":[]}}`, false, 0},
		{"no event list", `{"type":"EPCISDocument","epcisBody":{}}`, false, 0},
		{"not JSON", `{"type":"EPCISDocument","epcisBody":{"eventList":[}}`, false, 0},
		{"an array", `[{"epcisBody":{"eventList":[]}}]`, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := cut([]byte(tc.doc))
			if ok != tc.ok {
				t.Fatalf("ok %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if len(d.events) != tc.events {
				t.Errorf("%d events, want %d", len(d.events), tc.events)
			}
			sameAsSlowCut(t, []byte(tc.doc), d)
		})
	}
}

// sameAsSlowCut: where cut succeeds, it finds what encoding/json finds.
func sameAsSlowCut(t *testing.T, doc []byte, d document) {
	t.Helper()
	slow, err := cutSlowly(doc)
	if err != nil {
		t.Fatalf("cut, but not slowly: %v", err)
	}
	if d.typ != slow.typ {
		t.Errorf("type %q, slowly %q", d.typ, slow.typ)
	}
	if len(d.events) != len(slow.events) {
		t.Fatalf("%d events, slowly %d", len(d.events), len(slow.events))
	}
	for i := range d.events {
		if string(d.events[i]) != string(slow.events[i]) {
			t.Errorf("event %d: %s, slowly %s", i, d.events[i], slow.events[i])
		}
	}
	var a, b any
	if err := json.Unmarshal(d.rest, &a); err != nil {
		t.Fatalf("rest is not JSON: %v: %s", err, d.rest)
	}
	if err := json.Unmarshal(slow.rest, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("rest %s, slowly %s", d.rest, slow.rest)
	}
}

func FuzzCut(f *testing.F) {
	for _, s := range []string{
		`{"type":"EPCISDocument","epcisBody":{"eventList":[{"a":1},{"b":[2,3]}]}}`,
		` {"epcisBody":{"eventList":[" ] ",{"x":"\"["}]},"type":"EPCISDocument"}`,
		`{"type":"EPCISDocument","epcisBody":{"eventList":[1],"eventList":[2]}}`,
		`{"type":"EPCISDocument","epcisBody":{"eventList":[]},"z":{"eventList":[1]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		d, ok := cut(doc)
		if !ok {
			return
		}
		sameAsSlowCut(t, doc, d)
	})
}
