package access_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
)

// userStore answers a token's lookup, then fails the user's with err, as
// a database restarting between two queries does.
type userStore struct {
	core.UserRepo
	err error
}

func (s userStore) TokenByHash(context.Context, string) (*core.Token, error) {
	return &core.Token{ID: "t1", UserID: "u1", ExpiresAt: time.Now().Add(time.Hour)}, nil
}

func (s userStore) ByID(context.Context, string) (*core.User, error) { return nil, s.err }

// TestStoreOutageIsNotUnauthorized: a valid token while the store cannot
// read its user is the store's outage (503, retried), not the caller's
// fault (401); a user truly gone is 401.
func TestStoreOutageIsNotUnauthorized(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{core.Errorf(core.EUNAVAILABLE, "the database is restarting; retry shortly"), core.EUNAVAILABLE},
		{core.Errorf(core.ENOTFOUND, "no user u1"), core.EUNAUTHORIZED},
	} {
		g := access.Guard{Users: userStore{err: tc.err}, Now: time.Now}
		r := httptest.NewRequest("GET", "/api/v1/alerts", nil)
		r.Header.Set("Authorization", "Bearer secret")
		if _, err := g.Authenticate(r); core.ErrorCode(err) != tc.want {
			t.Errorf("user lookup failing with %v: %v, want %s", tc.err, err, tc.want)
		}
	}
}
