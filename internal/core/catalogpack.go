package core

import (
	"context"
	"time"
)

// CatalogPack is a catalogue pack as applied: the file as it was given,
// its checksum, and who applied it when. Seq orders the packs; each is
// applied on the shipped catalogue and the packs before it.
type CatalogPack struct {
	Seq       int64
	ID        string
	SHA256    string
	TitleZh   string
	TitleEn   string
	Published Date
	Body      []byte
	AppliedBy string
	AppliedAt time.Time
}

// MaxCatalogPacks bounds the packs one store keeps: every node builds its
// catalogue from all of them.
const MaxCatalogPacks = 1000

// CatalogPackRepo keeps the applied catalogue packs.
type CatalogPackRepo interface {
	// Add stores p with the next Seq (set on p). The same id with the
	// same checksum is already applied: created is false and nothing is
	// written. The same id with another checksum is ECONFLICT.
	Add(ctx context.Context, p *CatalogPack) (created bool, err error)
	// List returns every pack in Seq order.
	List(ctx context.Context) ([]*CatalogPack, error)
	// Head is how many packs are stored and the last Seq (0 for none):
	// packs are only ever added, so a node that holds as many, ending at
	// that Seq, holds them all.
	Head(ctx context.Context) (n int, last int64, err error)
}
