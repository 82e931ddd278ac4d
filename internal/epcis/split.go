package epcis

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// document is an EPCIS document cut into its events' bytes and the rest
// (the document with an empty event list), as validation and parsing both
// need it. Cutting it with encoding/json took three decodes of the whole
// document into raw messages for validation and a fourth for parsing:
// about a tenth of a million events' capture.
type document struct {
	typ    string   // the document's type
	rest   []byte   // the document, its event list empty
	events [][]byte // each event's bytes as written
}

// cut finds the events of doc in one pass once encoding/json has found it
// valid. ok is false when doc is not valid JSON (or not UTF-8), not an object with one
// epcisBody holding one eventList array, or names type twice: those are
// read the slow way, which reads repeated keys as encoding/json does (the
// last one), where gjson would take the first.
func cut(doc []byte) (d document, ok bool) {
	if !utf8.Valid(doc) || !json.Valid(doc) { // encoding/json would make bad bytes U+FFFD
		return d, false
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		return d, false
	}
	body, bodies, types := gjson.Result{}, 0, 0
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "epcisBody":
			body, bodies = v, bodies+1
		case "type":
			types++
			if v.Type == gjson.String {
				d.typ = v.Str
			}
		}
		return true
	})
	if bodies != 1 || types > 1 || !body.IsObject() {
		return d, false
	}
	list, lists := gjson.Result{}, 0
	body.ForEach(func(k, v gjson.Result) bool {
		if k.Str == "eventList" {
			list, lists = v, lists+1
		}
		return true
	})
	at := list.Index // in doc; checked below, as gjson leaves it 0 where it cannot tell
	if lists != 1 || !list.IsArray() || at <= 0 || at+len(list.Raw) > len(doc) || string(doc[at:at+len(list.Raw)]) != list.Raw {
		return d, false
	}
	list.ForEach(func(_, v gjson.Result) bool {
		d.events = append(d.events, []byte(v.Raw))
		return true
	})
	d.rest = make([]byte, 0, len(doc)-len(list.Raw)+2)
	d.rest = append(append(append(d.rest, doc[:at]...), "[]"...), doc[at+len(list.Raw):]...)
	return d, true
}

// cutSlowly is cut by encoding/json: repeated keys count as it reads them.
func cutSlowly(doc []byte) (d document, err error) {
	var head, body map[string]json.RawMessage
	var list []json.RawMessage
	if err := json.Unmarshal(doc, &head); err != nil {
		return d, err
	}
	if t, ok := head["type"]; ok {
		_ = json.Unmarshal(t, &d.typ)
	}
	if err := json.Unmarshal(head["epcisBody"], &body); err != nil {
		return d, err
	}
	if err := json.Unmarshal(body["eventList"], &list); err != nil {
		return d, err
	}
	d.events = make([][]byte, len(list))
	for i, e := range list {
		d.events[i] = e
	}
	body["eventList"] = json.RawMessage("[]")
	if head["epcisBody"], err = json.Marshal(body); err != nil {
		return d, err
	}
	d.rest, err = json.Marshal(head)
	return d, err
}
