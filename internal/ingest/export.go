package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"orewatch/internal/bundle"
	"orewatch/internal/core"
)

const page = 10000

// Export reads every bundle table back out of the store.
func Export(ctx context.Context, s core.Store, meta bundle.Meta) (*bundle.Bundle, error) {
	b := &bundle.Bundle{Meta: meta}
	for off := 0; ; off += page {
		es, total, err := s.Enterprises().List(ctx, core.EnterpriseFilter{Offset: off, Limit: page})
		if err != nil {
			return nil, fmt.Errorf("export enterprises: %w", err)
		}
		b.Enterprises = append(b.Enterprises, es...)
		if off+len(es) >= total || len(es) == 0 {
			break
		}
	}
	for off := 0; ; off += page {
		ls, total, err := s.Licences().List(ctx, core.LicenceFilter{Offset: off, Limit: page})
		if err != nil {
			return nil, fmt.Errorf("export licences: %w", err)
		}
		b.Licences = append(b.Licences, ls...)
		if off+len(ls) >= total || len(ls) == 0 {
			break
		}
	}
	for off := 0; ; off += page {
		ds, total, err := s.Declarations().List(ctx, core.DeclarationFilter{Offset: off, Limit: page})
		if err != nil {
			return nil, fmt.Errorf("export declarations: %w", err)
		}
		b.Declarations = append(b.Declarations, ds...)
		if off+len(ds) >= total || len(ds) == 0 {
			break
		}
	}
	var err error
	if b.Materials, err = s.Materials().All(ctx); err != nil {
		return nil, fmt.Errorf("export materials: %w", err)
	}
	if b.Parties, err = s.Parties().All(ctx); err != nil {
		return nil, fmt.Errorf("export parties: %w", err)
	}
	if b.Links, err = s.Parties().Links(ctx); err != nil {
		return nil, fmt.Errorf("export party links: %w", err)
	}
	if b.Lists, err = s.Lists().All(ctx); err != nil {
		return nil, fmt.Errorf("export list entries: %w", err)
	}
	if b.Manifests, err = s.Manifests().All(ctx); err != nil {
		return nil, fmt.Errorf("export manifests: %w", err)
	}
	if b.Prices, err = s.Prices().All(ctx); err != nil {
		return nil, fmt.Errorf("export prices: %w", err)
	}
	doc, err := exportEvents(ctx, s)
	if err != nil {
		return nil, err
	}
	if doc != nil {
		b.EPCIS = append(b.EPCIS, *doc)
	}
	return b, nil
}

// exportEvents writes every captured event, as captured, into one
// EPCISDocument. Its creationDate is the newest event time, so exporting
// the same store twice gives the same bytes.
func exportEvents(ctx context.Context, s core.Store) (*bundle.Document, error) {
	var list []json.RawMessage
	var newest time.Time
	after := ""
	for {
		evs, err := s.Events().Query(ctx, core.EventFilter{After: after, Limit: 1000})
		if err != nil {
			return nil, fmt.Errorf("export events: %w", err)
		}
		for _, e := range evs {
			list = append(list, json.RawMessage(e.Raw))
			if e.EventTime.After(newest) {
				newest = e.EventTime
			}
		}
		if len(evs) < 1000 {
			break
		}
		after = evs[len(evs)-1].Key
	}
	if len(list) == 0 {
		return nil, nil
	}
	doc := map[string]any{
		"@context":      []string{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"},
		"type":          "EPCISDocument",
		"schemaVersion": "2.0",
		"creationDate":  newest.UTC().Format(time.RFC3339),
		"epcisBody":     map[string]any{"eventList": list},
	}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, err
	}
	return &bundle.Document{Name: "epcis/events.jsonld", Data: append(b, '\n')}, nil
}
