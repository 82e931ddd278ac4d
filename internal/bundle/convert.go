package bundle

import (
	"regexp"
	"strconv"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

var (
	materialID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func convertMaterial(r *row) *catalog.Material {
	m := &catalog.Material{ID: strings.ToLower(r.required("material")), Basis: "bundle materials.csv"}
	if m.ID != "" && !materialID.MatchString(m.ID) {
		r.fail("material", m.ID, "material id must be lowercase words joined by dashes, e.g. antimony-ingot")
	}
	m.Group = strings.ToLower(r.required("group"))
	if m.Group != "" && !catalog.IsGroup(m.Group) {
		var ids []string
		for _, g := range catalog.Groups {
			ids = append(ids, g.ID)
		}
		r.fail("group", m.Group, "unknown mineral group (one of %s)", strings.Join(ids, ", "))
	}
	for _, hs := range r.list("hs_codes") {
		code, prefix, err := catalog.ParseHS(hs)
		if err != nil || prefix {
			r.fail("hs_codes", hs, "HS code must have 10 digits")
			continue
		}
		m.HSCodes = append(m.HSCodes, code)
	}
	m.DensityKg = r.decimal("density_kg_m3", false).Float()
	for _, pair := range r.list("made_from") {
		name, y, ok := strings.Cut(pair, ":")
		f, err := strconv.ParseFloat(strings.TrimSpace(y), 64)
		if !ok || err != nil || f <= 0 || f > 5 {
			r.fail("made_from", pair, "want material:yield, e.g. antimony-concentrate:0.55")
			continue
		}
		if m.MadeFrom == nil {
			m.MadeFrom = map[string]float64{}
		}
		m.MadeFrom[strings.TrimSpace(strings.ToLower(name))] = f
	}
	return m
}

func convertEnterprise(r *row) *core.Enterprise {
	e := &core.Enterprise{USCC: r.uscc("uscc", true), Name: r.required("name"), Extra: r.extra}
	if p := r.required("province"); p != "" {
		if loc, err := r.geo.Locate(p); err != nil {
			r.fail("province", p, "%v", err)
		} else {
			e.Province, e.City = loc.Province.Code, loc.Code // a city or county names the province and the place
		}
	}
	segs := r.list("segments")
	if len(segs) == 0 {
		r.fail("segments", "", "at least one segment is required (mining, smelting, processing, transport, manufacturing, trading, export)")
	}
	for _, s := range segs {
		w, ok := segmentWords[textnorm.Fold(s)]
		if !ok {
			r.fail("segments", s, "unknown segment (mining, smelting, processing, transport, manufacturing, trading, export)")
			continue
		}
		e.Segments = append(e.Segments, core.Segment(w))
	}
	for _, m := range r.list("minerals") {
		g := strings.ToLower(m)
		if !catalog.IsGroup(g) {
			if id, ok := groupByChinese(m); ok {
				g = id
			} else {
				r.fail("minerals", m, "unknown mineral group")
				continue
			}
		}
		e.Minerals = append(e.Minerals, g)
	}
	e.RegisteredOn = r.date("registered_on", false)
	e.Status = core.LedgerStatus(r.oneOf("ledger_status", false, "active", ledgerStatusWords))
	e.ComplianceProgram = r.boolean("compliance_program")
	e.Address = r.str("address")
	return e
}

func groupByChinese(s string) (string, bool) {
	f := textnorm.Fold(s)
	for _, g := range catalog.Groups {
		if textnorm.Fold(g.NameZh) == f || textnorm.Fold(g.NameEn) == f {
			return g.ID, true
		}
	}
	return "", false
}

func convertParty(r *row) *core.Party {
	p := &core.Party{ID: r.required("party_id"), Name: r.required("name"), Country: r.country("country", true),
		Address: r.str("address"), Phone: r.str("phone"), Email: strings.ToLower(r.str("email")),
		RegistryID: r.str("registry_id"), Extra: r.extra}
	p.Kind = r.oneOf("kind", false, "unknown", partyKindWords)
	return p
}

func convertLink(r *row) *core.PartyLink {
	return &core.PartyLink{From: r.required("from_party"), To: r.required("to_party"),
		Relation: r.oneOf("relation", true, "", relationWords), Source: r.str("source"), Extra: r.extra}
}

func convertListEntry(r *row) *core.ListEntry {
	e := &core.ListEntry{List: strings.ToUpper(r.required("list")), Name: r.required("name"), Aliases: r.list("aliases"),
		Country: r.country("country", false), ListedOn: r.date("listed_on", false), DelistedOn: r.date("delisted_on", false),
		Reference: r.str("reference"), Extra: r.extra}
	if !e.ListedOn.IsZero() && !e.DelistedOn.IsZero() && e.DelistedOn.Before(e.ListedOn) {
		r.fail("delisted_on", e.DelistedOn.String(), "delisted before it was listed (%s)", e.ListedOn)
	}
	return e
}

func convertLicence(r *row) *core.Licence {
	l := &core.Licence{No: r.required("licence_no"), ExporterUSCC: r.uscc("exporter_uscc", true),
		ValidFrom: r.date("valid_from", true), ValidTo: r.date("valid_to", true), HSCode: r.hs("hs_code", true),
		ControlCode: r.str("control_code"), GoodsName: r.str("goods_name"), Quantity: r.decimal("quantity", true),
		Destination: r.country("destination", true), ConsigneeName: r.str("consignee_name"),
		EndUserName: r.str("end_user_name"), EndUse: r.str("end_use"), Extra: r.extra}
	l.Status = core.LicenceStatus(r.oneOf("status", true, "", licenceStatusWords))
	l.Uses = core.LicenceUses(r.oneOf("uses", false, "multiple", usesWords))
	if u := r.required("unit"); u != "" {
		canon, _, ok := core.NormalizeMassUnit(u)
		if !ok {
			r.fail("unit", u, "licensed quantity must be in kg, t or g (千克, 吨, 克)")
		}
		l.Unit = canon
	}
	if !l.ValidFrom.IsZero() && !l.ValidTo.IsZero() && l.ValidTo.Before(l.ValidFrom) {
		r.fail("valid_to", l.ValidTo.String(), "ends before valid_from (%s)", l.ValidFrom)
	}
	return l
}

func convertDeclaration(r *row) *core.DeclarationItem {
	d := &core.DeclarationItem{DeclarationNo: r.required("declaration_no"), ItemNo: r.integer("item_no", true),
		DeclaredAt: r.date("declared_at", true), ExporterUSCC: r.uscc("exporter_uscc", true),
		ExporterName: r.str("exporter_name"), ProducerUSCC: r.uscc("producer_uscc", false), AgentUSCC: r.uscc("agent_uscc", false),
		CustomsOffice: r.str("customs_office"), BillOfLading: strings.ToUpper(r.str("bill_of_lading")),
		TradeMode: r.str("trade_mode"), TradingCountry: r.country("trading_country", false),
		DestinationCountry: r.country("destination_country", true), ConsigneeName: r.required("consignee_name"),
		ConsigneeCountry: r.country("consignee_country", false), ConsigneeAddress: r.str("consignee_address"),
		LicenceNo: r.str("licence_no"), HSCode: r.hs("hs_code", true), GoodsName: r.required("goods_name"),
		GoodsSpec: r.str("goods_spec"), Quantity: r.decimal("quantity", true),
		NetWeightKg: r.decimal("net_weight_kg", true), GrossWeightKg: r.decimal("gross_weight_kg", true),
		Packages: r.integer("packages", false), UnitPrice: r.decimal("unit_price", false),
		TotalValue: r.decimal("total_value", true), Currency: r.currency("currency"),
		Incoterm: strings.ToUpper(r.str("incoterm")), OriginCountry: r.country("origin_country", false),
		Remarks: r.str("remarks"), Extra: r.extra}
	if d.DeclarationNo != "" && !(len(d.DeclarationNo) == 18 && isDigits(d.DeclarationNo)) {
		r.fail("declaration_no", d.DeclarationNo, "declaration number must have 18 digits")
	}
	if r.vals.get("item_no") != "" && d.ItemNo < 1 {
		r.fail("item_no", r.vals.get("item_no"), "item numbers start at 1")
	}
	d.TransportMode = r.oneOf("transport_mode", true, "", transportWords)
	if u := r.required("unit"); u != "" {
		if canon, _, ok := core.NormalizeMassUnit(u); ok {
			d.Unit = canon
		} else {
			d.Unit = strings.ToLower(u) // pieces, sets, …: kept as declared
		}
	}
	for _, c := range r.list("containers") {
		c = strings.ToUpper(strings.ReplaceAll(c, " ", ""))
		if !isContainerNo(c) {
			r.fail("containers", c, "container number must be 4 letters and 7 digits (ISO 6346), e.g. MSKU1234565")
		}
		d.Containers = append(d.Containers, c)
	}
	if d.GrossWeightKg > 0 && d.NetWeightKg > d.GrossWeightKg {
		r.fail("net_weight_kg", r.vals.get("net_weight_kg"), "net weight exceeds gross weight (%s kg)", d.GrossWeightKg)
	}
	return d
}

func convertManifest(r *row) *core.Manifest {
	m := &core.Manifest{BillOfLading: strings.ToUpper(r.required("bill_of_lading")),
		ContainerNo: strings.ToUpper(strings.ReplaceAll(r.required("container_no"), " ", "")),
		VGMKg:       r.decimal("vgm_kg", true), TareKg: r.decimal("tare_kg", false), Size: r.str("size"),
		PortOfLoading: r.str("port_of_loading"), PortOfDischarge: r.str("port_of_discharge"),
		TransshipmentPort: r.str("transshipment_port"), Extra: r.extra}
	if m.ContainerNo != "" && !isContainerNo(m.ContainerNo) {
		r.fail("container_no", m.ContainerNo, "container number must be 4 letters and 7 digits (ISO 6346)")
	}
	if m.TareKg > 0 && m.VGMKg > 0 && m.TareKg >= m.VGMKg {
		r.fail("tare_kg", m.TareKg.String(), "tare is not less than the verified gross mass")
	}
	return m
}

func convertPrice(r *row) *core.Price {
	p := &core.Price{Material: strings.ToLower(r.required("material")), Date: r.date("date", true),
		Price: r.decimal("price", true), Currency: r.currency("currency"), Extra: r.extra}
	p.Market = r.oneOf("market", true, "", marketWords)
	if u := r.required("unit"); u != "" {
		canon, _, ok := core.NormalizeMassUnit(u)
		if !ok || canon == "g" {
			r.fail("unit", u, "price unit must be t or kg")
		}
		p.Unit = canon
	}
	return p
}

// isContainerNo checks the ISO 6346 shape: owner code and category (four
// letters), serial number and check digit (seven digits). A million rows
// made the regular expression a twentieth of the bundle read.
func isContainerNo(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return isDigits(s[4:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
