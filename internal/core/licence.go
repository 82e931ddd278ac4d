package core

import "time"

// LicenceStatus is the state of a dual-use export licence.
type LicenceStatus string

const (
	LicenceValid     LicenceStatus = "valid"
	LicenceSuspended LicenceStatus = "suspended"
	LicenceRevoked   LicenceStatus = "revoked"
)

// LicenceUses says whether a licence covers one declaration (一批一证) or
// many (非一批一证).
type LicenceUses string

const (
	UsesSingle   LicenceUses = "single"
	UsesMultiple LicenceUses = "multiple"
)

// Licence is a dual-use items export licence (两用物项出口许可证).
type Licence struct {
	No            string            `json:"licence_no"`
	ExporterUSCC  USCC              `json:"exporter_uscc"`
	Status        LicenceStatus     `json:"status"`
	Uses          LicenceUses       `json:"uses"`
	ValidFrom     Date              `json:"valid_from"`
	ValidTo       Date              `json:"valid_to"`
	HSCode        string            `json:"hs_code"`
	ControlCode   string            `json:"control_code,omitempty"`
	GoodsName     string            `json:"goods_name,omitempty"`
	Quantity      Decimal           `json:"quantity"`
	Unit          string            `json:"unit"`
	Destination   string            `json:"destination"`
	ConsigneeName string            `json:"consignee_name,omitempty"`
	EndUserName   string            `json:"end_user_name,omitempty"`
	EndUse        string            `json:"end_use,omitempty"`
	Extra         map[string]string `json:"extra,omitempty"`
	// Changes are the dated suspensions, revocations and reinstatements
	// recorded since the licence was issued (LicenceRepo.Get fills them).
	Changes []LicenceChange `json:"changes,omitempty"`
}

// LicenceChange is one dated change of a licence's status.
type LicenceChange struct {
	LicenceNo   string        `json:"licence_no"`
	Seq         int           `json:"seq"`
	Status      LicenceStatus `json:"status"`
	EffectiveOn Date          `json:"effective_on"`
	Reason      string        `json:"reason,omitempty"`
	Actor       string        `json:"actor,omitempty"`
	RecordedAt  time.Time     `json:"recorded_at"`
}

// StatusOn is the licence's status on day d: with recorded changes, the
// last one in effect that day (valid before the first, as issued);
// without, the status the licence was given.
func (l *Licence) StatusOn(d Date) LicenceStatus {
	if len(l.Changes) == 0 {
		return l.Status
	}
	st, at := LicenceValid, Date{}
	for _, c := range l.Changes {
		if !c.EffectiveOn.After(d) && !c.EffectiveOn.Before(at) {
			st, at = c.Status, c.EffectiveOn
		}
	}
	return st
}

// LicenceFilter selects licences; zero fields do not filter.
type LicenceFilter struct {
	ExporterUSCC USCC
	Status       LicenceStatus
	ValidOn      Date
	// Province keeps the licences whose holder is in the ledger of this
	// province: a scoped caller's filter, applied before the page is cut.
	Province string
	Offset   int
	Limit    int
}
