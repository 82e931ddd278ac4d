// Package epcis implements GS1 EPCIS 2.0 capture for chain-of-custody
// events: documents are validated against GS1's official JSON schema (an
// embedded copy), their events parsed into what flow tracking needs, and
// each event given a stable key so that capturing it twice stores it once.
package epcis

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

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

// Validate returns the document's problems (none when it is valid) or an
// error when it is not JSON at all.
func (v *Validator) Validate(doc []byte) ([]Problem, error) {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	err = v.schema.Validate(inst)
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
