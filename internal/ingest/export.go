package ingest

import (
	"context"
	"fmt"

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
	return b, nil
}
