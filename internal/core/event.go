package core

import "time"

// Event is a captured EPCIS event, indexed for flow tracking; Raw keeps
// the event exactly as captured (ILMD, sensor data and extensions
// included).
type Event struct {
	Key             string       `json:"key"` // eventID, or the CBV 2.0 EPCIS Event Hash ID when the event has none
	EventID         string       `json:"eventID,omitempty"`
	Type            string       `json:"type"`
	EventTime       time.Time    `json:"eventTime"`
	Action          string       `json:"action,omitempty"`
	BizStep         string       `json:"bizStep,omitempty"` // short CBV word (shipping) or the URI as given
	Disposition     string       `json:"disposition,omitempty"`
	ReadPoint       string       `json:"readPoint,omitempty"`
	BizLocation     string       `json:"bizLocation,omitempty"`
	Quantities      []EventQty   `json:"quantities,omitempty"`
	Sources         []EventParty `json:"sources,omitempty"`
	Destinations    []EventParty `json:"destinations,omitempty"`
	BizTransactions []EventParty `json:"bizTransactions,omitempty"`
	Raw             []byte       `json:"-"`
	CaptureID       string       `json:"captureID,omitempty"`
	RecordedAt      time.Time    `json:"recordTime"`
}

// EventQty is a quantity element: a class (for OreWatch, a lot
// urn:orewatch:lot:<material>:<lot-id>) and an amount in a unit.
type EventQty struct {
	Role     string  `json:"role"` // quantity, input, output, child
	EPCClass string  `json:"epcClass"`
	Quantity Decimal `json:"quantity"`
	UOM      string  `json:"uom,omitempty"`
}

// EventParty is a typed identifier: a source, destination or business
// transaction.
type EventParty struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// EventFilter selects events, as the EPCIS query parameters do; zero
// fields do not filter.
type EventFilter struct {
	Types        []string
	From, Before time.Time // GE_eventTime, LT_eventTime
	BizStep      string
	BizLocation  string
	EPCClass     string // MATCH_epcClass: exact, or prefix when it ends in *
	Source       string // EQ_source: an id
	Destination  string // EQ_destination: an id
	// Province keeps the events at the sites (urn:orewatch:site:<uscc>)
	// of the ledger's enterprises in one province: a scoped caller's
	// filter, applied before the page is cut.
	Province string
	After    string // pagination: the last key of the previous page
	Limit    int    // at most 1,000; 10,000 with NoDocument
	// NoDocument leaves Raw empty: readers that need only the parsed
	// fields (the books, genealogy) skip the stored JSON.
	NoDocument bool
}
