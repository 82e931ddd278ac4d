// Package epcis implements GS1 EPCIS 2.0 capture for chain-of-custody
// events: documents are validated against GS1's official JSON schema (an
// embedded copy), their events parsed into what flow tracking needs, and
// each event given a stable key so that capturing it twice stores it once.
package epcis

import (
	"bytes"
	_ "embed"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official EPCIS 2.0 JSON schema (gs1/EPCIS, ratified release), as
// shipped in ../shared/epcis; its $id is the published URL.
//
//go:embed schema/EPCIS-JSON-Schema.json
var schemaJSON []byte

const schemaID = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json"

// Problem is one way a document fails: a JSON pointer into the document
// (e.g. /epcisBody/eventList/3/bizStep), the event it is in (-1 when it is
// outside the events) and what is wrong.
type Problem struct {
	Pointer string `json:"pointer"`
	Event   int    `json:"event"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Event >= 0 {
		return fmt.Sprintf("event %d, %s: %s", p.Event, p.Pointer, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.Pointer, p.Message)
}

// Validator checks documents against the schema.
type Validator struct {
	schema *jsonschema.Schema
	// event is the schema's definition of an event in a document's
	// eventList: large documents are validated event by event.
	event *jsonschema.Schema
}

type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return err == nil && ok
}

func (r ecmaRegexp) String() string { return r.re.String() }

// NewValidator compiles the embedded schema. Its patterns use ECMAScript
// look-ahead, which Go's RE2 does not have, so patterns run on regexp2 in
// ECMAScript mode; formats (date-time, uri) are asserted, not just noted.
func NewValidator() (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("read the EPCIS schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(s, regexp2.ECMAScript)
		if err != nil {
			return nil, err
		}
		return ecmaRegexp{re}, nil
	})
	c.AssertFormat()
	if err := c.AddResource(schemaID, doc); err != nil {
		return nil, fmt.Errorf("load the EPCIS schema: %w", err)
	}
	sch, err := c.Compile(schemaID)
	if err != nil {
		return nil, fmt.Errorf("compile the EPCIS schema: %w", err)
	}
	ev, err := c.Compile(schemaID + "#/definitions/EPCIS-Document-Event")
	if err != nil {
		return nil, fmt.Errorf("compile the EPCIS schema's event: %w", err)
	}
	return &Validator{schema: sch, event: ev}, nil
}

// chunkEvents: a document of twice as many events or more is validated
// event by event on all cores; smaller ones are not worth splitting.
const chunkEvents = 256

// Validate returns the document's problems (none when it is valid) or an
// error when it is not JSON at all. Large documents are validated event
// by event on all cores; problems keep their pointers in the document.
func (v *Validator) Validate(doc []byte) ([]Problem, error) {
	d, ok := cut(doc)
	return v.validateCut(doc, d, ok)
}

// validateCut is Validate with the document already cut (cutOK false:
// cut could not, and validation cuts it the slow way if it needs to).
func (v *Validator) validateCut(doc []byte, d document, cutOK bool) ([]Problem, error) {
	// JSON is UTF-8 (RFC 8259); encoding/json would quietly turn bad bytes
	// into U+FFFD in the events while the stored document kept them, and
	// PostgreSQL refuses them mid-capture.
	if !utf8.Valid(doc) {
		at := firstInvalidUTF8(doc)
		return []Problem{{Pointer: "", Event: -1, Message: fmt.Sprintf("byte 0x%02X at offset %d is not valid UTF-8; EPCIS JSON is UTF-8 / 文档不是有效的UTF-8编码", doc[at], at)}}, nil
	}
	if !cutOK {
		var err error
		if d, err = cutSlowly(doc); err != nil {
			d = document{}
		}
	}
	if probs, ok, err := v.validateByEvent(d); ok {
		return probs, err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	return v.validate(inst)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// validateByEvent validates a large document (ok false for anything
// else, which is validated whole) as the schema does, in parts: the
// document without its events, then each event against the schema's
// event definition, on all cores. Each event's decoded tree is let go once
// it is checked, so the memory is the document's bytes and not its tree
// (at 60,000 events a document, two at a time, the trees were most of a
// capture's memory); problems keep the pointers of the whole document.
func (v *Validator) validateByEvent(d document) (probs []Problem, ok bool, err error) {
	list := d.events
	if len(list) < 2*chunkEvents {
		return nil, false, nil
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(d.rest))
	if err != nil {
		return nil, true, fmt.Errorf("not JSON: %w", err)
	}
	if probs, err = problems(v.schema, inst); err != nil {
		return nil, true, err
	}
	perEvent := make([][]Problem, len(list))
	errs := make([]error, len(list))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(list) {
					return
				}
				ev, err := jsonschema.UnmarshalJSON(bytes.NewReader(list[i]))
				if err != nil {
					errs[i] = fmt.Errorf("not JSON: event %d: %w", i, err)
					continue
				}
				ps, err := problems(v.event, ev)
				for j := range ps {
					ps[j].Event = i
					ps[j].Pointer = "/epcisBody/eventList/" + strconv.Itoa(i) + strings.TrimSuffix(ps[j].Pointer, "/")
				}
				perEvent[i], errs[i] = ps, err
			}
		}()
	}
	wg.Wait()
	for i := range list {
		if errs[i] != nil {
			return nil, true, errs[i]
		}
		probs = append(probs, perEvent[i]...)
	}
	sortDeepestFirst(probs)
	return probs, true, nil
}

// validate checks a decoded document.
func (v *Validator) validate(inst any) ([]Problem, error) { return problems(v.schema, inst) }

// problems checks a decoded instance against sch.
func problems(sch *jsonschema.Schema, inst any) ([]Problem, error) {
	err := sch.Validate(inst)
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, err
	}
	var out []Problem
	seen := map[string]bool{}
	var walk func(u jsonschema.OutputUnit)
	walk = func(u jsonschema.OutputUnit) {
		if len(u.Errors) == 0 && u.Error != nil {
			p := Problem{Pointer: u.InstanceLocation, Event: eventIndex(u.InstanceLocation), Message: u.Error.String()}
			if p.Pointer == "" {
				p.Pointer = "/"
			}
			if k := p.Pointer + "|" + p.Message; !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
		for _, c := range u.Errors {
			walk(c)
		}
	}
	walk(*ve.DetailedOutput())
	sortDeepestFirst(out)
	return out, nil
}

// sortDeepestFirst: the schema's if/then branches for every event type
// report under the same pointer; the most specific (deepest) come first.
func sortDeepestFirst(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		return strings.Count(ps[i].Pointer, "/") > strings.Count(ps[j].Pointer, "/")
	})
}

// eventIndex reads the event number from a pointer into epcisBody.eventList
// (or a query document's resultsBody), or -1.
func eventIndex(ptr string) int {
	for _, prefix := range []string{"/epcisBody/eventList/", "/epcisBody/queryResults/resultsBody/eventList/"} {
		if rest, ok := strings.CutPrefix(ptr, prefix); ok {
			n, _, _ := strings.Cut(rest, "/")
			if i, err := strconv.Atoi(n); err == nil {
				return i
			}
		}
	}
	return -1
}
