package core

import (
	"context"
	"time"
)

// ApplicationStatus is where a dual-use export licence application
// (两用物项出口许可申请) stands.
type ApplicationStatus string

// An application is drafted by its exporter, checked for completeness by
// the provincial commerce department, reviewed by MOFCOM (who may ask for
// more documents or consult other agencies) and approved or refused.
const (
	AppDraft         ApplicationStatus = "draft"          // 草稿
	AppSubmitted     ApplicationStatus = "submitted"      // 已提交，待省级商务主管部门审核
	AppReturned      ApplicationStatus = "returned"       // 退回补正
	AppUnderReview   ApplicationStatus = "under_review"   // 已受理，商务部审查中
	AppInfoRequested ApplicationStatus = "info_requested" // 待补充材料
	AppConsulting    ApplicationStatus = "consulting"     // 会同有关部门审查
	// AppExpertReview: identification, experts' opinions or an on-site
	// check, whose time the statutory limit does not count.
	AppExpertReview ApplicationStatus = "expert_review" // 鉴别、征询专家意见或实地核查
	AppApproved     ApplicationStatus = "approved"      // 准予许可
	AppRefused      ApplicationStatus = "refused"       // 不予许可
	AppWithdrawn    ApplicationStatus = "withdrawn"     // 已撤回
)

// Final says whether nothing more happens to an application.
func (s ApplicationStatus) Final() bool {
	return s == AppApproved || s == AppRefused || s == AppWithdrawn
}

// LicenceKind is the licence an application asks for.
type LicenceKind string

const (
	KindSingle  LicenceKind = "single"  // 单项许可
	KindGeneral LicenceKind = "general" // 通用许可
)

// LicenceApplication is an exporter's application for a dual-use export
// licence. What the exporter writes is Form; the rest is the procedure's.
type LicenceApplication struct {
	ID           string            `json:"id"`
	Seq          int64             `json:"-"`
	ExporterUSCC USCC              `json:"exporter_uscc"`
	Province     string            `json:"province"` // the exporter's, from the ledger: whose commerce department checks it
	Status       ApplicationStatus `json:"status"`
	// Revision counts the application's changes; an update naming an
	// older one is refused, so two reviewers cannot decide over each other.
	Revision    int             `json:"revision"`
	Form        ApplicationForm `json:"form"`
	CreatedBy   string          `json:"created_by"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	SubmittedAt time.Time       `json:"submitted_at,omitzero"`
	// AcceptedOn is the day the application was accepted (受理): the
	// statutory clock runs from it.
	AcceptedOn Date      `json:"accepted_on,omitzero"`
	DecidedAt  time.Time `json:"decided_at,omitzero"`
	// Consulted are the agencies asked for their opinion and not yet
	// answered.
	Consulted []string  `json:"consulted,omitempty"`
	Opinions  []Opinion `json:"opinions,omitempty"`
	// Reasons are the refusal's, or the last return's or request's.
	Reasons string `json:"reasons,omitempty"`
	// Licences are the licences an approval issued, one per item.
	Licences []string `json:"licences,omitempty"`
}

// Opinion is a consulted agency's answer.
type Opinion struct {
	Agency string    `json:"agency"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
	Agree  bool      `json:"agree"`
	Note   string    `json:"note,omitempty"`
}

// ApplicationForm is what the exporter fills in.
type ApplicationForm struct {
	Kind               LicenceKind       `json:"kind"`
	Uses               LicenceUses       `json:"uses,omitempty"` // single or multiple use, asked for
	Items              []ApplicationItem `json:"items"`
	DestinationCountry string            `json:"destination_country"`
	ConsigneeName      string            `json:"consignee_name"`
	ConsigneeCountry   string            `json:"consignee_country"`
	ConsigneeAddress   string            `json:"consignee_address,omitempty"`
	EndUserName        string            `json:"end_user_name"`
	EndUserCountry     string            `json:"end_user_country"`
	EndUse             string            `json:"end_use"`
	ContractNo         string            `json:"contract_no"`
	// Compliance says the exporter runs an internal compliance programme
	// (出口管制内部合规制度), which a general licence needs.
	Compliance bool   `json:"compliance_programme,omitempty"`
	Note       string `json:"note,omitempty"`
}

// ApplicationItem is one item applied for.
type ApplicationItem struct {
	HSCode      string  `json:"hs_code"`
	ControlCode string  `json:"control_code,omitempty"`
	GoodsName   string  `json:"goods_name"`
	Quantity    Decimal `json:"quantity"`
	Unit        string  `json:"unit"`
	Value       Decimal `json:"value"`
	Currency    string  `json:"currency"`
}

// ApplicationStep is one thing done to an application, in order.
type ApplicationStep struct {
	ApplicationID string            `json:"application_id"`
	Seq           int               `json:"seq"`
	At            time.Time         `json:"at"`
	Actor         string            `json:"actor"`
	Agency        string            `json:"agency,omitempty"`
	Action        string            `json:"action"`
	From          ApplicationStatus `json:"from,omitempty"`
	To            ApplicationStatus `json:"to"`
	Note          string            `json:"note,omitempty"`
}

// ApplicationFile is a document attached to an application (the contract,
// the end-user and end-use certificates), stored by its SHA-256.
type ApplicationFile struct {
	ID            string    `json:"id"`
	ApplicationID string    `json:"application_id"`
	Kind          string    `json:"kind"`
	Name          string    `json:"name"`
	Size          int64     `json:"size"`
	SHA256        string    `json:"sha256"`
	Author        string    `json:"author"`
	Agency        string    `json:"agency,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// ApplicationFilter narrows a list of applications; empty fields match all.
type ApplicationFilter struct {
	ExporterUSCC USCC
	Province     string
	Statuses     []ApplicationStatus
	// ConsultedAgency keeps the applications an agency is asked about.
	ConsultedAgency string
	Limit           int
}

// ApplicationRepo holds licence applications with their steps and files.
type ApplicationRepo interface {
	// Create stores a new application and gives it its id.
	Create(ctx context.Context, a *LicenceApplication) error
	// Get returns ENOTFOUND for an unknown id.
	Get(ctx context.Context, id string) (*LicenceApplication, error)
	List(ctx context.Context, f ApplicationFilter) ([]*LicenceApplication, error)
	// Update stores a's new state if the stored one is still at
	// a.Revision, which it then increments; ECONFLICT otherwise.
	Update(ctx context.Context, a *LicenceApplication) error
	AddStep(ctx context.Context, s *ApplicationStep) error
	Steps(ctx context.Context, id string) ([]*ApplicationStep, error)
	AddFile(ctx context.Context, f *ApplicationFile) error
	Files(ctx context.Context, id string) ([]*ApplicationFile, error)
}
