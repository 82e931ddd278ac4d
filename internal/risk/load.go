package risk

import (
	"context"
	"fmt"

	"orewatch/internal/core"
)

// LoadGraph builds the party graph from everything a store holds, with
// the shipped restricted-party lists added to the stored ones.
func LoadGraph(ctx context.Context, r core.Repos, shipped []*core.ListEntry, asOf core.Date) (*Graph, error) {
	in := GraphInput{AsOf: asOf}
	var err error
	if in.Parties, err = r.Parties().All(ctx); err != nil {
		return nil, fmt.Errorf("read parties: %w", err)
	}
	if in.Links, err = r.Parties().Links(ctx); err != nil {
		return nil, fmt.Errorf("read party links: %w", err)
	}
	stored, err := r.Lists().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read list entries: %w", err)
	}
	in.Lists = append(append(in.Lists, shipped...), stored...)
	for off := 0; ; off += 10000 {
		es, total, err := r.Enterprises().List(ctx, core.EnterpriseFilter{Offset: off, Limit: 10000})
		if err != nil {
			return nil, fmt.Errorf("read the ledger: %w", err)
		}
		in.Enterprises = append(in.Enterprises, es...)
		if off+len(es) >= total || len(es) == 0 {
			break
		}
	}
	return BuildGraph(in), nil
}

// Network answers "who is around this party": the subgraph within depth
// hops of every node the query names, with why each edge exists and which
// nodes are listed or flagged.
func (g *Graph) Network(q string, depth int) ([]Subgraph, error) {
	ids := g.Find(q)
	if len(ids) == 0 {
		return nil, core.Errorf(core.ENOTFOUND, "no party or enterprise matches %q", q)
	}
	out := make([]Subgraph, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.Around(id, depth))
	}
	return out, nil
}
