package core

import (
	"context"
	"time"
)

// MonthlyReport is an enterprise's books of one material for one month as
// it filed them (月度报表): what it held at the start, received, produced,
// consumed, shipped to others and exported, and held at the end, in kg.
type MonthlyReport struct {
	USCC     USCC    `json:"uscc"`
	Month    string  `json:"month"` // YYYY-MM
	Material string  `json:"material"`
	Opening  Decimal `json:"opening_kg"`
	Received Decimal `json:"received_kg"`
	Produced Decimal `json:"produced_kg"`
	Consumed Decimal `json:"consumed_kg"`
	Shipped  Decimal `json:"shipped_kg"`
	Exported Decimal `json:"exported_kg"`
	Closing  Decimal `json:"closing_kg"`
	FiledBy  string  `json:"filed_by"`
	// Source says where the figures came from: the form, an API call, or
	// a file and its line.
	Source  string    `json:"source"`
	FiledAt time.Time `json:"filed_at"`
}

// MonthlyReportFilter narrows the filed reports; empty fields match all.
type MonthlyReportFilter struct {
	USCC USCC
	// Province keeps the reports of enterprises in this province's ledger.
	Province string
	From, To string // months, inclusive
	Material string
	Limit    int
}

// MonthlyReportRepo holds the filed monthly reports, one per enterprise,
// month and material; filing again replaces the figures (the versions
// before are kept by the caller in RecordVersions).
type MonthlyReportRepo interface {
	// Put stores r; changed is false when the stored figures were the same.
	Put(ctx context.Context, r *MonthlyReport) (changed bool, err error)
	// Get returns ENOTFOUND when nothing was filed.
	Get(ctx context.Context, uscc USCC, month, material string) (*MonthlyReport, error)
	List(ctx context.Context, f MonthlyReportFilter) ([]*MonthlyReport, error)
}
