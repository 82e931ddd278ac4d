package core

import (
	"context"
	"time"
)

// Store is OreWatch's storage contract. Each repository method called on
// the Store directly runs in a transaction of its own; WithTx runs several
// in one. Implementations: internal/store/sqlite and internal/store/postgres,
// both verified by internal/store/storetest.
type Store interface {
	Repos
	// WithTx runs fn in one read-write transaction, committed if fn returns
	// nil and rolled back otherwise.
	WithTx(ctx context.Context, fn func(Repos) error) error
	// SchemaVersion is the newest migration applied.
	SchemaVersion(ctx context.Context) (int, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	Close() error
}

// Repos groups the per-aggregate repositories.
type Repos interface {
	Enterprises() EnterpriseRepo
	Licences() LicenceRepo
	Declarations() DeclarationRepo
	Parties() PartyRepo
	Lists() ListRepo
	Manifests() ManifestRepo
	Prices() PriceRepo
	Materials() MaterialRepo
	Events() EventRepo
	Users() UserRepo
	Audit() AuditRepo
	Alerts() AlertRepo
	Cases() CaseRepo
	Imports() ImportRepo
	Lodgements() LodgementRepo
	Versions() VersionRepo
	Webhooks() WebhookRepo
	SavedFilters() SavedFilterRepo
	CatalogPacks() CatalogPackRepo
	Applications() ApplicationRepo
	MonthlyReports() MonthlyReportRepo
	SignIns() SignInRepo
	CaptureJobs() CaptureJobRepo
	UploadJobs() UploadJobRepo
	RuleSets() RuleSetRepo
}

// Upserts report whether anything changed, so that re-importing the same
// data can say "nothing changed" and write no audit noise.

// EnterpriseRepo holds the ledger.
type EnterpriseRepo interface {
	// Upsert inserts or replaces the enterprise; changed is false when the
	// stored row was already identical.
	Upsert(ctx context.Context, e *Enterprise) (changed bool, err error)
	// Get returns ENOTFOUND when no enterprise has that code.
	Get(ctx context.Context, uscc USCC) (*Enterprise, error)
	// List returns a page of matches and the total number of matches.
	List(ctx context.Context, f EnterpriseFilter) ([]*Enterprise, int, error)
	// AddStatus records a dated status change; a change with the same
	// enterprise, status and date is recorded once.
	AddStatus(ctx context.Context, c StatusChange) (changed bool, err error)
	// History returns the status changes in effective-date order.
	History(ctx context.Context, uscc USCC) ([]StatusChange, error)
}

// LicenceRepo holds export licences.
type LicenceRepo interface {
	Upsert(ctx context.Context, l *Licence) (changed bool, err error)
	Get(ctx context.Context, no string) (*Licence, error)
	List(ctx context.Context, f LicenceFilter) ([]*Licence, int, error)
	// Change records a dated status change and, once it is in effect on
	// today, the licence's status; Get returns a licence with its changes.
	Change(ctx context.Context, c *LicenceChange, today Date) error
}

// DeclarationRepo holds export declaration items.
type DeclarationRepo interface {
	Upsert(ctx context.Context, d *DeclarationItem) (changed bool, err error)
	Get(ctx context.Context, declarationNo string, itemNo int) (*DeclarationItem, error)
	// List orders by declared_at, declaration_no, item_no: the order in
	// which licence drawdown is counted.
	List(ctx context.Context, f DeclarationFilter) ([]*DeclarationItem, int, error)
	// Monthly sums net weight and counts items by month, destination and
	// HS code, for the given codes (the exports-over-time chart).
	// A province keeps the exports of its ledger's exporters; "" is all.
	Monthly(ctx context.Context, hsCodes []string, province string) ([]MonthlyExport, error)
	// DeleteFrom removes a declaration's items from item itemNo on: an
	// amendment with fewer items.
	DeleteFrom(ctx context.Context, declarationNo string, itemNo int) error
}

// PartyRepo holds parties outside the ledger and the links between them.
type PartyRepo interface {
	Upsert(ctx context.Context, p *Party) (changed bool, err error)
	Get(ctx context.Context, id string) (*Party, error)
	All(ctx context.Context) ([]*Party, error)
	// AddLink records a link once per (from, to, relation).
	AddLink(ctx context.Context, l *PartyLink) (changed bool, err error)
	Links(ctx context.Context) ([]*PartyLink, error)
}

// ListRepo holds restricted-party list entries added by users and bundles
// (the published lists ship with the binary). An entry is keyed by list,
// name and listing date.
type ListRepo interface {
	Upsert(ctx context.Context, e *ListEntry) (changed bool, err error)
	All(ctx context.Context) ([]*ListEntry, error)
}

// ManifestRepo holds carrier container records, keyed by bill of lading
// and container.
type ManifestRepo interface {
	Upsert(ctx context.Context, m *Manifest) (changed bool, err error)
	All(ctx context.Context) ([]*Manifest, error)
	// ByBill returns a bill of lading's containers.
	ByBill(ctx context.Context, bl string) ([]*Manifest, error)
}

// PriceRepo holds market prices, keyed by material, market and date.
type PriceRepo interface {
	Upsert(ctx context.Context, p *Price) (changed bool, err error)
	All(ctx context.Context) ([]*Price, error)
}

// MaterialRepo holds materials added or overridden by bundles.
type MaterialRepo interface {
	Upsert(ctx context.Context, m *Material) (changed bool, err error)
	All(ctx context.Context) ([]*Material, error)
}

// EventRepo holds captured EPCIS events.
type EventRepo interface {
	// Capture stores the events not yet stored (by key) and reports how
	// many were new; run it inside WithTx so a document is stored whole or
	// not at all.
	Capture(ctx context.Context, captureID string, events []*Event) (stored int, err error)
	// Query returns a page of events in (eventTime, key) order.
	Query(ctx context.Context, f EventFilter) ([]*Event, error)
	// Reporters lists the enterprises' sites (bizLocation ids) that have
	// reported events.
	Locations(ctx context.Context) ([]string, error)
	// Shipments sums the quantities of shipping events by site, owner
	// destinations, lot class and unit, for events in [from, before)
	// (zero bounds are open): the flows chart, without reading events.
	Shipments(ctx context.Context, from, before time.Time) ([]ShipmentSum, error)
}

// ShipmentSum is the quantity of one lot class shipped from a site to a
// set of destinations.
type ShipmentSum struct {
	BizLocation  string
	Destinations []EventParty
	EPCClass     string
	UOM          string
	Quantity     Decimal
}
