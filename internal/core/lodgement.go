package core

import (
	"context"
	"time"
)

// Lodgement is a declaration lodged one at a time (POST
// /api/v1/declarations): its newest version and what screening said of it.
// Its items are stored with the other declaration items; its versions
// keep every body lodged and every answer given.
type Lodgement struct {
	DeclarationNo string    `json:"declaration_no"`
	Version       int       `json:"version"`
	BodyHash      string    `json:"body_hash"`
	Channel       string    `json:"channel"`
	Score         int       `json:"score"`
	Answer        []byte    `json:"-"` // the answer's JSON
	ExporterUSCC  USCC      `json:"exporter_uscc"`
	LodgedBy      string    `json:"lodged_by"`
	FirstLodgedAt time.Time `json:"first_lodged_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// LodgementVersion is one body lodged under a declaration number and the
// answer it got: version 1 the first lodging, each later one an
// amendment.
type LodgementVersion struct {
	DeclarationNo string    `json:"declaration_no"`
	Version       int       `json:"version"`
	BodyHash      string    `json:"body_hash"`
	Body          []byte    `json:"-"`
	Answer        []byte    `json:"-"`
	LodgedBy      string    `json:"lodged_by"`
	LodgedAt      time.Time `json:"lodged_at"`
}

// Drawdown is the quantity an accepted item drew on a licence.
type Drawdown struct {
	LicenceNo     string  `json:"licence_no"`
	DeclarationNo string  `json:"declaration_no"`
	ItemNo        int     `json:"item_no"`
	Kg            float64 `json:"kg"`
}

// LodgementRepo holds lodged declarations, their versions and the
// quantities their items drew on licences.
type LodgementRepo interface {
	// Get returns ENOTFOUND when nothing was lodged under the number.
	Get(ctx context.Context, declarationNo string) (*Lodgement, error)
	// Versions are oldest first.
	Versions(ctx context.Context, declarationNo string) ([]*LodgementVersion, error)
	// Save writes the lodgement's newest state and appends its version.
	Save(ctx context.Context, l *Lodgement, v *LodgementVersion) error
	// LockLicence holds the licence until the transaction ends, so that
	// lodgings drawing on it are counted one after another.
	LockLicence(ctx context.Context, licenceNo string) error
	// Drawn is the kilograms drawn on the licence, leaving out one
	// declaration's items ("" leaves out none).
	Drawn(ctx context.Context, licenceNo, exceptDeclaration string) (float64, error)
	// SetDrawdowns replaces what a declaration's items drew.
	SetDrawdowns(ctx context.Context, declarationNo string, ds []Drawdown) error
	// Drawdowns lists what was drawn on a licence, in declaration and
	// item order.
	Drawdowns(ctx context.Context, licenceNo string) ([]Drawdown, error)
	// List returns a page of lodged declarations, highest number first,
	// and the cursor of the next page ("" on the last).
	List(ctx context.Context, f LodgementFilter) ([]*Lodgement, string, error)
}

// LodgementFilter selects lodged declarations; zero fields do not filter.
// Item fields match when any item of the declaration matches them all.
type LodgementFilter struct {
	Exporter    USCC
	Channel     string
	Code        string // a finding code the declaration raised an alert for
	Province    string // the exporter's province in the ledger
	Consignee   string // contained in the consignee's name, case folded
	HSPrefix    string
	Destination string
	From, To    Date // declared_at, inclusive
	// After is the cursor: the declaration number the previous page
	// ended with. Pages run from the highest number down.
	After string
	Limit int
}
