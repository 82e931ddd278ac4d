package core

// Party is someone outside the ledger: a consignee, end user or forwarder,
// as written in documents.
type Party struct {
	ID         string            `json:"party_id"`
	Name       string            `json:"name"`
	Country    string            `json:"country"`
	Address    string            `json:"address,omitempty"`
	Phone      string            `json:"phone,omitempty"`
	Email      string            `json:"email,omitempty"`
	RegistryID string            `json:"registry_id,omitempty"`
	Kind       string            `json:"kind,omitempty"`
	Extra      map[string]string `json:"extra,omitempty"`
}

// PartyKinds are the kinds the bundle spec allows.
var PartyKinds = []string{"manufacturer", "trader", "forwarder", "research", "military", "unknown"}

// PartyLink is a known connection between two parties (or a party and a
// ledger enterprise, named by USCC).
type PartyLink struct {
	From     string            `json:"from_party"`
	To       string            `json:"to_party"`
	Relation string            `json:"relation"`
	Source   string            `json:"source,omitempty"`
	Extra    map[string]string `json:"extra,omitempty"`
}

// Relations are the link kinds the bundle spec allows.
var Relations = []string{"owns", "controls", "director", "same_address", "same_phone", "agent_of", "subsidiary_of"}

// ListEntry is one restricted party on a list (CN-ECCL, CN-UEL, CN-WATCH or
// a user's own), dated so that screening honours listing and delisting.
type ListEntry struct {
	List       string            `json:"list"`
	Name       string            `json:"name"`
	Aliases    []string          `json:"aliases,omitempty"`
	Country    string            `json:"country,omitempty"`
	ListedOn   Date              `json:"listed_on"`
	DelistedOn Date              `json:"delisted_on"`
	Reference  string            `json:"reference,omitempty"`
	Extra      map[string]string `json:"extra,omitempty"`
	// Lapses are the spans in which a later announcement set the listing's
	// measures aside: suspended for a time, or lifted (no end) until
	// restored.
	Lapses []Lapse `json:"lapses,omitempty"`
}

// Lapse is a span [From, Until) in which a listing is not in force; a
// zero Until has no end.
type Lapse struct {
	From  Date   `json:"from"`
	Until Date   `json:"until,omitempty"`
	Kind  string `json:"kind"` // suspend or lift
	By    string `json:"by"`   // the announcement
}

// Covers reports whether d falls in the lapse.
func (l Lapse) Covers(d Date) bool {
	return !d.Before(l.From) && (l.Until.IsZero() || d.Before(l.Until))
}

// LapseOn is the lapse covering d, if any.
func (e *ListEntry) LapseOn(d Date) (Lapse, bool) {
	for _, l := range e.Lapses {
		if l.Covers(d) {
			return l, true
		}
	}
	return Lapse{}, false
}

// ActiveOn reports whether the entry is listed on d: from listed_on
// (inclusive; no date means always) until delisted_on (exclusive), and
// not in a lapse.
func (e *ListEntry) ActiveOn(d Date) bool {
	if !e.ListedOn.IsZero() && d.Before(e.ListedOn) {
		return false
	}
	if !e.DelistedOn.IsZero() && !d.Before(e.DelistedOn) {
		return false
	}
	_, lapsed := e.LapseOn(d)
	return !lapsed
}

// Manifest is the carrier's record of one container (舱单 / VGM).
type Manifest struct {
	BillOfLading      string            `json:"bill_of_lading"`
	ContainerNo       string            `json:"container_no"`
	VGMKg             Decimal           `json:"vgm_kg"`
	TareKg            Decimal           `json:"tare_kg,omitempty"`
	Size              string            `json:"size,omitempty"`
	PortOfLoading     string            `json:"port_of_loading,omitempty"`
	PortOfDischarge   string            `json:"port_of_discharge,omitempty"`
	TransshipmentPort string            `json:"transshipment_port,omitempty"`
	Extra             map[string]string `json:"extra,omitempty"`
}

// Price is a market price observation.
type Price struct {
	Material string            `json:"material"`
	Market   string            `json:"market"` // CN or INTL
	Date     Date              `json:"date"`
	Price    Decimal           `json:"price"`
	Currency string            `json:"currency"`
	Unit     string            `json:"unit"` // t or kg
	Extra    map[string]string `json:"extra,omitempty"`
}

// Severity of a finding.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
)

// Channels a declaration is routed to.
const (
	ChannelGreen  = "green"
	ChannelYellow = "yellow"
	ChannelRed    = "red"
)

// Finding is one reason a declaration (item) is risky, with a message in
// both languages and machine-readable evidence.
type Finding struct {
	Code      string         `json:"code"`
	Severity  string         `json:"severity"`
	ItemNo    int            `json:"item_no"`
	Message   string         `json:"message"`
	MessageZh string         `json:"message_zh"`
	Evidence  map[string]any `json:"evidence"`
	// Channel is the channel this finding alone calls for.
	Channel string `json:"-"`
	// Weight, from 0 to 1, is how strongly this finding alone points to a
	// violation; zero means "as its severity says".
	Weight float64 `json:"-"`
}
