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
type Validator struct{ schema *jsonschema.Schema }

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
	return &Validator{schema: sch}, nil
}

// chunkEvents is the size from which a document's events are validated in
// parallel chunks; smaller documents are not worth splitting.
const chunkEvents = 256

// Validate returns the document's problems (none when it is valid) or an
// error when it is not JSON at all. Large documents are validated in
// chunks of events on all cores; problems keep their original pointers.
func (v *Validator) Validate(doc []byte) ([]Problem, error) {
	// JSON is UTF-8 (RFC 8259); encoding/json would quietly turn bad bytes
	// into U+FFFD in the events while the stored document kept them, and
	// PostgreSQL refuses them mid-capture.
	if !utf8.Valid(doc) {
		at := firstInvalidUTF8(doc)
		return []Problem{{Pointer: "", Event: -1, Message: fmt.Sprintf("byte 0x%02X at offset %d is not valid UTF-8; EPCIS JSON is UTF-8 / 文档不是有效的UTF-8编码", doc[at], at)}}, nil
	}
	// Decoded once: large documents are validated in chunks of the same
	// tree, not re-encoded per chunk.
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if head, ok := inst.(map[string]any); ok {
		if body, ok := head["epcisBody"].(map[string]any); ok {
			if list, ok := body["eventList"].([]any); ok && len(list) >= 2*chunkEvents {
				return v.validateChunks(head, body, list)
			}
		}
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

func (v *Validator) validateChunks(head, body map[string]any, list []any) ([]Problem, error) {
	workers := runtime.GOMAXPROCS(0)
	size := max(chunkEvents, (len(list)+workers-1)/workers)
	type part struct {
		probs []Problem
		err   error
	}
	var parts []part
	var wg sync.WaitGroup
	for start := 0; start < len(list); start += size {
		end := min(start+size, len(list))
		parts = append(parts, part{})
		i := len(parts) - 1
		wg.Add(1)
		go func(start, end, i int) {
			defer wg.Done()
			// The chunk's document shares the tree's values: shallow
			// copies of the two maps above the events, read only.
			b := make(map[string]any, len(body))
			for k, val := range body {
				b[k] = val
			}
			b["eventList"] = list[start:end]
			h := make(map[string]any, len(head))
			for k, val := range head {
				h[k] = val
			}
			h["epcisBody"] = b
			probs, err := v.validate(h)
			for j := range probs {
				if probs[j].Event >= 0 {
					probs[j].Event += start
					probs[j].Pointer = shiftEvent(probs[j].Pointer, start)
				}
			}
			parts[i] = part{probs, err}
		}(start, end, i)
	}
	wg.Wait()
	var out []Problem
	seen := map[string]bool{}
	for _, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
		for _, pr := range p.probs {
			// Problems outside the events repeat in every chunk.
			if k := pr.Pointer + "|" + pr.Message; !seen[k] {
				seen[k] = true
				out = append(out, pr)
			}
		}
	}
	return out, nil
}

// shiftEvent renumbers the event index in a pointer.
func shiftEvent(ptr string, by int) string {
	const prefix = "/epcisBody/eventList/"
	rest, ok := strings.CutPrefix(ptr, prefix)
	if !ok {
		return ptr
	}
	n, tail, _ := strings.Cut(rest, "/")
	i, err := strconv.Atoi(n)
	if err != nil {
		return ptr
	}
	if tail != "" {
		tail = "/" + tail
	}
	return prefix + strconv.Itoa(i+by) + tail
}

// validate checks a decoded document.
func (v *Validator) validate(inst any) ([]Problem, error) {
	err := v.schema.Validate(inst)
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
	// The schema's if/then branches for every event type report under the
	// same pointer; keep the most specific (deepest) pointers first.
	sort.SliceStable(out, func(i, j int) bool {
		return strings.Count(out[i].Pointer, "/") > strings.Count(out[j].Pointer, "/")
	})
	return out, nil
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
