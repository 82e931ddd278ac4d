package core

import (
	"context"
	"time"
)

// SavedFilter is a list page's filter an officer keeps under a name: the
// query string of the page, as the page wrote it.
type SavedFilter struct {
	UserID  string
	Page    string // "alerts"
	Name    string
	Query   string
	SavedAt time.Time
}

// MaxSavedFilters bounds the filters one officer keeps for one page.
const MaxSavedFilters = 50

// SavedFilterRepo keeps each officer's saved filters.
type SavedFilterRepo interface {
	// Save keeps f, replacing the user's filter of the same page and name;
	// a new name past MaxSavedFilters is refused (EINVALID).
	Save(ctx context.Context, f *SavedFilter) error
	// List returns the user's filters for the page, by name.
	List(ctx context.Context, userID, page string) ([]*SavedFilter, error)
	// Delete removes one; ENOTFOUND when the user has none of that name.
	Delete(ctx context.Context, userID, page, name string) error
}
