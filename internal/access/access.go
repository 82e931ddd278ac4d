// Package access decides who may do what: users with one agency, an
// optional province scope and one role; passwords hashed with argon2id; API
// tokens shown once and stored as hashes; and the policy table that every
// API route is checked against.
package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"orewatch/internal/core"
)

// Agencies are the departments that work one picture (seeded; an
// installation may use others).
var Agencies = map[string]string{
	"MOFCOM": "商务部 Ministry of Commerce", "MIIT": "工业和信息化部 Ministry of Industry and Information Technology",
	"MPS": "公安部 Ministry of Public Security", "MSS": "国家安全部 Ministry of State Security",
	"MNR": "自然资源部 Ministry of Natural Resources", "MOT": "交通运输部 Ministry of Transport",
	"SASAC": "国务院国资委 SASAC", "GAC": "海关总署 General Administration of Customs",
	"SAMR": "市场监管总局 State Administration for Market Regulation", "SPB": "国家邮政局 State Post Bureau",
	"SPC": "最高人民法院 Supreme People's Court", "SPP": "最高人民检察院 Supreme People's Procuratorate",
	"GOV": "省级人民政府 provincial government",
}

// policies says which roles may use each policy (action). A route whose
// policy is missing here is refused to everyone.
var policies = map[string][]string{
	"system.read": {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	// Prometheus scrapes with an administrator's or a supervisor's token.
	"system.metrics": {core.RoleSupervisor, core.RoleAdmin},
	// The webhook's deliveries (and replaying dead ones) are an
	// administrator's.
	"webhooks.admin": {core.RoleAdmin},
	// Catalogue packs change every node's answers: an administrator's.
	"catalog.admin":  {core.RoleAdmin},
	"catalog.read":   {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	"parties.screen": {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	// Pre-checking a declaration stores nothing; an exporter's compliance
	// officer may check its own enterprise's.
	"declarations.screen": {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	// Lodging stores and screens a declaration: customs' port systems
	// (as an analyst's token) and a declarant for its own enterprise.
	"declarations.lodge": {core.RoleAnalyst, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	// Manifest rows come from ports' and carriers' systems, through
	// customs (an analyst's token).
	"manifests.write": {core.RoleAnalyst, core.RoleSupervisor, core.RoleAdmin},
	// The ledger is kept by the provinces' officers (an analyst's token,
	// scoped to the province) and supervisors.
	"ledger.write": {core.RoleAnalyst, core.RoleSupervisor, core.RoleAdmin},
	// Parties and their links are added by those who learn of them.
	"parties.write": {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	// Licences are changed by the commerce department's supervisors.
	"licences.write":    {core.RoleSupervisor, core.RoleAdmin},
	"declarations.read": {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	"ledger.read":       {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"events.read":       {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"events.capture":    {core.RoleAnalyst, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	"alerts.read":       {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"alerts.triage":     {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"bundles.import":    {core.RoleAnalyst, core.RoleSupervisor, core.RoleAdmin},
	"rules.read":        {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"network.read":      {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"cases.read":        {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	"cases.write":       {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin},
	// Licence applications: exporters draft their own; every officer may
	// act, and the procedure says which step is whose (MOFCOM's
	// departments, the agencies consulted).
	"applications.read":  {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	"applications.apply": {core.RoleEnterprise},
	"applications.act":   {core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
	// Monthly reports: an enterprise files its own books; the ledger's
	// readers compare them.
	"reports.file": {core.RoleEnterprise},
	"reports.read": {core.RoleViewer, core.RoleAnalyst, core.RoleInvestigator, core.RoleSupervisor, core.RoleAdmin, core.RoleEnterprise},
}

// Allowed reports whether role may use policy.
func Allowed(role, policy string) bool {
	for _, r := range policies[policy] {
		if r == role {
			return true
		}
	}
	return false
}

// Policies lists the known policies.
func Policies() []string {
	var out []string
	for p := range policies {
		out = append(out, p)
	}
	return out
}

// Argon2id parameters: 64 MiB, one pass, two lanes (OWASP's first
// recommended setting), about 130 ms per hash on this project's machines.
const (
	argonTime    = 1
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an encoded argon2id hash with its parameters.
func HashPassword(pw string) (string, error) {
	if len(pw) < 12 {
		return "", core.FieldErrorf("password", "passwords need at least 12 characters")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword compares in constant time against an encoded hash.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken makes an API token: the secret (shown once) and the hash that
// is stored.
func NewToken() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	secret = "ow_" + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret), nil
}

// HashToken is how a presented token is looked up. Tokens are 256 random
// bits, so a fast hash is enough (unlike passwords).
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// NewID returns a random identifier.
func NewID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type ctxKey struct{}

// UserFrom returns the authenticated user of a request's context.
func UserFrom(ctx context.Context) (*core.User, bool) {
	u, ok := ctx.Value(ctxKey{}).(*core.User)
	return u, ok
}

// WithUser puts the authenticated user into a context.
func WithUser(ctx context.Context, u *core.User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// Guard authenticates API requests by bearer token and checks the
// route's policy against the user's role.
type Guard struct {
	Users core.UserRepo
	Now   func() time.Time
}

// Authenticate resolves a request's bearer token to an active user.
func (g Guard) Authenticate(r *http.Request) (*core.User, error) {
	h := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || secret == "" {
		return nil, &core.Error{Code: core.EUNAUTHORIZED, Message: "sign in: send Authorization: Bearer <token> (orewatch token create)"}
	}
	u, id, err := g.userForSecret(r.Context(), strings.TrimSpace(secret))
	if err == nil && strings.HasPrefix(id, sessionPrefix) {
		return nil, &core.Error{Code: core.EUNAUTHORIZED, Message: "a browser session is not an API token (orewatch token create)"}
	}
	return u, err
}

// userForSecret resolves a token or session secret to its active user
// and the token's id.
func (g Guard) userForSecret(ctx context.Context, secret string) (*core.User, string, error) {
	t, err := g.Users.TokenByHash(ctx, HashToken(secret))
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "unknown token"}
	}
	if err != nil {
		return nil, "", err
	}
	now := g.Now()
	if !t.RevokedAt.IsZero() {
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "token revoked"}
	}
	if !now.Before(t.ExpiresAt) {
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "token expired"}
	}
	u, err := g.Users.ByID(ctx, t.UserID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "token of an unknown user"}
	}
	if err != nil {
		// The store not answering is not the token's fault: the caller
		// gets 503 and tries again (seen when PostgreSQL restarted
		// under lodgings: a 401, and the client gave up on a valid token).
		return nil, "", err
	}
	if u.Disabled {
		return nil, "", &core.Error{Code: core.EUNAUTHORIZED, Message: "user disabled"}
	}
	return u, t.ID, nil
}

// Allow implements the API's guard: authenticated, and the role allows
// the policy. The user is put into the request's context for handlers.
func (g Guard) Allow(r *http.Request, policy string) (*http.Request, error) {
	u, err := g.Authenticate(r)
	if err != nil {
		return r, err
	}
	if !Allowed(u.Role, policy) {
		return r, &core.Error{Code: core.EFORBIDDEN, Message: fmt.Sprintf("role %s may not %s", u.Role, policy)}
	}
	return r.WithContext(WithUser(r.Context(), u)), nil
}

// ProvinceScope is the province a request's user is limited to, or "" for
// a user with national scope (or no user, for routes without one).
func ProvinceScope(ctx context.Context) string {
	if u, ok := UserFrom(ctx); ok {
		return u.Province
	}
	return ""
}

// CanSeeProvince reports whether the request's user may see data of a
// province.
func CanSeeProvince(ctx context.Context, province string) bool {
	p := ProvinceScope(ctx)
	return p == "" || p == province
}

// EnterpriseScope is the USCC an enterprise user is bound to, or "".
func EnterpriseScope(ctx context.Context) core.USCC {
	if u, ok := UserFrom(ctx); ok && u.Role == core.RoleEnterprise {
		return u.EnterpriseUSCC
	}
	return ""
}
