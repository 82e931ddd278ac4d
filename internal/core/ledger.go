package core

import "time"

// Segment is a link of the mineral chain an enterprise works in.
type Segment string

const (
	SegMining        Segment = "mining"
	SegSmelting      Segment = "smelting"
	SegProcessing    Segment = "processing"
	SegTransport     Segment = "transport"
	SegManufacturing Segment = "manufacturing"
	SegTrading       Segment = "trading"
	SegExport        Segment = "export"
)

// Segments lists every segment in chain order.
var Segments = []Segment{SegMining, SegSmelting, SegProcessing, SegTransport, SegManufacturing, SegTrading, SegExport}

// LedgerStatus is an enterprise's standing in the ledger (台账).
type LedgerStatus string

const (
	StatusActive    LedgerStatus = "active"
	StatusSuspended LedgerStatus = "suspended"
	StatusClosed    LedgerStatus = "closed"
)

// Valid reports whether s is one of the known statuses.
func (s LedgerStatus) Valid() bool {
	return s == StatusActive || s == StatusSuspended || s == StatusClosed
}

// Enterprise is a ledger entry: one enterprise that mines, smelts,
// processes, transports, manufactures, trades or exports controlled or
// strategic minerals, surveyed by its province.
type Enterprise struct {
	USCC              USCC              `json:"uscc"`
	Name              string            `json:"name"`
	Province          string            `json:"province"`
	City              string            `json:"city,omitempty"`
	Segments          []Segment         `json:"segments"`
	Minerals          []string          `json:"minerals,omitempty"`
	RegisteredOn      Date              `json:"registered_on"`
	Status            LedgerStatus      `json:"ledger_status"`
	ComplianceProgram bool              `json:"compliance_program"`
	Address           string            `json:"address,omitempty"`
	Extra             map[string]string `json:"extra,omitempty"`
	UpdatedAt         time.Time         `json:"updated_at"`
}

// StatusChange is one dated entry of an enterprise's ledger history.
type StatusChange struct {
	USCC        USCC         `json:"uscc"`
	Status      LedgerStatus `json:"status"`
	EffectiveOn Date         `json:"effective_on"`
	Reason      string       `json:"reason,omitempty"`
	RecordedAt  time.Time    `json:"recorded_at"`
}

// StatusOn answers "what was the enterprise's ledger status on day d" from
// its history (in any order). It returns "" when the enterprise was not yet
// in the ledger that day.
func StatusOn(history []StatusChange, d Date) LedgerStatus {
	var best *StatusChange
	for i := range history {
		h := &history[i]
		if h.EffectiveOn.After(d) {
			continue
		}
		if best == nil || h.EffectiveOn.After(best.EffectiveOn) ||
			(h.EffectiveOn.Equal(best.EffectiveOn) && h.RecordedAt.After(best.RecordedAt)) {
			best = h
		}
	}
	if best == nil {
		return ""
	}
	return best.Status
}

// EnterpriseFilter selects ledger entries; zero fields do not filter.
type EnterpriseFilter struct {
	Province string
	Segment  Segment
	Mineral  string
	Status   LedgerStatus
	Query    string // substring of name or USCC
	Offset   int
	Limit    int
}
