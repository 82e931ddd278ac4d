package core

import (
	"context"
	"time"
)

// RuleSet is a version of the analysts' rules as applied to the store:
// the files as written, so that every server runs the same rules and a
// new version reaches them all.
type RuleSet struct {
	Seq       int64             `json:"seq"`
	Version   string            `json:"version"` // the rules' digest (rules.Set.Version)
	Files     map[string]string `json:"files"`   // file name → YAML
	Rules     int               `json:"rules"`
	AppliedBy string            `json:"applied_by"`
	AppliedAt time.Time         `json:"applied_at"`
}

// RuleSetRepo keeps the rule sets applied, newest last.
type RuleSetRepo interface {
	// Apply makes rs the newest rule set, unless the newest has its
	// version already (applied is then false). Seq and AppliedAt are set.
	Apply(ctx context.Context, rs *RuleSet) (applied bool, err error)
	// Latest is the newest rule set; ENOTFOUND when none was applied.
	Latest(ctx context.Context) (*RuleSet, error)
}
