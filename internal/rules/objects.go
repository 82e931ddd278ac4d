package rules

import (
	"fmt"
	"sort"

	"orewatch/internal/core"
)

// Derived is what the checks learnt about an item, given to rules next to
// the declared fields.
type Derived struct {
	Controlled bool   // a controlled item on the day
	Group      string // mineral group of controlled or strategic goods
	Material   string // material the HS code names, if any
	ValueCNY   float64
	Codes      []string // codes the built-in checks and detectors found
	Score      int
	Exporter   *core.Enterprise // nil when not in the ledger
	Status     core.LedgerStatus
	Licence    *core.Licence // nil when none or unknown
}

// Objects builds the decl and ctx objects a rule sees. docs/rules.md is
// the reference; a field added here goes there too.
func Objects(d *core.DeclarationItem, x Derived) (decl, ctx map[string]any) {
	kg := d.NetWeightKg.Float()
	uv := 0.0
	if kg > 0 {
		uv = x.ValueCNY / kg
	}
	codes := append([]string{}, x.Codes...)
	sort.Strings(codes)
	containers := append([]string{}, d.Containers...)
	decl = map[string]any{
		"declaration_no": d.DeclarationNo, "item_no": int64(d.ItemNo), "declared_at": d.DeclaredAt.Time(), "declared_on": d.DeclaredAt.String(),
		"exporter_uscc": string(d.ExporterUSCC), "exporter_name": d.ExporterName, "producer_uscc": string(d.ProducerUSCC), "agent_uscc": string(d.AgentUSCC),
		"customs_office": d.CustomsOffice, "transport_mode": d.TransportMode, "bill_of_lading": d.BillOfLading, "containers": containers,
		"trade_mode": d.TradeMode, "trading_country": d.TradingCountry, "destination": d.DestinationCountry,
		"consignee": d.ConsigneeName, "consignee_country": d.ConsigneeCountry, "consignee_address": d.ConsigneeAddress,
		"licence_no": d.LicenceNo, "hs_code": d.HSCode, "goods_name": d.GoodsName, "goods_spec": d.GoodsSpec,
		"quantity": d.Quantity.Float(), "unit": d.Unit, "net_kg": kg, "gross_kg": d.GrossWeightKg.Float(), "packages": int64(d.Packages),
		"value": d.TotalValue.Float(), "currency": d.Currency, "value_cny": x.ValueCNY, "unit_value_cny_kg": uv,
		"incoterm": d.Incoterm, "origin_country": d.OriginCountry, "remarks": d.Remarks,
		"controlled": x.Controlled, "group": x.Group, "material": x.Material, "codes": codes, "score": int64(x.Score),
	}
	exp := map[string]any{"in_ledger": x.Exporter != nil, "status": string(x.Status), "province": "", "segments": []string{}, "minerals": []string{}, "compliance_program": false}
	if e := x.Exporter; e != nil {
		segs := make([]string, len(e.Segments))
		for i, s := range e.Segments {
			segs[i] = string(s)
		}
		exp["province"], exp["segments"], exp["minerals"], exp["compliance_program"] = e.Province, segs, append([]string{}, e.Minerals...), e.ComplianceProgram
	}
	lic := map[string]any{"exists": x.Licence != nil, "status": "", "destination": "", "hs_code": "", "valid_from": "", "valid_to": "", "quantity_kg": 0.0, "consignee": ""}
	if l := x.Licence; l != nil {
		lic["status"], lic["destination"], lic["hs_code"], lic["consignee"] = string(l.Status), l.Destination, l.HSCode, l.ConsigneeName
		lic["valid_from"], lic["valid_to"] = l.ValidFrom.String(), l.ValidTo.String()
		lic["quantity_kg"] = licenceKg(l)
	}
	return decl, map[string]any{"exporter": exp, "licence": lic}
}

func licenceKg(l *core.Licence) float64 {
	q := l.Quantity.Float()
	switch l.Unit {
	case "t":
		return q * 1000
	case "g":
		return q / 1000
	}
	return q
}

// Hit is one rule firing on one item.
type Hit struct {
	DeclarationNo string
	Finding       core.Finding
}

// Failure counts one rule's run-time errors, with the first.
type Failure struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
	First string `json:"first"`
}

// Run evaluates every rule on every item; derive supplies what the checks
// learnt about each item.
func (s *Set) Run(items []*core.DeclarationItem, derive func(*core.DeclarationItem) Derived) ([]Hit, []Failure) {
	var hits []Hit
	fails := map[string]*Failure{}
	for _, d := range items {
		decl, ctx := Objects(d, derive(d))
		for _, r := range s.Rules {
			ok, err := r.Eval(decl, ctx)
			if err != nil {
				f := fails[r.Code]
				if f == nil {
					f = &Failure{Code: r.Code, First: fmt.Sprintf("%s item %d: %v", d.DeclarationNo, d.ItemNo, err)}
					fails[r.Code] = f
				}
				f.Count++
				continue
			}
			if ok {
				hits = append(hits, Hit{DeclarationNo: d.DeclarationNo, Finding: r.Finding(d.ItemNo)})
			}
		}
	}
	out := make([]Failure, 0, len(fails))
	for _, f := range fails {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return hits, out
}
