package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
)

// OIDC is single sign-on through an OpenID Connect provider: the
// authorisation-code flow with PKCE, state and nonce, the ID token
// verified against the provider's keys. The provider is authoritative for
// who the officer is: its claims set the user's agency, province and role
// at every sign-in.
type OIDC struct {
	Issuer   string
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
	key      []byte // signs the flow cookie
}

// Claims OreWatch reads from the ID token, besides sub, preferred_username
// and email.
const (
	ClaimAgency     = "orewatch_agency"
	ClaimProvince   = "orewatch_province"
	ClaimRole       = "orewatch_role"
	ClaimEnterprise = "orewatch_enterprise"
)

// NewOIDC discovers the provider (over the network, once at start).
func NewOIDC(ctx context.Context, issuer, clientID, clientSecret, redirectURL string) (*OIDC, error) {
	p, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC provider %s: %w", issuer, err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return &OIDC{Issuer: issuer, verifier: p.Verifier(&oidc.Config{ClientID: clientID}), key: key,
		oauth: oauth2.Config{ClientID: clientID, ClientSecret: clientSecret, Endpoint: p.Endpoint(), RedirectURL: redirectURL,
			Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}}, nil
}

const flowCookie = "ow_oidc"

type flow struct {
	State, Nonce, Verifier, Next string
	Expires                      int64
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (o *OIDC) seal(f flow) string {
	b, _ := json.Marshal(f)
	m := hmac.New(sha256.New, o.key)
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(b) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (o *OIDC) open(v string, now time.Time) (flow, bool) {
	var f flow
	body, sig, ok := strings.Cut(v, ".")
	if !ok {
		return f, false
	}
	b, err1 := base64.RawURLEncoding.DecodeString(body)
	got, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return f, false
	}
	m := hmac.New(sha256.New, o.key)
	m.Write(b)
	if !hmac.Equal(m.Sum(nil), got) || json.Unmarshal(b, &f) != nil || now.Unix() > f.Expires {
		return f, false
	}
	return f, true
}

func (s *server) oidcStart(w http.ResponseWriter, r *http.Request, p *page) error {
	o := s.OIDC
	if o == nil {
		return core.Errorf(core.ENOTFOUND, "single sign-on is not configured")
	}
	f := flow{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), Next: localPath(r.URL.Query().Get("next")),
		Expires: s.Now().Add(10 * time.Minute).Unix()}
	// SameSite=Lax: the provider's redirect back is a top-level GET from
	// another site, which Strict would strip the cookie from.
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: o.seal(f), Path: "/oidc/", MaxAge: 600, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || !isLoopback(r.Host)})
	http.Redirect(w, r, o.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusSeeOther)
	return nil
}

func (s *server) oidcCallback(w http.ResponseWriter, r *http.Request, p *page) error {
	o := s.OIDC
	if o == nil {
		return core.Errorf(core.ENOTFOUND, "single sign-on is not configured")
	}
	c, err := r.Cookie(flowCookie)
	if err != nil {
		return &core.Error{Code: core.EFORBIDDEN, Message: "single sign-on: the sign-in started elsewhere or expired; start again"}
	}
	f, ok := o.open(c.Value, s.Now())
	if !ok || subtle.ConstantTimeCompare([]byte(f.State), []byte(r.URL.Query().Get("state"))) != 1 {
		return &core.Error{Code: core.EFORBIDDEN, Message: "single sign-on: state does not match; start again"}
	}
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: "", Path: "/oidc/", MaxAge: -1, HttpOnly: true})
	if e := r.URL.Query().Get("error"); e != "" {
		return &core.Error{Code: core.EUNAUTHORIZED, Message: "single sign-on refused: " + e}
	}
	tok, err := o.oauth.Exchange(r.Context(), r.URL.Query().Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		s.Logger.Warn("OIDC code exchange failed", "err", err)
		return &core.Error{Code: core.EUNAUTHORIZED, Message: "single sign-on: the provider did not accept the sign-in"}
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := o.verifier.Verify(r.Context(), raw)
	if err != nil {
		s.Logger.Warn("OIDC ID token rejected", "err", err)
		return &core.Error{Code: core.EUNAUTHORIZED, Message: "single sign-on: the ID token is not valid"}
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return &core.Error{Code: core.EUNAUTHORIZED, Message: "single sign-on: the ID token's nonce does not match"}
	}
	var cl map[string]any
	if err := idt.Claims(&cl); err != nil {
		return err
	}
	u, err := s.ssoUser(r.Context(), idt.Subject, cl)
	if err != nil {
		return err
	}
	secret, exp, err := s.Guard.StartSession(r.Context(), u)
	if err != nil {
		return err
	}
	if err := audit.Change(r.Context(), s.Store, audit.Actor{Name: u.Name, Agency: u.Agency}, "session.start", u.Name, nil, nil, "single sign-on via "+o.Issuer, noChange); err != nil {
		return err
	}
	setSession(w, r, secret, exp)
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
	return nil
}

func claim(cl map[string]any, k string) string {
	v, _ := cl[k].(string)
	return strings.TrimSpace(v)
}

// ssoUser maps the token's claims onto a user, creating it at the first
// sign-in and bringing agency, province and role up to date afterwards.
// A user disabled in OreWatch stays disabled whatever the provider says.
func (s *server) ssoUser(ctx context.Context, sub string, cl map[string]any) (*core.User, error) {
	name := claim(cl, "preferred_username")
	if name == "" {
		name = claim(cl, "email")
	}
	if name == "" {
		name = "oidc:" + sub
	}
	agency, role, province := strings.ToUpper(claim(cl, ClaimAgency)), strings.ToLower(claim(cl, ClaimRole)), claim(cl, ClaimProvince)
	refuse := func(format string, args ...any) error {
		return &core.Error{Code: core.EFORBIDDEN, Message: "single sign-on: " + fmt.Sprintf(format, args...)}
	}
	if _, ok := access.Agencies[agency]; !ok {
		return nil, refuse("claim %s is %q, not an agency OreWatch knows", ClaimAgency, agency)
	}
	if !slices.Contains(core.Roles, role) {
		return nil, refuse("claim %s is %q: want one of %s", ClaimRole, role, strings.Join(core.Roles, ", "))
	}
	if province != "" {
		code, err := ledger.ParseProvince(province)
		if err != nil {
			return nil, refuse("claim %s: %v", ClaimProvince, err)
		}
		province = code
	}
	var uscc core.USCC
	if role == core.RoleEnterprise {
		u, err := core.ParseUSCC(claim(cl, ClaimEnterprise))
		if err != nil {
			return nil, refuse("an enterprise user needs claim %s (a USCC): %v", ClaimEnterprise, err)
		}
		uscc = u
	}
	existing, err := s.Store.Users().ByName(ctx, name)
	switch {
	case core.ErrorCode(err) == core.ENOTFOUND:
		u := &core.User{ID: access.NewID(), Name: name, Agency: agency, Province: province, Role: role, EnterpriseUSCC: uscc, CreatedAt: s.Now()}
		// No password: this user signs in through the provider only.
		err := audit.Change(ctx, s.Store, audit.Actor{Name: "oidc", Agency: agency}, "user.add", name, nil, u, "single sign-on, sub "+sub, func(r core.Repos) error {
			return r.Users().Create(ctx, u)
		})
		return u, err
	case err != nil:
		return nil, err
	}
	if existing.Disabled {
		return nil, &core.Error{Code: core.EUNAUTHORIZED, Message: "user disabled"}
	}
	if existing.Agency != agency || existing.Province != province || existing.Role != role || existing.EnterpriseUSCC != uscc {
		before := *existing
		existing.Agency, existing.Province, existing.Role, existing.EnterpriseUSCC = agency, province, role, uscc
		if err := audit.Change(ctx, s.Store, audit.Actor{Name: "oidc", Agency: agency}, "user.update", name, &before, existing, "claims from the provider", func(r core.Repos) error {
			return r.Users().Update(ctx, existing)
		}); err != nil {
			return nil, err
		}
	}
	return existing, nil
}
