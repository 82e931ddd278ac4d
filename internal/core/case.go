package core

import (
	"context"
	"time"
)

// Case statuses and disposals (处置).
const (
	CaseOpen         = "open"
	CaseConsultation = "under_consultation"
	CaseReferred     = "referred"
	CaseClosed       = "closed"
)

// CaseStatuses lists the statuses; Disposals the outcomes a closed case
// records.
var (
	CaseStatuses = []string{CaseOpen, CaseConsultation, CaseReferred, CaseClosed}
	Disposals    = []string{"seizure", "penalty", "licence_revoked", "ledger_suspension", "referral_public_security", "no_action"}
)

// CaseSubject is what a case is about: a declaration, enterprise, party,
// licence or lot.
type CaseSubject struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Case is a cross-agency investigation (案件).
type Case struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	LeadAgency string        `json:"lead_agency"`
	Agencies   []string      `json:"agencies"` // participating, lead included
	Province   string        `json:"province,omitempty"`
	Assignee   string        `json:"assignee,omitempty"`
	Status     string        `json:"status"`
	Disposal   string        `json:"disposal,omitempty"`
	Decision   string        `json:"decision,omitempty"` // the joint decision the lead records
	Subjects   []CaseSubject `json:"subjects"`
	CreatedBy  string        `json:"created_by"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// CaseNote is a note or finding on a case; Visibility lists the agencies
// that may read it (empty: every participating agency).
type CaseNote struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	Author     string    `json:"author"`
	Agency     string    `json:"agency"`
	Visibility []string  `json:"visibility,omitempty"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"created_at"`
}

// CaseRepo holds cases and their notes.
type CaseRepo interface {
	Create(ctx context.Context, c *Case) error
	Get(ctx context.Context, id string) (*Case, error)
	List(ctx context.Context, status, province string) ([]*Case, error)
	Update(ctx context.Context, c *Case) error
	AddNote(ctx context.Context, n *CaseNote) error
	Notes(ctx context.Context, caseID string) ([]*CaseNote, error)
	AddAttachment(ctx context.Context, a *CaseAttachment) error
	Attachments(ctx context.Context, caseID string) ([]*CaseAttachment, error)
	// Attachment returns ENOTFOUND for an unknown id.
	Attachment(ctx context.Context, id string) (*CaseAttachment, error)
}

// CaseAttachment is a file on a case: stored by its SHA-256, read by the
// agencies in Visibility (empty: every agency on the case).
type CaseAttachment struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	Name       string    `json:"name"` // as uploaded; shown, never a path
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	Author     string    `json:"author"`
	Agency     string    `json:"agency"`
	Visibility []string  `json:"visibility,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}
