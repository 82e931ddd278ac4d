package access

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
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
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle allows five failures per quarter hour.
func NewThrottle(now func() time.Time) *Throttle {
	return &Throttle{Max: 5, Window: 15 * time.Minute, Now: now, failures: map[string][]time.Time{}}
}

// Wait is how long a key must wait before trying again; 0 means now.
func (t *Throttle) Wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	var wait time.Duration
	for _, k := range keys {
		fs := t.recent(k, now)
		if len(fs) >= t.Max {
			wait = max(wait, fs[0].Add(t.Window).Sub(now))
		}
	}
	return wait
}

// Fail records a failure for each key.
func (t *Throttle) Fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
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
}

// maxThrottled bounds the keys a Throttle remembers.
const maxThrottled = 100_000

// Reset forgets a key's failures (after a success).
func (t *Throttle) Reset(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.failures, k)
	}
}

func (t *Throttle) recent(k string, now time.Time) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && !now.Before(fs[i].Add(t.Window)) {
		i++
	}
	return fs[i:]
}
