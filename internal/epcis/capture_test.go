package epcis_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/store/storetest"
)

// TestCaptureOfficialExamples captures every GS1 example document: all are
// accepted, and capturing them all again stores nothing new.
func TestCaptureOfficialExamples(t *testing.T) {
	v, err := epcis.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/examples/*.jsonld")
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		total, stored := 0, 0
		for round := 0; round < 2; round++ {
			for _, f := range files {
				doc, _ := os.ReadFile(f)
				res, err := epcis.Capture(ctx, s, v, doc, now, audit.Actor{Name: "test"})
				if err != nil {
					t.Fatalf("%s: %v", filepath.Base(f), err)
				}
				if round == 0 {
					total += res.Events
					stored += res.Stored
				} else if res.Stored != 0 {
					t.Errorf("%s captured again stored %d events", filepath.Base(f), res.Stored)
				}
			}
		}
		all, err := s.Events().Query(ctx, core.EventFilter{Limit: 1000})
		if err != nil || len(all) != stored || stored == 0 {
			t.Fatalf("%d events stored, %d queried (%v), %d in the documents", stored, len(all), err, total)
		}
		types := map[string]bool{}
		for _, e := range all {
			types[e.Type] = true
		}
		for _, ty := range epcis.EventTypes {
			if !types[ty] {
				t.Errorf("no %s captured", ty)
			}
		}
		t.Logf("%d documents, %d events, %d distinct stored", len(files), total, stored)
	})
}

func TestCaptureIsAllOrNothing(t *testing.T) {
	v, _ := epcis.NewValidator()
	doc, _ := os.ReadFile("testdata/examples/Example_9.6.1-ObjectEvent.jsonld")
	// Break the second event only.
	bad := strings.Replace(string(doc), `"eventTime": "2005-04-04T20:33:31.116-06:00"`, `"eventTime": "not a time"`, 1)
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		_, err := epcis.Capture(ctx, s, v, []byte(bad), time.Now(), audit.Actor{Name: "test"})
		var inv *epcis.ErrInvalid
		if !errors.As(err, &inv) || inv.Problems[0].Event != 1 || !strings.HasSuffix(inv.Problems[0].Pointer, "/1/eventTime") {
			t.Fatalf("capture of a bad document: %v", err)
		}
		if got, _ := s.Events().Query(ctx, core.EventFilter{}); len(got) != 0 {
			t.Fatalf("%d events stored from a rejected document", len(got))
		}
	})
}

func TestContentKeyIgnoresLayout(t *testing.T) {
	a := `{"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":[],"recordTime":"2025-01-02T00:00:00Z"}`
	b := "{\n  \"action\": \"ADD\", \"epcList\": [], \"eventTimeZoneOffset\": \"+08:00\",\n \"eventTime\": \"2025-01-01T00:00:00Z\", \"type\": \"ObjectEvent\"}"
	ka, _ := epcis.ContentHash([]byte(a))
	kb, _ := epcis.ContentHash([]byte(b))
	if ka != kb || !strings.HasPrefix(ka, "ni:///sha-256;") {
		t.Fatalf("%s != %s", ka, kb)
	}
	c := strings.Replace(a, "ADD", "DELETE", 1)
	if kc, _ := epcis.ContentHash([]byte(c)); kc == ka {
		t.Fatal("different events got the same key")
	}
}

func FuzzCapture(f *testing.F) {
	v, err := epcis.NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []string{"Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.4-TransformationEvent.jsonld"} {
		b, _ := os.ReadFile(filepath.Join("testdata/examples", n))
		f.Add(b)
	}
	f.Add([]byte(`{"type":"EPCISDocument"}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		probs, err := v.Validate(doc)
		if err != nil || len(probs) > 0 {
			return
		}
		// A document the schema accepts must parse.
		if _, err := epcis.Parse(doc); err != nil {
			t.Fatalf("valid document did not parse: %v", err)
		}
	})
}
