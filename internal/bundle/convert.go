package bundle

import (
	"regexp"
	"strconv"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

var materialID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Columns the converters read, by table (see Tables).
var (
	matMaterial    = columnOf("materials", "material")
	matGroup       = columnOf("materials", "group")
	matHSCodes     = columnOf("materials", "hs_codes")
	matDensityKgM3 = columnOf("materials", "density_kg_m3")
	matMadeFrom    = columnOf("materials", "made_from")

	entUSCC              = columnOf("enterprises", "uscc")
	entName              = columnOf("enterprises", "name")
	entProvince          = columnOf("enterprises", "province")
	entSegments          = columnOf("enterprises", "segments")
	entMinerals          = columnOf("enterprises", "minerals")
	entRegisteredOn      = columnOf("enterprises", "registered_on")
	entLedgerStatus      = columnOf("enterprises", "ledger_status")
	entComplianceProgram = columnOf("enterprises", "compliance_program")
	entAddress           = columnOf("enterprises", "address")

	ptyPartyID    = columnOf("parties", "party_id")
	ptyName       = columnOf("parties", "name")
	ptyCountry    = columnOf("parties", "country")
	ptyAddress    = columnOf("parties", "address")
	ptyPhone      = columnOf("parties", "phone")
	ptyEmail      = columnOf("parties", "email")
	ptyRegistryID = columnOf("parties", "registry_id")
	ptyKind       = columnOf("parties", "kind")

	lnkFromParty = columnOf("party_links", "from_party")
	lnkToParty   = columnOf("party_links", "to_party")
	lnkRelation  = columnOf("party_links", "relation")
	lnkSource    = columnOf("party_links", "source")

	lstList       = columnOf("entity_lists", "list")
	lstName       = columnOf("entity_lists", "name")
	lstAliases    = columnOf("entity_lists", "aliases")
	lstCountry    = columnOf("entity_lists", "country")
	lstListedOn   = columnOf("entity_lists", "listed_on")
	lstDelistedOn = columnOf("entity_lists", "delisted_on")
	lstReference  = columnOf("entity_lists", "reference")

	licLicenceNo     = columnOf("licences", "licence_no")
	licExporterUSCC  = columnOf("licences", "exporter_uscc")
	licValidFrom     = columnOf("licences", "valid_from")
	licValidTo       = columnOf("licences", "valid_to")
	licHSCode        = columnOf("licences", "hs_code")
	licControlCode   = columnOf("licences", "control_code")
	licGoodsName     = columnOf("licences", "goods_name")
	licQuantity      = columnOf("licences", "quantity")
	licDestination   = columnOf("licences", "destination")
	licConsigneeName = columnOf("licences", "consignee_name")
	licEndUserName   = columnOf("licences", "end_user_name")
	licEndUse        = columnOf("licences", "end_use")
	licStatus        = columnOf("licences", "status")
	licUses          = columnOf("licences", "uses")
	licUnit          = columnOf("licences", "unit")

	declDeclarationNo      = columnOf("declarations", "declaration_no")
	declItemNo             = columnOf("declarations", "item_no")
	declDeclaredAt         = columnOf("declarations", "declared_at")
	declExporterUSCC       = columnOf("declarations", "exporter_uscc")
	declExporterName       = columnOf("declarations", "exporter_name")
	declProducerUSCC       = columnOf("declarations", "producer_uscc")
	declAgentUSCC          = columnOf("declarations", "agent_uscc")
	declCustomsOffice      = columnOf("declarations", "customs_office")
	declBillOfLading       = columnOf("declarations", "bill_of_lading")
	declTradeMode          = columnOf("declarations", "trade_mode")
	declTradingCountry     = columnOf("declarations", "trading_country")
	declDestinationCountry = columnOf("declarations", "destination_country")
	declConsigneeName      = columnOf("declarations", "consignee_name")
	declConsigneeCountry   = columnOf("declarations", "consignee_country")
	declConsigneeAddress   = columnOf("declarations", "consignee_address")
	declLicenceNo          = columnOf("declarations", "licence_no")
	declHSCode             = columnOf("declarations", "hs_code")
	declGoodsName          = columnOf("declarations", "goods_name")
	declGoodsSpec          = columnOf("declarations", "goods_spec")
	declQuantity           = columnOf("declarations", "quantity")
	declNetWeightKg        = columnOf("declarations", "net_weight_kg")
	declGrossWeightKg      = columnOf("declarations", "gross_weight_kg")
	declPackages           = columnOf("declarations", "packages")
	declUnitPrice          = columnOf("declarations", "unit_price")
	declTotalValue         = columnOf("declarations", "total_value")
	declCurrency           = columnOf("declarations", "currency")
	declIncoterm           = columnOf("declarations", "incoterm")
	declOriginCountry      = columnOf("declarations", "origin_country")
	declRemarks            = columnOf("declarations", "remarks")
	declTransportMode      = columnOf("declarations", "transport_mode")
	declUnit               = columnOf("declarations", "unit")
	declContainers         = columnOf("declarations", "containers")

	manBillOfLading      = columnOf("manifests", "bill_of_lading")
	manContainerNo       = columnOf("manifests", "container_no")
	manVGMKg             = columnOf("manifests", "vgm_kg")
	manTareKg            = columnOf("manifests", "tare_kg")
	manSize              = columnOf("manifests", "size")
	manPortOfLoading     = columnOf("manifests", "port_of_loading")
	manPortOfDischarge   = columnOf("manifests", "port_of_discharge")
	manTransshipmentPort = columnOf("manifests", "transshipment_port")

	prcMaterial = columnOf("prices", "material")
	prcDate     = columnOf("prices", "date")
	prcPrice    = columnOf("prices", "price")
	prcCurrency = columnOf("prices", "currency")
	prcMarket   = columnOf("prices", "market")
	prcUnit     = columnOf("prices", "unit")
)

func convertMaterial(r *row) *catalog.Material {
	m := &catalog.Material{ID: strings.ToLower(r.required(matMaterial)), Basis: "bundle materials.csv"}
	if m.ID != "" && !materialID.MatchString(m.ID) {
		r.fail("material", m.ID, "material id must be lowercase words joined by dashes, e.g. antimony-ingot")
	}
	m.Group = strings.ToLower(r.required(matGroup))
	if m.Group != "" && !catalog.IsGroup(m.Group) {
		var ids []string
		for _, g := range catalog.Groups {
			ids = append(ids, g.ID)
		}
		r.fail("group", m.Group, "unknown mineral group (one of %s)", strings.Join(ids, ", "))
	}
	for _, hs := range r.list(matHSCodes) {
		code, prefix, err := catalog.ParseHS(hs)
		if err != nil || prefix {
			r.fail("hs_codes", hs, "HS code must have 10 digits")
			continue
		}
		m.HSCodes = append(m.HSCodes, code)
	}
	m.DensityKg = r.decimal(matDensityKgM3, false).Float()
	for _, pair := range r.list(matMadeFrom) {
		name, y, ok := strings.Cut(pair, ":")
		f, err := strconv.ParseFloat(strings.TrimSpace(y), 64)
		// A minor input yields many times its mass: 1 kg of Dy-Fe alloy
		// goes into some 30 kg of magnet.
		if !ok || err != nil || f <= 0 || f > 1000 {
			r.fail("made_from", pair, "want material:yield, the kilograms of this material 1 kg of that one gives (more than 0, at most 1000), e.g. antimony-concentrate:0.55")
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
	e := &core.Enterprise{USCC: r.uscc(entUSCC, true), Name: r.required(entName), Extra: r.extra}
	if p := r.required(entProvince); p != "" {
		if loc, err := r.geo.Locate(p); err != nil {
			r.fail("province", p, "%v", err)
		} else {
			e.Province, e.City = loc.Province.Code, loc.Code // a city or county names the province and the place
		}
	}
	segs := r.list(entSegments)
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
	for _, m := range r.list(entMinerals) {
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
	e.RegisteredOn = r.date(entRegisteredOn, false)
	e.Status = core.LedgerStatus(r.oneOf(entLedgerStatus, false, "active", ledgerStatusWords))
	e.ComplianceProgram = r.boolean(entComplianceProgram)
	e.Address = r.str(entAddress)
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
	p := &core.Party{ID: r.required(ptyPartyID), Name: r.required(ptyName), Country: r.country(ptyCountry, true),
		Address: r.str(ptyAddress), Phone: r.str(ptyPhone), Email: strings.ToLower(r.str(ptyEmail)),
		RegistryID: r.str(ptyRegistryID), Extra: r.extra}
	p.Kind = r.oneOf(ptyKind, false, "unknown", partyKindWords)
	return p
}

func convertLink(r *row) *core.PartyLink {
	return &core.PartyLink{From: r.required(lnkFromParty), To: r.required(lnkToParty),
		Relation: r.oneOf(lnkRelation, true, "", relationWords), Source: r.str(lnkSource), Extra: r.extra}
}

func convertListEntry(r *row) *core.ListEntry {
	e := &core.ListEntry{List: strings.ToUpper(r.required(lstList)), Name: r.required(lstName), Aliases: r.list(lstAliases),
		Country: r.country(lstCountry, false), ListedOn: r.date(lstListedOn, false), DelistedOn: r.date(lstDelistedOn, false),
		Reference: r.str(lstReference), Extra: r.extra}
	if !e.ListedOn.IsZero() && !e.DelistedOn.IsZero() && e.DelistedOn.Before(e.ListedOn) {
		r.fail("delisted_on", e.DelistedOn.String(), "delisted before it was listed (%s)", e.ListedOn)
	}
	return e
}

func convertLicence(r *row) *core.Licence {
	l := &core.Licence{No: r.required(licLicenceNo), ExporterUSCC: r.uscc(licExporterUSCC, true),
		ValidFrom: r.date(licValidFrom, true), ValidTo: r.date(licValidTo, true), HSCode: r.hs(licHSCode, true),
		ControlCode: r.str(licControlCode), GoodsName: r.str(licGoodsName), Quantity: r.decimal(licQuantity, true),
		Destination: r.country(licDestination, true), ConsigneeName: r.str(licConsigneeName),
		EndUserName: r.str(licEndUserName), EndUse: r.str(licEndUse), Extra: r.extra}
	l.Status = core.LicenceStatus(r.oneOf(licStatus, true, "", licenceStatusWords))
	l.Uses = core.LicenceUses(r.oneOf(licUses, false, "multiple", usesWords))
	if u := r.required(licUnit); u != "" {
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
	// The fields are set one by one, in the order their problems are
	// reported, on an item that is still zero: a literal was built on
	// the stack first and then copied, 464 bytes a row.
	d := &r.cache.items.take(1)[:1][0]
	d.DeclarationNo = r.required(declDeclarationNo)
	d.ItemNo = r.integer(declItemNo, true)
	d.DeclaredAt = r.date(declDeclaredAt, true)
	d.ExporterUSCC = r.uscc(declExporterUSCC, true)
	d.ExporterName = r.str(declExporterName)
	d.ProducerUSCC = r.uscc(declProducerUSCC, false)
	d.AgentUSCC = r.uscc(declAgentUSCC, false)
	d.CustomsOffice = r.str(declCustomsOffice)
	d.BillOfLading = strings.ToUpper(r.str(declBillOfLading))
	d.TradeMode = r.str(declTradeMode)
	d.TradingCountry = r.country(declTradingCountry, false)
	d.DestinationCountry = r.country(declDestinationCountry, true)
	d.ConsigneeName = r.required(declConsigneeName)
	d.ConsigneeCountry = r.country(declConsigneeCountry, false)
	d.ConsigneeAddress = r.str(declConsigneeAddress)
	d.LicenceNo = r.str(declLicenceNo)
	d.HSCode = r.hs(declHSCode, true)
	d.GoodsName = r.required(declGoodsName)
	d.GoodsSpec = r.str(declGoodsSpec)
	d.Quantity = r.decimal(declQuantity, true)
	d.NetWeightKg = r.decimal(declNetWeightKg, true)
	d.GrossWeightKg = r.decimal(declGrossWeightKg, true)
	d.Packages = r.integer(declPackages, false)
	d.UnitPrice = r.decimal(declUnitPrice, false)
	d.TotalValue = r.decimal(declTotalValue, true)
	d.Currency = r.currency(declCurrency)
	d.Incoterm = strings.ToUpper(r.str(declIncoterm))
	d.OriginCountry = r.country(declOriginCountry, false)
	d.Remarks = r.str(declRemarks)
	d.Extra = r.extra
	if d.DeclarationNo != "" && !(len(d.DeclarationNo) == 18 && isDigits(d.DeclarationNo)) {
		r.fail("declaration_no", d.DeclarationNo, "declaration number must have 18 digits")
	}
	if r.str(declItemNo) != "" && d.ItemNo < 1 {
		r.fail("item_no", r.str(declItemNo), "item numbers start at 1")
	}
	d.TransportMode = r.oneOf(declTransportMode, true, "", transportWords)
	if u := r.required(declUnit); u != "" {
		if canon, _, ok := core.NormalizeMassUnit(u); ok {
			d.Unit = canon
		} else {
			d.Unit = strings.ToLower(u) // pieces, sets, …: kept as declared
		}
	}
	d.Containers = r.list(declContainers)
	for i, c := range d.Containers {
		if isContainerNo(c) { // written as it should be: capitals, no spaces
			continue
		}
		c = strings.ToUpper(strings.ReplaceAll(c, " ", ""))
		if !isContainerNo(c) {
			// Kept as written: a declaration is screened whatever its
			// container column looks like (rejecting it hid declarations
			// whose carrier wrote five letters).
			r.unusual("containers")
		}
		d.Containers[i] = c
	}
	if d.GrossWeightKg > 0 && d.NetWeightKg > d.GrossWeightKg {
		// Kept and counted, not refused: a refused declaration is never
		// screened, and weights written to different precision (0.611 kg
		// net, 0.6 gross) hid a planted transshipment on a world the
		// reader was not written against.
		r.unusual("net_weight_kg")
	}
	return d
}

func convertManifest(r *row) *core.Manifest {
	m := &core.Manifest{BillOfLading: strings.ToUpper(r.required(manBillOfLading)),
		ContainerNo: strings.ToUpper(strings.ReplaceAll(r.required(manContainerNo), " ", "")),
		VGMKg:       r.decimal(manVGMKg, true), TareKg: r.decimal(manTareKg, false), Size: r.str(manSize),
		PortOfLoading: r.str(manPortOfLoading), PortOfDischarge: r.str(manPortOfDischarge),
		TransshipmentPort: r.str(manTransshipmentPort), Extra: r.extra}
	if m.ContainerNo != "" && !isContainerNo(m.ContainerNo) {
		r.unusual("container_no") // kept as written, as a declaration's
	}
	if m.TareKg > 0 && m.VGMKg > 0 && m.TareKg >= m.VGMKg {
		r.fail("tare_kg", m.TareKg.String(), "tare is not less than the verified gross mass")
	}
	return m
}

func convertPrice(r *row) *core.Price {
	p := &core.Price{Material: strings.ToLower(r.required(prcMaterial)), Date: r.date(prcDate, true),
		Price: r.decimal(prcPrice, true), Currency: r.currency(prcCurrency), Extra: r.extra}
	p.Market = r.oneOf(prcMarket, true, "", marketWords)
	if u := r.required(prcUnit); u != "" {
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
