package core

import (
	"context"
	"time"
)

// Alert statuses. An alert moves new → triaged → dismissed (with a reason)
// or escalated (into a case); dismissed and escalated are final.
const (
	AlertNew       = "new"
	AlertTriaged   = "triaged"
	AlertDismissed = "dismissed"
	AlertEscalated = "escalated"
)

// AlertMoves lists the allowed status changes.
var AlertMoves = map[string][]string{
	AlertNew:     {AlertTriaged, AlertDismissed, AlertEscalated},
	AlertTriaged: {AlertDismissed, AlertEscalated},
}

// CanMove reports whether an alert may go from one status to another.
func CanMove(from, to string) bool {
	for _, s := range AlertMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Alert is a stored alert about any subject.
type Alert struct {
	ID          string    `json:"id"`
	SubjectType string    `json:"subject_type"`
	SubjectID   string    `json:"subject_id"`
	Code        string    `json:"code"`
	Score       int       `json:"score"`
	Summary     string    `json:"summary"`
	SummaryZh   string    `json:"summary_zh"`
	Evidence    string    `json:"evidence"` // JSON
	Province    string    `json:"province,omitempty"`
	Status      string    `json:"status"`
	Reason      string    `json:"reason,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// AlertFilter selects alerts; zero fields do not filter.
type AlertFilter struct {
	Status, Code, SubjectType, SubjectID, Province string
	// Enterprise keeps the alerts on the enterprise and on the
	// declarations it exported.
	Enterprise USCC
	MinScore   int
	// MaxScore, when set, keeps scores at or below it (a channel is a
	// score range).
	MaxScore int
	// HSCodes keeps the alerts on declarations with an item under one of
	// these codes (a mineral's codes, from the catalogue): 10-digit codes,
	// or 8-digit tariff lines covering every code under them.
	HSCodes []string
	// ChangedAfter, when set, keeps the alerts raised or changed after
	// the moment and orders them by that time, then id (the stream);
	// otherwise List orders by score.
	ChangedAfter time.Time
	// RaisedFrom and RaisedTo bound when alerts were raised: [from, to).
	RaisedFrom, RaisedTo time.Time
	// Sort orders the list by one of AlertSorts (score when empty):
	// scores and times highest and newest first, names A to Z; Reverse
	// turns that round. Ties go by id.
	Sort          string
	Reverse       bool
	Offset, Limit int
}

// AlertSorts are the columns an alert list may be ordered by.
var AlertSorts = []string{"score", "raised", "changed", "code", "subject", "province", "status"}

// AlertRepo holds alerts.
type AlertRepo interface {
	// Raise stores a new alert or refreshes an existing one's score and
	// evidence, keeping its status: re-running an analysis does not undo
	// triage. changed is false when nothing differed.
	Raise(ctx context.Context, a *Alert) (changed bool, err error)
	Get(ctx context.Context, id string) (*Alert, error)
	// List orders by score (highest first), then id; with ChangedAfter,
	// by when they changed.
	List(ctx context.Context, f AlertFilter) ([]*Alert, int, error)
	SetStatus(ctx context.Context, id, status, reason string, at time.Time) error
}
