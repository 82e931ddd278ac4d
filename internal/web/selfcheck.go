package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/notices"
)

// selfCheckFields are the form's fields, in the order the form shows
// them: the declaration's header and one item, named as in
// declarations.csv.
var selfCheckFields = []string{"exporter_uscc", "declared_at", "destination_country", "consignee_name", "consignee_country", "transport_mode",
	"licence_no", "hs_code", "goods_name", "goods_spec", "quantity", "unit", "net_weight_kg", "gross_weight_kg", "total_value", "currency", "remarks"}

// coverage is one of the exporter's licences that could cover the item.
type coverage struct {
	Licence *core.Licence
	LeftKg  float64
	Fits    bool // the item's quantity fits what is left
}

// selfCheck lets an exporter (or an officer for one) draft a declaration
// and see what customs will see before it is lodged: controlled or not and
// on which legal basis, the remarks to write, the licences of its own that
// cover it with the quantity left, and every finding with what to fix.
// Nothing is stored. An exporter's officer checks its own USCC only.
func (s *server) selfCheck(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("nav.selfcheck")
	form := map[string]string{"declared_at": core.DateOf(s.Now()).String(), "transport_mode": "2", "unit": "kg", "currency": "CNY"}
	if p.User.Role == core.RoleEnterprise {
		form["exporter_uscc"] = string(p.User.EnterpriseUSCC)
	}
	data := map[string]any{"Form": form, "Fields": selfCheckFields, "Own": p.User.Role == core.RoleEnterprise}
	p.Data = data
	if p.User.Role == core.RoleEnterprise {
		lists := s.ListsNow
		if lists == nil {
			lists = func() []*core.ListEntry { return s.lists() }
		}
		ns, err := notices.For(r.Context(), notices.Deps{Store: s.Store, Catalog: s.cat(), Lists: lists}, p.User.EnterpriseUSCC, core.DateOf(s.Now()))
		if err != nil {
			return err
		}
		data["Notices"] = ns
	}
	if r.Method != http.MethodPost {
		return s.render(w, http.StatusOK, "selfcheck", p)
	}
	body := map[string]any{}
	item := map[string]any{"item_no": 1}
	for i, f := range selfCheckFields {
		v := strings.TrimSpace(r.FormValue(f))
		if f == "exporter_uscc" && p.User.Role == core.RoleEnterprise {
			v = string(p.User.EnterpriseUSCC) // its own, whatever the form says
		}
		form[f] = v
		if v == "" {
			continue
		}
		if i < 7 {
			body[f] = v
		} else {
			item[f] = v
		}
	}
	body["declaration_no"] = "000000000000000000" // a draft has no number yet
	body["items"] = []any{item}
	// A spreadsheet of the goods replaces the form's one item.
	var fileItems []lodge.FileItem
	fileName := ""
	if f, hdr, err := r.FormFile("items"); err == nil {
		defer f.Close()
		fileName = hdr.Filename
		if fileItems, err = lodge.ReadItems(hdr.Filename, f); err != nil {
			return err
		}
		rows := make([]any, len(fileItems))
		for i, fi := range fileItems {
			// The form's unit and currency stand for a file without them.
			for _, f := range []string{"unit", "currency"} {
				if _, ok := fi.Fields[f]; !ok && item[f] != nil {
					fi.Fields[f] = item[f]
				}
			}
			rows[i] = fi.Fields
		}
		body["items"] = rows
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	items, err := lodge.Parse(raw)
	if inv, ok := err.(*lodge.Invalid); ok {
		data["Problems"] = atLines(inv.Problems, fileName, fileItems)
		return s.render(w, http.StatusBadRequest, "selfcheck", p)
	}
	if err != nil {
		return err
	}
	lists := s.ListsNow
	if lists == nil {
		lists = func() []*core.ListEntry { return s.lists() }
	}
	answer, err := lodge.PreCheck(r.Context(), lodge.Deps{Store: s.Store, Catalog: s.cat(), Lists: lists}, items)
	if err != nil {
		return err
	}
	data["Answer"] = answer
	var each []itemAnswer
	for _, it := range items {
		ia := itemAnswer{Item: it}
		look := s.cat().Lookup(catalog.Query{HS: it.HSCode, Date: it.DeclaredAt, Destination: it.DestinationCountry, Text: it.GoodsName + " " + it.GoodsSpec})
		ia.Lookup = &look
		ia.RemarksZh, ia.RemarksEn = remarksFor(&look)
		ia.Basis = legalBasis(s.cat(), &look, p.L)
		if look.LicenceRequired {
			if ia.Licences, err = s.coveringLicences(r, it); err != nil {
				return err
			}
		}
		for _, f := range answer.Findings {
			if f.ItemNo == it.ItemNo {
				ia.Findings = append(ia.Findings, f)
			}
		}
		each = append(each, ia)
	}
	// The first item's answer is the page's; a file's items are listed
	// each with theirs.
	first := each[0]
	data["Lookup"], data["Item"], data["RemarksZh"], data["RemarksEn"], data["Basis"], data["Licences"] = first.Lookup, first.Item, first.RemarksZh, first.RemarksEn, first.Basis, first.Licences
	if len(each) > 1 || fileName != "" {
		data["Items"] = each
	}
	return s.render(w, http.StatusOK, "selfcheck", p)
}

// itemAnswer is what customs will see of one item of the draft.
type itemAnswer struct {
	Item                 *core.DeclarationItem
	Lookup               *catalog.Answer
	RemarksZh, RemarksEn string
	Basis                []string
	Licences             []coverage
	Findings             []lodge.Finding
}

// atLines names a file's problems by the file's line: /items/3/quantity
// is the fourth item read, whose line the file gave.
func atLines(ps []lodge.Problem, name string, items []lodge.FileItem) []lodge.Problem {
	if name == "" {
		return ps
	}
	out := make([]lodge.Problem, len(ps))
	for i, p := range ps {
		out[i] = p
		var n int
		var field string
		if k, err := fmt.Sscanf(strings.ReplaceAll(p.Pointer, "/", " "), " items %d %s", &n, &field); err == nil && k == 2 && n < len(items) {
			out[i].Pointer = fmt.Sprintf("%s line %d, %s", name, items[n].Line, field)
		}
	}
	return out
}

// remarksFor is the statement the remarks (备注) must carry, in Chinese
// and English, with the control codes of the items the code lists.
func remarksFor(a *catalog.Answer) (zh, en string) {
	if !a.Controlled {
		return "是否属于管制物项：否", "Controlled item: no"
	}
	var codes []string
	for _, it := range a.Items {
		if it.ControlCode != "" && !strings.Contains(strings.Join(codes, ","), it.ControlCode) {
			codes = append(codes, it.ControlCode)
		}
	}
	if len(codes) == 0 {
		return "是否属于管制物项：是（公告未列出管制编码，请按许可证所载编码填写）", "Controlled item: yes (the announcement gives no control code: write the licence's)"
	}
	return "是否属于管制物项：是；两用物项出口管制编码：" + strings.Join(codes, "、"), "Controlled item: yes; dual-use export control code: " + strings.Join(codes, ", ")
}

// legalBasis names the measures that control the goods, in the page's
// language, with their dates.
func legalBasis(c *catalog.Catalog, a *catalog.Answer, l Lang) []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range a.Items {
		if seen[it.Measure] {
			continue
		}
		seen[it.Measure] = true
		for _, m := range c.Measures {
			if m.ID != it.Measure {
				continue
			}
			title := m.TitleEn
			if l.Zh() {
				title = m.TitleZh
			}
			name := it.NameEn
			if l.Zh() {
				name = it.NameZh
			}
			out = append(out, fmt.Sprintf("%s (%s, %s): %s", title, m.ID, m.Effective, name))
		}
	}
	return out
}

// coveringLicences are the exporter's licences for the item's HS code and
// destination valid on its day, with what is left of each.
func (s *server) coveringLicences(r *http.Request, it *core.DeclarationItem) ([]coverage, error) {
	ls, _, err := s.Store.Licences().List(r.Context(), core.LicenceFilter{ExporterUSCC: it.ExporterUSCC, ValidOn: it.DeclaredAt, Limit: 1000})
	if err != nil {
		return nil, err
	}
	need := 0.0
	if kg, err := core.ToKg(it.Quantity, it.Unit); err == nil {
		need = kg.Float()
	}
	var out []coverage
	for _, l := range ls {
		if l.HSCode != it.HSCode || (l.Destination != "" && l.Destination != it.DestinationCountry) || l.StatusOn(it.DeclaredAt) != core.LicenceValid {
			continue
		}
		limit, err := core.ToKg(l.Quantity, l.Unit)
		if err != nil {
			continue
		}
		drawn, err := s.Store.Lodgements().Drawn(r.Context(), l.No, "")
		if err != nil {
			return nil, err
		}
		left := max(0, limit.Float()-drawn)
		out = append(out, coverage{Licence: l, LeftKg: left, Fits: need <= left+1e-6})
	}
	return out, nil
}
