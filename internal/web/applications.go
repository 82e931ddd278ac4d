package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"orewatch/internal/applications"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/notices"
)

// The licence application pages: an exporter drafts, documents, submits
// and follows its applications; the commerce departments and the agencies
// consulted take their steps on the same page. The procedure decides who
// may do what (package applications); these handlers only read forms.

// applicationDeps are what the procedure reads and changes.
func (s *server) applicationDeps() applications.Deps {
	ld := lodge.Deps{Store: s.Store, Catalog: s.cat(), Lists: s.listsNow(), Screener: s.ScreenerNow}
	return applications.Deps{Store: s.Store, Catalog: s.cat, Lodge: ld, Days: s.Days, Files: s.Files, Now: s.Now}
}

// itemFields are an item row's fields, named item_<field> in the form.
var itemFields = []string{"hs_code", "control_code", "goods_name", "quantity", "unit", "value", "currency"}

// applicationList is an exporter's desk (its notices, applications and
// licences) or an officer's queue of applications.
func (s *server) applicationList(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("nav.applications")
	as, err := applications.List(r.Context(), s.Store, p.User, nil)
	if err != nil {
		return err
	}
	// An application waits for the reader when a step is open to it.
	waiting := map[string]bool{}
	for _, a := range as {
		waiting[a.ID] = len(applications.Actions(p.User, a)) > 0
	}
	data := map[string]any{"Applications": as, "Exporter": p.User.Role == core.RoleEnterprise, "Waiting": waiting}
	if p.User.Role == core.RoleEnterprise && p.User.EnterpriseUSCC != "" {
		ns, err := notices.For(r.Context(), notices.Deps{Store: s.Store, Catalog: s.cat(), Lists: s.listsNow()}, p.User.EnterpriseUSCC, core.DateOf(s.Now()))
		if err != nil {
			return err
		}
		data["Notices"] = ns
	}
	p.Data = data
	return s.render(w, http.StatusOK, "applications", p)
}

// newApplication is the blank form.
func (s *server) newApplication(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("app.new")
	p.Data = map[string]any{"Form": core.ApplicationForm{Kind: core.KindSingle, Uses: core.UsesSingle}, "Rows": rows(nil), "New": true,
		"Kinds": applications.DocKinds}
	return s.render(w, http.StatusOK, "application", p)
}

// rows are the form's item rows: the items there are and a blank one.
func rows(items []core.ApplicationItem) []core.ApplicationItem {
	return append(append([]core.ApplicationItem{}, items...), core.ApplicationItem{})
}

// readApplicationForm reads the form's fields; item rows left blank are
// dropped, and a number that cannot be read names its row.
func readApplicationForm(r *http.Request) (core.ApplicationForm, error) {
	if err := r.ParseForm(); err != nil {
		return core.ApplicationForm{}, core.FieldErrorf("form", "%v", err)
	}
	f := core.ApplicationForm{Kind: core.LicenceKind(r.FormValue("kind")), Uses: core.LicenceUses(r.FormValue("uses")),
		DestinationCountry: r.FormValue("destination_country"), ConsigneeName: r.FormValue("consignee_name"), ConsigneeCountry: r.FormValue("consignee_country"),
		ConsigneeAddress: r.FormValue("consignee_address"), EndUserName: r.FormValue("end_user_name"), EndUserCountry: r.FormValue("end_user_country"),
		EndUse: r.FormValue("end_use"), ContractNo: r.FormValue("contract_no"), Compliance: r.FormValue("compliance_programme") != "", Note: r.FormValue("note")}
	n := len(r.Form["item_hs_code"])
	for i := 0; i < n; i++ {
		v := func(field string) string {
			vs := r.Form["item_"+field]
			if i < len(vs) {
				return strings.TrimSpace(vs[i])
			}
			return ""
		}
		blank := true
		for _, fl := range itemFields {
			if v(fl) != "" && fl != "unit" && fl != "currency" {
				blank = false
			}
		}
		if blank {
			continue
		}
		it := core.ApplicationItem{HSCode: v("hs_code"), ControlCode: v("control_code"), GoodsName: v("goods_name"), Unit: v("unit"), Currency: v("currency")}
		for _, num := range []struct {
			field string
			to    *core.Decimal
		}{{"quantity", &it.Quantity}, {"value", &it.Value}} {
			if s := v(num.field); s != "" {
				d, err := core.ParseDecimal(s)
				if err != nil {
					return f, core.FieldErrorf(fmt.Sprintf("items/%d/%s", len(f.Items), num.field), "item %d: %s %q is not a number", len(f.Items)+1, num.field, s)
				}
				*num.to = d
			}
		}
		f.Items = append(f.Items, it)
	}
	return f, nil
}

func (s *server) createApplication(w http.ResponseWriter, r *http.Request, p *page) error {
	f, err := readApplicationForm(r)
	if err != nil {
		return err
	}
	a, err := applications.Create(r.Context(), s.applicationDeps(), p.User, f)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/applications/"+a.ID, http.StatusSeeOther)
	return nil
}

// application shows one application with the form (editable by its
// exporter while it may change), its check, clock, documents, steps and
// the actions open to the reader.
func (s *server) application(w http.ResponseWriter, r *http.Request, p *page) error {
	v, err := applications.Show(r.Context(), s.applicationDeps(), p.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	p.Title = p.L.T("app.title") + " " + v.ID
	editable := p.User.Role == core.RoleEnterprise && (v.Status == core.AppDraft || v.Status == core.AppReturned || v.Status == core.AppInfoRequested)
	p.Data = map[string]any{"App": v, "Form": v.Form, "Rows": rows(v.Form.Items), "Editable": editable, "Kinds": applications.DocKinds,
		"Agencies": agencyChoices(), "Flash": r.URL.Query().Get("done")}
	return s.render(w, http.StatusOK, "application", p)
}

func (s *server) editApplication(w http.ResponseWriter, r *http.Request, p *page) error {
	f, err := readApplicationForm(r)
	if err != nil {
		return err
	}
	rev, _ := strconv.Atoi(r.FormValue("revision"))
	a, err := applications.Edit(r.Context(), s.applicationDeps(), p.User, r.PathValue("id"), rev, f)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/applications/"+a.ID+"?done=saved", http.StatusSeeOther)
	return nil
}

// actOnApplication takes the step the button named.
func (s *server) actOnApplication(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := r.ParseForm(); err != nil {
		return core.FieldErrorf("form", "%v", err)
	}
	x := applications.Action{Name: r.FormValue("action"), Note: r.FormValue("note"), Uses: core.LicenceUses(r.FormValue("uses"))}
	x.Revision, _ = strconv.Atoi(r.FormValue("revision"))
	if v := r.FormValue("agree"); v != "" {
		yes := v == "yes"
		x.Agree = &yes
	}
	for _, v := range r.Form["consult"] {
		x.Agencies = append(x.Agencies, splitCodes(v)...)
	}
	for _, d := range []struct {
		field string
		to    *core.Date
	}{{"valid_from", &x.ValidFrom}, {"valid_to", &x.ValidTo}} {
		if v := strings.TrimSpace(r.FormValue(d.field)); v != "" {
			day, err := core.ParseDate(v)
			if err != nil {
				return core.FieldErrorf(d.field, "%v", err)
			}
			*d.to = day
		}
	}
	a, err := applications.Act(r.Context(), s.applicationDeps(), p.User, r.PathValue("id"), x)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/applications/"+a.ID+"?done="+url.QueryEscape(x.Name), http.StatusSeeOther)
	return nil
}

func (s *server) attachToApplication(w http.ResponseWriter, r *http.Request, p *page) error {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return core.FieldErrorf("file", "%s", p.L.T("app.choosefile"))
	}
	defer f.Close()
	id := r.PathValue("id")
	if _, err := applications.Attach(r.Context(), s.applicationDeps(), p.User, id, r.FormValue("kind"), hdr.Filename, f); err != nil {
		return err
	}
	http.Redirect(w, r, "/applications/"+id+"?done=attached#documents", http.StatusSeeOther)
	return nil
}

func (s *server) applicationDocument(w http.ResponseWriter, r *http.Request, p *page) error {
	doc, f, err := applications.Open(r.Context(), s.applicationDeps(), p.User, r.PathValue("id"), r.PathValue("fid"))
	if err != nil {
		return err
	}
	defer f.Close()
	serveAttachment(w, doc.Name, doc.Size, f)
	return nil
}

// formField is a field of the application form by its JSON name, for the
// template's loops over the parties' fields.
func formField(f core.ApplicationForm, name string) string {
	switch name {
	case "destination_country":
		return f.DestinationCountry
	case "consignee_name":
		return f.ConsigneeName
	case "consignee_country":
		return f.ConsigneeCountry
	case "consignee_address":
		return f.ConsigneeAddress
	case "end_user_name":
		return f.EndUserName
	case "end_user_country":
		return f.EndUserCountry
	case "end_use":
		return f.EndUse
	case "contract_no":
		return f.ContractNo
	}
	return ""
}
