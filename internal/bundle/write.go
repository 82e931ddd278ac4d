package bundle

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/cells"
	"orewatch/internal/core"
)

// WriteOptions change how a bundle is written.
type WriteOptions struct {
	// SpreadsheetSafe neutralises cells a spreadsheet would evaluate as a
	// formula (cells.Neutralize): for people who open the files in Excel.
	// Such a bundle is no longer lossless: a cell that began with =, +, -,
	// @, a tab or a carriage return reads back with a quote before it.
	SpreadsheetSafe bool
}

// Write writes b as a bundle folder: bundle.json and one UTF-8 CSV per
// non-empty table, with the spec's columns first and every extra column
// kept. Reading the folder back gives the same values: a cell that a
// spreadsheet would evaluate is written as it is (WriteWith neutralises).
func Write(dir string, b *Bundle) error {
	return WriteWith(dir, b, WriteOptions{})
}

// WriteWith is Write with options.
func WriteWith(dir string, b *Bundle, o WriteOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	meta := b.Meta
	meta.Format = Format
	mb, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "bundle.json"), append(mb, '\n'), 0o644); err != nil {
		return err
	}
	type table struct {
		name string
		n    int
		row  func(i int) (map[string]string, map[string]string)
	}
	d, l := func(x core.Date) string { return x.String() }, func(xs []string) string { return strings.Join(xs, "|") }
	num := func(x core.Decimal) string { return x.String() }
	tables := []table{
		{"materials", len(b.Materials), func(i int) (map[string]string, map[string]string) {
			m := b.Materials[i]
			var pairs []string
			for k, v := range m.MadeFrom {
				pairs = append(pairs, k+":"+strconv.FormatFloat(v, 'f', -1, 64))
			}
			sort.Strings(pairs)
			return map[string]string{"material": m.ID, "group": m.Group, "hs_codes": l(m.HSCodes),
				"density_kg_m3": strconv.FormatFloat(m.DensityKg, 'f', -1, 64), "made_from": l(pairs)}, nil
		}},
		{"enterprises", len(b.Enterprises), func(i int) (map[string]string, map[string]string) {
			e := b.Enterprises[i]
			prov := e.Province
			if e.City != "" {
				prov = e.City
			}
			segs := make([]string, len(e.Segments))
			for j, s := range e.Segments {
				segs[j] = string(s)
			}
			return map[string]string{"uscc": string(e.USCC), "name": e.Name, "province": prov, "segments": l(segs),
				"minerals": l(e.Minerals), "registered_on": d(e.RegisteredOn), "ledger_status": string(e.Status),
				"compliance_program": strconv.FormatBool(e.ComplianceProgram), "address": e.Address}, e.Extra
		}},
		{"parties", len(b.Parties), func(i int) (map[string]string, map[string]string) {
			p := b.Parties[i]
			return map[string]string{"party_id": p.ID, "name": p.Name, "country": p.Country, "address": p.Address, "phone": p.Phone,
				"email": p.Email, "registry_id": p.RegistryID, "kind": p.Kind}, p.Extra
		}},
		{"party_links", len(b.Links), func(i int) (map[string]string, map[string]string) {
			k := b.Links[i]
			return map[string]string{"from_party": k.From, "to_party": k.To, "relation": k.Relation, "source": k.Source}, k.Extra
		}},
		{"entity_lists", len(b.Lists), func(i int) (map[string]string, map[string]string) {
			e := b.Lists[i]
			return map[string]string{"list": e.List, "name": e.Name, "aliases": l(e.Aliases), "country": e.Country,
				"listed_on": d(e.ListedOn), "delisted_on": d(e.DelistedOn), "reference": e.Reference}, e.Extra
		}},
		{"licences", len(b.Licences), func(i int) (map[string]string, map[string]string) {
			x := b.Licences[i]
			return map[string]string{"licence_no": x.No, "exporter_uscc": string(x.ExporterUSCC), "status": string(x.Status),
				"uses": string(x.Uses), "valid_from": d(x.ValidFrom), "valid_to": d(x.ValidTo), "hs_code": x.HSCode,
				"control_code": x.ControlCode, "goods_name": x.GoodsName, "quantity": num(x.Quantity), "unit": x.Unit,
				"destination": x.Destination, "consignee_name": x.ConsigneeName, "end_user_name": x.EndUserName, "end_use": x.EndUse}, x.Extra
		}},
		{"declarations", len(b.Declarations), func(i int) (map[string]string, map[string]string) {
			x := b.Declarations[i]
			opt := func(v core.Decimal) string {
				if v == 0 {
					return ""
				}
				return v.String()
			}
			pk := ""
			if x.Packages != 0 {
				pk = strconv.Itoa(x.Packages)
			}
			return map[string]string{"declaration_no": x.DeclarationNo, "item_no": strconv.Itoa(x.ItemNo), "declared_at": d(x.DeclaredAt),
				"exporter_uscc": string(x.ExporterUSCC), "exporter_name": x.ExporterName, "producer_uscc": string(x.ProducerUSCC),
				"agent_uscc": string(x.AgentUSCC), "customs_office": x.CustomsOffice, "transport_mode": x.TransportMode,
				"bill_of_lading": x.BillOfLading, "containers": l(x.Containers), "trade_mode": x.TradeMode,
				"trading_country": x.TradingCountry, "destination_country": x.DestinationCountry, "consignee_name": x.ConsigneeName,
				"consignee_country": x.ConsigneeCountry, "consignee_address": x.ConsigneeAddress, "licence_no": x.LicenceNo,
				"hs_code": x.HSCode, "goods_name": x.GoodsName, "goods_spec": x.GoodsSpec, "quantity": num(x.Quantity), "unit": x.Unit,
				"net_weight_kg": num(x.NetWeightKg), "gross_weight_kg": num(x.GrossWeightKg), "packages": pk,
				"unit_price": opt(x.UnitPrice), "total_value": num(x.TotalValue), "currency": x.Currency, "incoterm": x.Incoterm,
				"origin_country": x.OriginCountry, "remarks": x.Remarks}, x.Extra
		}},
		{"manifests", len(b.Manifests), func(i int) (map[string]string, map[string]string) {
			m := b.Manifests[i]
			tare := ""
			if m.TareKg != 0 {
				tare = m.TareKg.String()
			}
			return map[string]string{"bill_of_lading": m.BillOfLading, "container_no": m.ContainerNo, "vgm_kg": num(m.VGMKg),
				"tare_kg": tare, "size": m.Size, "port_of_loading": m.PortOfLoading, "port_of_discharge": m.PortOfDischarge,
				"transshipment_port": m.TransshipmentPort}, m.Extra
		}},
		{"prices", len(b.Prices), func(i int) (map[string]string, map[string]string) {
			p := b.Prices[i]
			return map[string]string{"material": p.Material, "market": p.Market, "date": d(p.Date), "price": num(p.Price),
				"currency": p.Currency, "unit": p.Unit}, p.Extra
		}},
	}
	for _, t := range tables {
		if t.n == 0 {
			continue
		}
		def, _ := TableByName(t.name)
		extraSet := map[string]bool{}
		for i := 0; i < t.n; i++ {
			_, ex := t.row(i)
			for k := range ex {
				extraSet[k] = true
			}
		}
		var header, extras []string
		for _, c := range def.Columns {
			header = append(header, c.Name)
		}
		for k := range extraSet {
			extras = append(extras, k)
		}
		sort.Strings(extras)
		header = append(header, extras...)
		if err := writeCSV(filepath.Join(dir, t.name+".csv"), header, t.n, func(i int) []string {
			known, ex := t.row(i)
			rec := make([]string, len(header))
			for j, h := range header {
				if j < len(def.Columns) {
					rec[j] = known[h]
				} else {
					rec[j] = ex[h]
				}
			}
			return rec
		}, o.SpreadsheetSafe); err != nil {
			return err
		}
	}
	for _, doc := range b.EPCIS {
		p := filepath.Join(dir, filepath.FromSlash(doc.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, doc.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(path string, header []string, n int, rec func(int) []string, safe bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	cw := csv.NewWriter(w)
	if safe { // an extra column's name came from outside too
		header = slices.Clone(header)
		for j, c := range header {
			header[j] = cells.Neutralize(c)
		}
	}
	if err := cw.Write(header); err != nil {
		f.Close()
		return err
	}
	for i := 0; i < n; i++ {
		r := rec(i)
		if safe {
			for j, c := range r {
				r[j] = cells.Neutralize(c)
			}
		}
		if err := cw.Write(r); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
