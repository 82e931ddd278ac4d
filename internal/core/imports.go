package core

import (
	"context"
	"time"
)

// Import statuses.
const (
	ImportRunning = "running"
	ImportDone    = "done"
	ImportFailed  = "failed"
)

// Import is one bundle import. It is committed in batches; one that failed
// says so, with the rows it had written, and importing the same bundle
// again resumes it: rows already stored are unchanged, the rest are
// written under the new import.
type Import struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Actor      string    `json:"actor"`
	Agency     string    `json:"agency,omitempty"`
	Status     string    `json:"status"`
	Rows       int64     `json:"rows_written"`
	Error      string    `json:"error,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// ImportRepo records imports; every row an import writes carries its id
// (the import that last changed the row).
type ImportRepo interface {
	Start(ctx context.Context, im *Import) error
	Finish(ctx context.Context, id, status string, rows int64, errText string, at time.Time) error
	// List returns the newest imports first.
	List(ctx context.Context, limit int) ([]*Import, error)
	// Tables counts, per table, the rows whose last change was import id.
	Tables(ctx context.Context, id string) (map[string]int, error)
}

type importKey struct{}

// WithImport marks ctx as an import's: the rows written with it carry id.
func WithImport(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, importKey{}, id)
}

// ImportFrom is the import ctx was marked with, or "".
func ImportFrom(ctx context.Context) string {
	id, _ := ctx.Value(importKey{}).(string)
	return id
}
