package epcis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/epcis"
	"orewatch/internal/store/sqlite"
)

// document makes n events of the kinds a smelter reports: receipts,
// transformations and shipments of lots, ids offset so that runs differ.
func document(n, offset int) []byte {
	evs := make([]any, n)
	for i := range evs {
		k := offset + i
		site := fmt.Sprintf("urn:orewatch:site:91431300MA4L%05dX", k%500)
		lot := func(m string, j int) map[string]any {
			return map[string]any{"epcClass": fmt.Sprintf("urn:orewatch:lot:%s:L%d", m, j), "quantity": 1000 + k%500, "uom": "KGM"}
		}
		e := map[string]any{"eventID": fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", k),
			"eventTime":           time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute).Format(time.RFC3339),
			"eventTimeZoneOffset": "+08:00", "bizLocation": map[string]any{"id": site}}
		switch k % 3 {
		case 0:
			e["type"], e["action"], e["bizStep"] = "ObjectEvent", "OBSERVE", "receiving"
			e["quantityList"] = []any{lot("antimony-concentrate", k)}
		case 1:
			e["type"], e["bizStep"] = "TransformationEvent", "commissioning"
			e["inputQuantityList"] = []any{lot("antimony-concentrate", k-1)}
			e["outputQuantityList"] = []any{lot("antimony-ingot", k)}
		default:
			e["type"], e["action"], e["bizStep"] = "ObjectEvent", "OBSERVE", "shipping"
			e["quantityList"] = []any{lot("antimony-ingot", k-1)}
		}
		evs[i] = e
	}
	b, _ := json.Marshal(map[string]any{"@context": []any{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"},
		"type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2025-01-01T00:00:00Z", "epcisBody": map[string]any{"eventList": evs}})
	return b
}

func BenchmarkValidate1000(b *testing.B) {
	v, _ := epcis.NewValidator()
	doc := document(1000, 0)
	for b.Loop() {
		if probs, err := v.Validate(doc); err != nil || len(probs) > 0 {
			b.Fatal(err, probs)
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkCaptureSQLite1000(b *testing.B) {
	v, _ := epcis.NewValidator()
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.Migrate(context.Background())
	i := 0
	for b.Loop() {
		if _, err := epcis.Capture(context.Background(), db, v, document(1000, i*1000), time.Now(), audit.Actor{Name: "test"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEventHashes computes the EPCIS Event Hash ID of 1,000 events
// (what capture does for events that come without an eventID).
func BenchmarkEventHashes1000(b *testing.B) {
	doc := document(1000, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hs, err := epcis.EventHashes(doc)
		if err != nil || len(hs) != 1000 {
			b.Fatal(len(hs), err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "events/s")
}
