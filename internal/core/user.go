package core

import (
	"context"
	"time"
)

// Roles, from least to most power.
const (
	RoleViewer       = "viewer"
	RoleAnalyst      = "analyst"
	RoleInvestigator = "investigator"
	RoleSupervisor   = "supervisor"
	RoleAdmin        = "admin"
	// RoleEnterprise is an exporter's compliance officer, bound to one USCC.
	RoleEnterprise = "enterprise"
)

// Roles lists every role.
var Roles = []string{RoleViewer, RoleAnalyst, RoleInvestigator, RoleSupervisor, RoleAdmin, RoleEnterprise}

// User is a person who signs in: one agency, an optional province scope,
// one role, or an enterprise user bound to one USCC.
type User struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Agency         string    `json:"agency"`
	Province       string    `json:"province,omitempty"`
	Role           string    `json:"role"`
	EnterpriseUSCC USCC      `json:"enterprise_uscc,omitempty"`
	PasswordHash   string    `json:"-"`
	Disabled       bool      `json:"disabled"`
	CreatedAt      time.Time `json:"created_at"`
}

// Token is an API token; only its hash is stored.
type Token struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Hash      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	RevokedAt time.Time `json:"revoked_at,omitempty"`
}

// UserRepo holds users and their API tokens.
type UserRepo interface {
	Create(ctx context.Context, u *User) error
	ByName(ctx context.Context, name string) (*User, error)
	ByID(ctx context.Context, id string) (*User, error)
	List(ctx context.Context) ([]*User, error)
	Update(ctx context.Context, u *User) error
	Count(ctx context.Context) (int, error)
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns ENOTFOUND for an unknown hash.
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	RevokeToken(ctx context.Context, id string, at time.Time) error
	// AddSetupToken keeps the hash of a one-time setup secret a server
	// printed, so that the link works on every server of the store.
	AddSetupToken(ctx context.Context, hash string, at time.Time) error
	// SetupTokenValid says whether hash is a kept setup secret's.
	SetupTokenValid(ctx context.Context, hash string) (bool, error)
	// CreateFirst creates u if the store has no user yet, and forgets
	// every setup secret; ECONFLICT when a user exists (another server's
	// setup won).
	CreateFirst(ctx context.Context, u *User) error
}

// SignInRepo keeps failed sign-ins where every server of one database
// counts them.
type SignInRepo interface {
	// AddFailures records a failure of each key at at.
	AddFailures(ctx context.Context, keys []string, at time.Time) error
	// Failures are the key's failures since since, oldest first.
	Failures(ctx context.Context, key string, since time.Time) ([]time.Time, error)
	// ClearFailures forgets the keys' failures (a success).
	ClearFailures(ctx context.Context, keys []string) error
	// PruneFailures forgets every failure before before.
	PruneFailures(ctx context.Context, before time.Time) error
}
