package access

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"orewatch/internal/core"
)

// Browser sessions are tokens of their own kind: a random 256-bit secret
// in an HttpOnly cookie, stored as its SHA-256 like an API token (id
// prefix "session-"), expiring after SessionTTL, revoked at sign-out. A new
// secret is issued at every sign-in, so a secret planted before sign-in
// (session fixation) is never promoted.
const (
	SessionCookie = "ow_session"
	SessionTTL    = 12 * time.Hour
	sessionPrefix = "session-"
)

// StartSession signs u in and returns the cookie's secret.
func (g Guard) StartSession(ctx context.Context, u *core.User) (string, time.Time, error) {
	secret, hash, err := NewToken()
	if err != nil {
		return "", time.Time{}, err
	}
	now := g.Now()
	exp := now.Add(SessionTTL)
	if err := g.Users.CreateToken(ctx, &core.Token{ID: sessionPrefix + NewID(), UserID: u.ID, Hash: hash, CreatedAt: now, ExpiresAt: exp}); err != nil {
		return "", time.Time{}, fmt.Errorf("start session: %w", err)
	}
	return secret, exp, nil
}

// EndSession revokes the session whose secret the cookie holds.
func (g Guard) EndSession(ctx context.Context, secret string) error {
	t, err := g.Users.TokenByHash(ctx, HashToken(secret))
	if err != nil {
		return err
	}
	if !strings.HasPrefix(t.ID, sessionPrefix) {
		return core.Errorf(core.EINVALID, "not a session")
	}
	return g.Users.RevokeToken(ctx, t.ID, g.Now())
}

// SessionUser resolves a request's session cookie to an active user and
// returns the session secret (for its CSRF token).
func (g Guard) SessionUser(r *http.Request) (*core.User, string, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "sign in"}
	}
	u, id, err := g.userForSecret(r.Context(), c.Value)
	if err != nil {
		return nil, "", err
	}
	if !strings.HasPrefix(id, sessionPrefix) {
		// An API token in a cookie is not a session: it cannot carry a
		// CSRF token tied to a sign-in.
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "sign in"}
	}
	return u, c.Value, nil
}

// CSRFToken is the token every form of a session carries: an HMAC of the
// session secret, so it needs no storage and dies with the session.
func CSRFToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("orewatch csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF compares in constant time.
func CheckCSRF(secret, token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(CSRFToken(secret)), []byte(token)) == 1
}

// Throttle limits failed sign-ins: after Max failures within Window for a
// key (a user name, a client address), that key waits out the window.
// With Shared set the failures are kept in the store, so that every
// server of one database counts the same ones (a guesser cannot spread
// its tries over the servers behind a load balancer); otherwise in this
// process's memory, bounded.
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time
	Shared core.SignInRepo

	mu       sync.Mutex
	failures map[string][]time.Time
	fails    int
}

// NewThrottle allows five failures per quarter hour.
func NewThrottle(now func() time.Time) *Throttle {
	return &Throttle{Max: 5, Window: 15 * time.Minute, Now: now, failures: map[string][]time.Time{}}
}

// Wait is how long a key must wait before trying again; 0 means now.
func (t *Throttle) Wait(ctx context.Context, keys ...string) (time.Duration, error) {
	now := t.Now()
	var wait time.Duration
	for _, k := range keys {
		fs, err := t.recentOf(ctx, k, now)
		if err != nil {
			return 0, err
		}
		if len(fs) >= t.Max {
			wait = max(wait, fs[len(fs)-t.Max].Add(t.Window).Sub(now))
		}
	}
	return wait, nil
}

func (t *Throttle) recentOf(ctx context.Context, k string, now time.Time) ([]time.Time, error) {
	if t.Shared != nil {
		fs, err := t.Shared.Failures(ctx, k, now.Add(-t.Window))
		if err != nil {
			return nil, fmt.Errorf("sign-in failures of %s: %w", k, err)
		}
		return fs, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.recent(k, now)), nil
}

// Fail records a failure for each key.
func (t *Throttle) Fail(ctx context.Context, keys ...string) error {
	now := t.Now()
	if t.Shared != nil {
		if err := t.Shared.AddFailures(ctx, keys, now); err != nil {
			return fmt.Errorf("record sign-in failures: %w", err)
		}
		t.mu.Lock()
		t.fails++
		prune := t.fails%pruneEvery == 0
		t.mu.Unlock()
		if prune {
			// What is older than the window counts for nothing.
			if err := t.Shared.PruneFailures(ctx, now.Add(-t.Window)); err != nil {
				return fmt.Errorf("prune sign-in failures: %w", err)
			}
		}
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.failures[k] = append(t.recent(k, now), now)
	}
	if len(t.failures) > maxThrottled {
		// Bound memory under a spray of names: forget what has expired,
		// then, if the spray is faster than the window, keys at random
		// down to three quarters (the address throttle still holds the
		// sprayer).
		for k := range t.failures {
			if len(t.recent(k, now)) == 0 {
				delete(t.failures, k)
			}
		}
		for k := range t.failures {
			if len(t.failures) <= maxThrottled*3/4 {
				break
			}
			delete(t.failures, k)
		}
	}
	return nil
}

// maxThrottled bounds the keys a Throttle remembers; a shared one prunes
// its expired failures every pruneEvery failures recorded here.
const (
	maxThrottled = 100_000
	pruneEvery   = 64
)

// Reset forgets a key's failures (after a success).
func (t *Throttle) Reset(ctx context.Context, keys ...string) error {
	if t.Shared != nil {
		if err := t.Shared.ClearFailures(ctx, keys); err != nil {
			return fmt.Errorf("clear sign-in failures: %w", err)
		}
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.failures, k)
	}
	return nil
}

func (t *Throttle) recent(k string, now time.Time) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && !now.Before(fs[i].Add(t.Window)) {
		i++
	}
	return fs[i:]
}
