package epcis

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestOfficialExamplesValidate: GS1's own example documents must pass.
func TestOfficialExamplesValidate(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/examples/*.jsonld")
	if len(files) < 40 {
		t.Fatalf("only %d examples found", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		probs, err := v.Validate(b)
		if err != nil || len(probs) > 0 {
			t.Errorf("%s: %v %v", filepath.Base(f), err, probs)
		}
	}
}

func TestInvalidDocumentsPointAtTheField(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile("testdata/examples/Example_9.6.1-ObjectEvent.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to, pointer string
		event                   int
	}{
		{"bad action", `"action": "OBSERVE"`, `"action": "LOOK"`, "/epcisBody/eventList/0/action", 0},
		{"bad eventTime", `"eventTime": "2005-04-03T20:33:31.116000-06:00"`, `"eventTime": "yesterday"`, "/epcisBody/eventList/0/eventTime", 0},
		{"wrong schemaVersion type", `"schemaVersion": "2.0"`, `"schemaVersion": 2`, "/schemaVersion", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(string(base), tt.from, tt.to, 1)
			if doc == string(base) {
				t.Fatalf("fixture does not contain %s", tt.from)
			}
			probs, err := v.Validate([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range probs {
				if p.Pointer == tt.pointer && p.Event == tt.event {
					found = true
				}
			}
			if !found {
				t.Errorf("problems %v do not point at %s", probs, tt.pointer)
			}
		})
	}
	if _, err := v.Validate([]byte("{not json")); err == nil {
		t.Error("non-JSON accepted")
	}
}

// TestChunkedValidationKeepsPointers breaks one event deep in a large
// document: the chunked validator must name that event, not its place in
// a chunk.
func TestChunkedValidationKeepsPointers(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	var evs []string
	for i := 0; i < 1000; i++ {
		action := "OBSERVE"
		if i == 777 {
			action = "LOOK"
		}
		evs = append(evs, `{"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"`+action+`","epcList":["urn:epc:id:sgtin:0614141.107346.2017"]}`)
	}
	doc := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[` + strings.Join(evs, ",") + `]}}`
	probs, err := v.Validate([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) == 0 || probs[0].Event != 777 || probs[0].Pointer != "/epcisBody/eventList/777/action" {
		t.Fatalf("problems %v", probs)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := v.validate(inst)
	if len(whole) == 0 || whole[0].Pointer != probs[0].Pointer {
		t.Errorf("chunked %v, whole %v", probs[0], whole)
	}
	if _, err := v.Validate([]byte(strings.Replace(doc, `"LOOK"`, `"OBSERVE"`, 1))); err != nil {
		t.Fatal(err)
	}
}

// TestInvalidUTF8IsAProblem: a document with bytes that are not UTF-8 is
// refused with the offset, never captured with them.
func TestInvalidUTF8IsAProblem(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile("testdata/examples/Example_9.6.1-ObjectEvent.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(string(base), "urn:epc:id:sgtin")
	doc := append(append(append([]byte{}, base[:at]...), 0xC3, 0x28), base[at:]...)
	probs, err := v.Validate(doc)
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0].Message, "0xC3") || !strings.Contains(probs[0].Message, "offset") {
		t.Fatalf("problems %v, err %v", probs, err)
	}
}

// TestByEventEqualsWhole: a large document validated event by event finds
// the problems the whole-document validation finds, at the same pointers:
// in the header, in several events, and in the first and last event.
func TestByEventEqualsWhole(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	var evs []string
	for i := 0; i < 700; i++ {
		ev := `{"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.107346.2017"]}`
		switch i {
		case 0, 600:
			ev = strings.Replace(ev, `"ADD"`, `"MADE"`, 1)
		case 300:
			ev = strings.Replace(ev, `"eventTime":"2025-01-01T00:00:00Z",`, ``, 1)
		case 699:
			ev = strings.Replace(ev, `"+08:00"`, `"8h"`, 1)
		}
		evs = append(evs, ev)
	}
	doc := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[` + strings.Join(evs, ",") + `]}}`
	fast, cutOK := cut([]byte(doc))
	slow, err := cutSlowly([]byte(doc))
	if !cutOK || err != nil {
		t.Fatalf("cut: %v, slowly: %v", cutOK, err)
	}
	byEvent, ok, err := v.validateByEvent(fast)
	if err != nil || !ok {
		t.Fatalf("by event: %v %v", ok, err)
	}
	bySlowCut, ok, err := v.validateByEvent(slow)
	if err != nil || !ok {
		t.Fatalf("by event, cut slowly: %v %v", ok, err)
	}
	if !reflect.DeepEqual(byEvent, bySlowCut) {
		t.Errorf("the two cuts validate differently:\n%v\n%v", byEvent, bySlowCut)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := v.validate(inst)
	if err != nil {
		t.Fatal(err)
	}
	set := func(ps []Problem) map[string]bool {
		m := map[string]bool{}
		for _, p := range ps {
			m[fmt.Sprintf("%d %s %s", p.Event, p.Pointer, p.Message)] = true
		}
		return m
	}
	a, b := set(byEvent), set(whole)
	for k := range b {
		if !a[k] {
			t.Errorf("whole found %q, by event did not", k)
		}
	}
	for k := range a {
		if !b[k] {
			t.Errorf("by event found %q, whole did not", k)
		}
	}
	for _, want := range []string{"/epcisBody/eventList/0/action", "/epcisBody/eventList/300", "/epcisBody/eventList/600/action", "/epcisBody/eventList/699/eventTimeZoneOffset"} {
		found := false
		for _, p := range byEvent {
			found = found || p.Pointer == want
		}
		if !found {
			t.Errorf("no problem at %s in %v", want, byEvent)
		}
	}
	if len(byEvent) == 0 || byEvent[0].Pointer == "" {
		t.Errorf("problems %v", byEvent)
	}
}
