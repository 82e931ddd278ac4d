package core

import (
	"context"
	"encoding/json"
	"time"
)

// RecordVersion is one state a stored record had: its JSON as it was,
// who made it and from where (an API call, an import). A record changed
// through the API keeps every state; the first is the one it had before.
type RecordVersion struct {
	Kind       string          `json:"kind"` // "licence"
	Key        string          `json:"key"`
	Version    int             `json:"version"`
	Body       json.RawMessage `json:"body"`
	Actor      string          `json:"actor,omitempty"`
	Source     string          `json:"source,omitempty"` // "POST /api/v1/licences", "import 12"
	RecordedAt time.Time       `json:"recorded_at"`
}

// VersionLicence is the kind of a licence's versions.
const VersionLicence = "licence"

// VersionManifest is the kind of a manifest row's versions, keyed
// "bill of lading/container".
const VersionManifest = "manifest"

// VersionParty is the kind of a party's versions, keyed by its id.
const VersionParty = "party"

// VersionEnterprise is the kind of a ledger entry's versions, keyed by
// USCC.
const VersionEnterprise = "enterprise"

// VersionRepo keeps records' versions.
type VersionRepo interface {
	// Append stores v as the record's next version and sets v.Version.
	Append(ctx context.Context, v *RecordVersion) error
	// List returns a record's versions, oldest first.
	List(ctx context.Context, kind, key string) ([]*RecordVersion, error)
}
