package core

// DeclarationItem is one item of an export declaration (出口货物报关单),
// keyed by declaration number and item number.
type DeclarationItem struct {
	DeclarationNo      string            `json:"declaration_no"`
	ItemNo             int               `json:"item_no"`
	DeclaredAt         Date              `json:"declared_at"`
	ExporterUSCC       USCC              `json:"exporter_uscc"`
	ExporterName       string            `json:"exporter_name,omitempty"`
	ProducerUSCC       USCC              `json:"producer_uscc,omitempty"`
	AgentUSCC          USCC              `json:"agent_uscc,omitempty"`
	CustomsOffice      string            `json:"customs_office,omitempty"`
	TransportMode      string            `json:"transport_mode"`
	BillOfLading       string            `json:"bill_of_lading,omitempty"`
	Containers         []string          `json:"containers,omitempty"`
	TradeMode          string            `json:"trade_mode,omitempty"`
	TradingCountry     string            `json:"trading_country,omitempty"`
	DestinationCountry string            `json:"destination_country"`
	ConsigneeName      string            `json:"consignee_name"`
	ConsigneeCountry   string            `json:"consignee_country,omitempty"`
	ConsigneeAddress   string            `json:"consignee_address,omitempty"`
	LicenceNo          string            `json:"licence_no,omitempty"`
	HSCode             string            `json:"hs_code"`
	GoodsName          string            `json:"goods_name"`
	GoodsSpec          string            `json:"goods_spec,omitempty"`
	Quantity           Decimal           `json:"quantity"`
	Unit               string            `json:"unit"`
	NetWeightKg        Decimal           `json:"net_weight_kg"`
	GrossWeightKg      Decimal           `json:"gross_weight_kg"`
	Packages           int               `json:"packages,omitempty"`
	UnitPrice          Decimal           `json:"unit_price,omitempty"`
	TotalValue         Decimal           `json:"total_value"`
	Currency           string            `json:"currency"`
	Incoterm           string            `json:"incoterm,omitempty"`
	OriginCountry      string            `json:"origin_country,omitempty"`
	Remarks            string            `json:"remarks,omitempty"`
	Extra              map[string]string `json:"extra,omitempty"`
}

// DeclarationFilter selects declaration items; zero fields do not filter.
type DeclarationFilter struct {
	DeclarationNo string
	ExporterUSCC  USCC
	LicenceNo     string
	HSPrefix      string
	Destination   string // alpha-2
	// Province keeps the items whose exporter is in the ledger of this
	// province: a scoped caller's filter, applied before the page is cut.
	Province string
	From, To Date
	// Newest orders the newest first; List orders oldest first otherwise.
	Newest bool
	Offset int
	Limit  int
}

// MonthlyExport is one month's exports of one HS code by one exporter to
// one destination.
type MonthlyExport struct {
	Month       string  `json:"month"` // YYYY-MM
	Destination string  `json:"destination"`
	HSCode      string  `json:"hs_code"`
	Exporter    USCC    `json:"exporter_uscc"`
	NetKg       Decimal `json:"net_kg"`
	Items       int     `json:"items"`
}
