package web_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"

	"orewatch/internal/core"
	"orewatch/internal/web"
)

// provider is a loopback OpenID Connect provider: go-oidc's test server
// for discovery and keys, plus an authorisation endpoint that signs the
// officer in at once and a token endpoint that checks the PKCE verifier.
type provider struct {
	srv    *httptest.Server
	priv   *rsa.PrivateKey
	claims map[string]any
	aud    string

	mu    sync.Mutex
	codes map[string]grant
}

type grant struct{ nonce, challenge string }

func newProvider(t *testing.T) *provider {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{priv: priv, codes: map[string]grant{}, aud: "orewatch"}
	keys := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: priv.Public(), KeyID: "k1", Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", keys)
	mux.Handle("/keys", keys)
	mux.HandleFunc("/auth", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
			http.Error(w, "PKCE required", 400)
			return
		}
		code := fmt.Sprintf("code-%d", time.Now().UnixNano())
		p.mu.Lock()
		p.codes[code] = grant{q.Get("nonce"), q.Get("code_challenge")}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		p.mu.Lock()
		g, ok := p.codes[r.Form.Get("code")]
		delete(p.codes, r.Form.Get("code"))
		p.mu.Unlock()
		if !ok || oauth2Challenge(r.Form.Get("code_verifier")) != g.challenge {
			http.Error(w, `{"error":"invalid_grant"}`, 400)
			return
		}
		cl := map[string]any{"iss": p.srv.URL, "aud": p.aud, "exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix(), "nonce": g.nonce}
		for k, v := range p.claims {
			cl[k] = v
		}
		b, _ := json.Marshal(cl)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600,
			"id_token": oidctest.SignIDToken(priv, "k1", oidc.RS256, string(b))})
	})
	p.srv = httptest.NewServer(mux)
	keys.SetIssuer(p.srv.URL)
	t.Cleanup(p.srv.Close)
	return p
}

// signInSSO walks the redirects between the site and the provider the way
// a browser does; it returns the last answer from the site.
func signInSSO(t *testing.T, b *browser) (int, string, http.Header) {
	t.Helper()
	code, _, hd := b.do("GET", "/oidc/start?next=/alerts", nil)
	if code != 303 {
		t.Fatalf("start: %d", code)
	}
	res, err := b.c.Get(hd.Get("Location")) // the provider's /auth
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cb, _ := url.Parse(res.Header.Get("Location"))
	return b.do("GET", cb.RequestURI(), nil)
}

func TestOIDC(t *testing.T) {
	idp := newProvider(t)
	s := newSiteWith(t, true, func(d *web.Deps, site *site) {
		sso, err := web.NewOIDC(context.Background(), idp.srv.URL, "orewatch", "secret", site.srv.URL+"/oidc/callback")
		if err != nil {
			t.Fatal(err)
		}
		d.OIDC = sso
	})
	if _, body := s.browser(t).get("/login"); !strings.Contains(body, `id="sso"`) {
		t.Errorf("login page offers no single sign-on")
	}

	// First sign-in creates the officer from the claims.
	idp.claims = map[string]any{"sub": "u-778", "preferred_username": "zhang.wei", ClaimOf("agency"): "mps", ClaimOf("role"): "investigator", ClaimOf("province"): "湖南"}
	b := s.browser(t)
	code, _, hd := signInSSO(t, b)
	if code != 303 || hd.Get("Location") != "/alerts" {
		t.Fatalf("callback: %d %v", code, hd)
	}
	u, err := s.store.Users().ByName(context.Background(), "zhang.wei")
	if err != nil || u.Agency != "MPS" || u.Role != core.RoleInvestigator || u.Province != "430000" || u.PasswordHash != "" {
		t.Fatalf("user from claims: %+v %v", u, err)
	}
	if code, _ := b.get("/alerts"); code != 200 {
		t.Errorf("signed in by SSO, the queue: %d", code)
	}
	// No password was set: the password form cannot sign this user in.
	if code, _, _ := s.browser(t).do("POST", "/login", url.Values{"name": {"zhang.wei"}, "password": {""}}); code != 401 {
		t.Errorf("password sign-in of an SSO user: %d", code)
	}

	// The provider is authoritative: a changed role applies at the next sign-in.
	idp.claims[ClaimOf("role")] = "viewer"
	signInSSO(t, s.browser(t))
	if u, _ := s.store.Users().ByName(context.Background(), "zhang.wei"); u.Role != core.RoleViewer {
		t.Errorf("role not updated from claims: %s", u.Role)
	}

	// Refusals: an unknown role, a forged state, a token for another client.
	idp.claims[ClaimOf("role")] = "superuser"
	if code, body, _ := signInSSO(t, s.browser(t)); code != 403 || !strings.Contains(body, "orewatch_role") {
		t.Errorf("unknown role claim: %d", code)
	}
	idp.claims[ClaimOf("role")] = "analyst"
	fb := s.browser(t)
	fb.do("GET", "/oidc/start", nil)
	if code, _, _ := fb.do("GET", "/oidc/callback?code=x&state=forged", nil); code != 403 {
		t.Errorf("forged state: %d", code)
	}
	idp.aud = "someone-else"
	if code, _, _ := signInSSO(t, s.browser(t)); code != 401 {
		t.Errorf("ID token for another client: %d", code)
	}
}

// ClaimOf names OreWatch's claims in the tests as the docs do.
func ClaimOf(k string) string { return "orewatch_" + k }

// oauth2Challenge is PKCE's S256: base64url(SHA-256(verifier)).
func oauth2Challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
