package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/notices"
)

// selfCheckFields are the form's fields, in the order the form shows
// them: the declaration's header and one item, named as in
// declarations.csv.
var selfCheckFields = []string{"exporter_uscc", "declared_at", "destination_country", "consignee_name", "consignee_country", "transport_mode",
	"licence_no", "hs_code", "goods_name", "goods_spec", "quantity", "unit", "net_weight_kg", "gross_weight_kg", "total_value", "currency", "remarks"}

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
		ns, err := notices.For(r.Context(), notices.Deps{Store: s.Store, Catalog: s.cat(), Lists: s.listsNow()}, p.User.EnterpriseUSCC, core.DateOf(s.Now()))
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
	answer, err := lodge.PreCheck(r.Context(), lodge.Deps{Store: s.Store, Catalog: s.cat(), Lists: s.listsNow()}, items)
	if err != nil {
		return err
	}
	data["Answer"] = answer
	advice, err := lodge.Advise(r.Context(), lodge.Deps{Store: s.Store, Catalog: s.cat()}, items)
	if err != nil {
		return err
	}
	var each []itemAnswer
	for i, a := range advice {
		ia := itemAnswer{Advice: a, Item: items[i], Basis: a.BasisEn}
		if p.L.Zh() {
			ia.Basis = a.BasisZh
		}
		for _, f := range answer.Findings {
			if f.ItemNo == a.ItemNo {
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
	lodge.Advice
	Item     *core.DeclarationItem
	Basis    []string // in the page's language
	Findings []lodge.Finding
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
