package applications

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
	"orewatch/internal/party"
)

// Document kinds an application carries (两用物项出口管制条例, art. 16(1)):
// identity documents, the contract, the goods' technical specification or
// test report, the end-user and end-use certificates; for a general
// licence the three reports of art. 16(2); for a party on the watch list
// the risk assessment and the undertaking of art. 26(2).
const (
	DocIdentity      = "identity_documents"
	DocContract      = "contract"
	DocSpecs         = "technical_specification"
	DocEndUser       = "end_user_certificate"
	DocEndUse        = "end_use_certificate"
	DocCompliance    = "compliance_programme"
	DocLicenceUse    = "licence_use_report"
	DocChannels      = "channels_report"
	DocRiskAssess    = "risk_assessment"
	DocUndertaking   = "end_use_undertaking"
	DocSupplementary = "supplementary"
)

// DocKinds are the kinds a file may be attached as, in the order a page
// offers them.
var DocKinds = []string{DocIdentity, DocContract, DocSpecs, DocEndUser, DocEndUse, DocCompliance, DocLicenceUse, DocChannels, DocRiskAssess, DocUndertaking, DocSupplementary}

// Problem is one thing to fix or to know, at the form's field.
type Problem struct {
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageZh string `json:"message_zh"`
}

// ItemCheck is what the catalogue says of one item on the day.
type ItemCheck struct {
	No              int      `json:"item_no"`
	HSCode          string   `json:"hs_code"`
	Controlled      bool     `json:"controlled"`
	LicenceRequired bool     `json:"licence_required"`
	DestinationRule string   `json:"destination_rule"`
	ControlCodes    []string `json:"control_codes"`
	Basis           []string `json:"basis"`
}

// PartyHit is a consignee or end user found on a list.
type PartyHit struct {
	Role      string  `json:"role"`
	Name      string  `json:"name"`
	List      string  `json:"list"`
	Entry     string  `json:"entry"`
	Score     float64 `json:"score"`
	ListedOn  string  `json:"listed_on"`
	Reference string  `json:"reference,omitempty"`
}

// General says whether a general licence is open to the application, and
// if not, why.
type General struct {
	Eligible bool     `json:"eligible"`
	Why      []string `json:"why,omitempty"`
	WhyZh    []string `json:"why_zh,omitempty"`
}

// Check is an application as an officer would first read it.
type Check struct {
	AsOf string `json:"as_of"`
	// Missing stop a submission.
	Missing []Problem `json:"missing"`
	// Warnings do not, but an officer will ask about them.
	Warnings []Problem   `json:"warnings"`
	Items    []ItemCheck `json:"items"`
	Parties  []PartyHit  `json:"parties"`
	General  General     `json:"general_licence"`
	// Documents are the kinds of documents attached.
	Documents []string `json:"documents"`
	// noLimit says why the statutory time limit does not apply.
	noLimit string
}

func (c *Check) missingText() string {
	var parts []string
	for _, p := range c.Missing {
		parts = append(parts, p.Field+": "+p.Message)
	}
	return strings.Join(parts, "; ")
}

func (c *Check) miss(field, en, zh string) {
	c.Missing = append(c.Missing, Problem{Field: field, Message: en, MessageZh: zh})
}

func (c *Check) warn(field, en, zh string) {
	c.Warnings = append(c.Warnings, Problem{Field: field, Message: en, MessageZh: zh})
}

var hsRe = regexp.MustCompile(`^\d{10}$`)

var countries = geo.MustDefault()

// wellFormed normalises what the exporter typed (countries to ISO codes,
// units to their canonical form, codes without spaces) and refuses what
// cannot be read; empty fields are allowed in a draft.
func wellFormed(f *core.ApplicationForm) error {
	switch f.Kind {
	case "":
		f.Kind = core.KindSingle
	case core.KindSingle, core.KindGeneral:
	default:
		return core.FieldErrorf("kind", "single or general, not %q", f.Kind)
	}
	switch f.Uses {
	case "", core.UsesSingle, core.UsesMultiple:
	default:
		return core.FieldErrorf("uses", "single or multiple, not %q", f.Uses)
	}
	for _, c := range []struct {
		field string
		v     *string
	}{{"destination_country", &f.DestinationCountry}, {"consignee_country", &f.ConsigneeCountry}, {"end_user_country", &f.EndUserCountry}} {
		*c.v = strings.TrimSpace(*c.v)
		if *c.v == "" {
			continue
		}
		a2, err := countries.NormalizeCountry(*c.v)
		if err != nil {
			return core.FieldErrorf(c.field, "%v", err)
		}
		*c.v = a2
	}
	for _, s := range []*string{&f.ConsigneeName, &f.ConsigneeAddress, &f.EndUserName, &f.EndUse, &f.ContractNo, &f.Note} {
		*s = strings.TrimSpace(*s)
		if len(*s) > 2000 {
			return core.Errorf(core.EINVALID, "a field holds more than 2000 bytes")
		}
	}
	if len(f.Items) > 50 {
		return core.FieldErrorf("items", "at most 50 items an application, not %d", len(f.Items))
	}
	for i := range f.Items {
		it := &f.Items[i]
		at := fmt.Sprintf("items/%d/", i)
		it.HSCode = strings.Join(strings.Fields(it.HSCode), "")
		it.HSCode = strings.ReplaceAll(it.HSCode, ".", "")
		if it.HSCode != "" && !hsRe.MatchString(it.HSCode) {
			return core.FieldErrorf(at+"hs_code", "a commodity code has 10 digits, not %q", it.HSCode)
		}
		it.ControlCode = strings.ToUpper(strings.TrimSpace(it.ControlCode))
		it.GoodsName = strings.TrimSpace(it.GoodsName)
		if it.Quantity < 0 {
			return core.FieldErrorf(at+"quantity", "a quantity is not negative")
		}
		if it.Value < 0 {
			return core.FieldErrorf(at+"value", "a value is not negative")
		}
		if it.Unit = strings.TrimSpace(it.Unit); it.Unit != "" {
			canon, _, ok := core.NormalizeMassUnit(it.Unit)
			if !ok {
				return core.FieldErrorf(at+"unit", "a unit of mass (kg, t, g, 千克, 吨), not %q", it.Unit)
			}
			it.Unit = canon
		}
		it.Currency = strings.ToUpper(strings.TrimSpace(it.Currency))
	}
	return nil
}

// check reads the application as of today: what is missing, what the
// catalogue says of each item, the parties on lists, and whether a
// general licence is open to it.
func check(ctx context.Context, d Deps, a *core.LicenceApplication, files []*core.ApplicationFile) (*Check, error) {
	today := d.today()
	c := &Check{AsOf: today.String(), Missing: []Problem{}, Warnings: []Problem{}, Items: []ItemCheck{}, Parties: []PartyHit{}, Documents: []string{}}
	f := a.Form
	for _, fl := range files {
		if !slices.Contains(c.Documents, fl.Kind) {
			c.Documents = append(c.Documents, fl.Kind)
		}
	}
	has := func(kind string) bool { return slices.Contains(c.Documents, kind) }
	required := []struct{ field, v, en, zh string }{
		{"destination_country", f.DestinationCountry, "the destination country", "目的国"},
		{"consignee_name", f.ConsigneeName, "the consignee", "境外收货人"},
		{"consignee_country", f.ConsigneeCountry, "the consignee's country", "收货人所在国"},
		{"end_user_name", f.EndUserName, "the end user", "最终用户"},
		{"end_user_country", f.EndUserCountry, "the end user's country", "最终用户所在国"},
		{"end_use", f.EndUse, "the end use", "最终用途"},
		{"contract_no", f.ContractNo, "the contract number", "合同号"},
	}
	for _, r := range required {
		if r.v == "" {
			c.miss(r.field, "give "+r.en, "请填写"+r.zh)
		}
	}
	if len(f.Items) == 0 {
		c.miss("items", "add the items to export", "请添加出口物项")
	}
	for i, it := range f.Items {
		at := fmt.Sprintf("items/%d/", i)
		if it.HSCode == "" {
			c.miss(at+"hs_code", fmt.Sprintf("item %d: give its commodity code", i+1), fmt.Sprintf("第%d项：请填写商品编号", i+1))
		}
		if it.GoodsName == "" {
			c.miss(at+"goods_name", fmt.Sprintf("item %d: give the goods' name", i+1), fmt.Sprintf("第%d项：请填写商品名称", i+1))
		}
		if it.Quantity <= 0 || it.Unit == "" {
			c.miss(at+"quantity", fmt.Sprintf("item %d: give the quantity and its unit", i+1), fmt.Sprintf("第%d项：请填写数量和单位", i+1))
		}
		if it.Value <= 0 || it.Currency == "" {
			c.miss(at+"value", fmt.Sprintf("item %d: give the value and its currency", i+1), fmt.Sprintf("第%d项：请填写金额和币制", i+1))
		}
	}
	for _, doc := range []struct{ kind, en, zh string }{
		{DocIdentity, "the identity documents of the legal representative, the manager and the person handling the application", "法定代表人、主要经营管理人及经办人身份证明"},
		{DocContract, "the contract", "合同"},
		{DocSpecs, "the technical specification or test report", "技术说明或检测报告"},
		{DocEndUser, "the end-user certificate", "最终用户证明"},
		{DocEndUse, "the end-use certificate", "最终用途证明"},
	} {
		if !has(doc.kind) {
			c.miss("documents/"+doc.kind, "attach "+doc.en, "请上传"+doc.zh)
		}
	}
	cat := d.catalog()
	restricted := false
	for i, it := range f.Items {
		if !hsRe.MatchString(it.HSCode) || cat == nil {
			continue
		}
		ans := cat.Lookup(catalog.Query{HS: it.HSCode, Date: today, Destination: f.DestinationCountry, Text: it.GoodsName})
		ic := ItemCheck{No: i + 1, HSCode: it.HSCode, Controlled: ans.Controlled, LicenceRequired: ans.LicenceRequired, DestinationRule: ans.DestinationRule,
			ControlCodes: []string{}, Basis: []string{}}
		for _, x := range ans.Items {
			if x.ControlCode != "" && !slices.Contains(ic.ControlCodes, x.ControlCode) {
				ic.ControlCodes = append(ic.ControlCodes, x.ControlCode)
			}
			ic.Basis = append(ic.Basis, fmt.Sprintf("%s %s / %s", x.Measure, x.NameZh, x.NameEn))
		}
		c.Items = append(c.Items, ic)
		at := fmt.Sprintf("items/%d/", i)
		switch {
		case !ans.Controlled:
			c.warn(at+"hs_code", fmt.Sprintf("item %d: %s is not a controlled item on %s: it needs no dual-use export licence", i+1, it.HSCode, today),
				fmt.Sprintf("第%d项：%s在%s不属于管制物项，无需申请两用物项出口许可", i+1, it.HSCode, today))
		case it.ControlCode != "" && len(ic.ControlCodes) > 0 && !slices.Contains(ic.ControlCodes, it.ControlCode):
			c.warn(at+"control_code", fmt.Sprintf("item %d: control code %s is not the catalogue's for %s (%s)", i+1, it.ControlCode, it.HSCode, strings.Join(ic.ControlCodes, ", ")),
				fmt.Sprintf("第%d项：管制编码%s与清单中%s的编码（%s）不符", i+1, it.ControlCode, it.HSCode, strings.Join(ic.ControlCodes, "、")))
		case it.ControlCode == "" && len(ic.ControlCodes) > 0:
			c.warn(at+"control_code", fmt.Sprintf("item %d: give its control code (%s)", i+1, strings.Join(ic.ControlCodes, ", ")),
				fmt.Sprintf("第%d项：请填写管制编码（%s）", i+1, strings.Join(ic.ControlCodes, "、")))
		}
		if ans.DestinationRule == catalog.RuleProhibited || ans.DestinationRule == catalog.RulePresumptionOfDenial {
			restricted = true
			c.warn(at+"destination_country", fmt.Sprintf("item %d: export to %s is %s on %s", i+1, f.DestinationCountry, strings.ReplaceAll(ans.DestinationRule, "_", " "), today),
				fmt.Sprintf("第%d项：该物项出口至%s%s", i+1, f.DestinationCountry, map[string]string{catalog.RuleProhibited: "禁止出口", catalog.RulePresumptionOfDenial: "原则上不予许可"}[ans.DestinationRule]))
		}
	}
	watch := false
	if sc := d.screener(); sc != nil {
		for _, p := range []struct{ role, roleZh, name, country string }{
			{"consignee", "境外收货人", f.ConsigneeName, f.ConsigneeCountry},
			{"end user", "最终用户", f.EndUserName, f.EndUserCountry},
		} {
			if strings.TrimSpace(p.name) == "" {
				continue
			}
			ms := sc.Screen(p.name, p.country, today)
			if len(ms) == 0 {
				continue
			}
			m := ms[0]
			c.Parties = append(c.Parties, PartyHit{Role: p.role, Name: p.name, List: m.Entry.List, Entry: m.Entry.Name, Score: m.Score,
				ListedOn: m.Entry.ListedOn.String(), Reference: m.Entry.Reference})
			if m.Entry.List == "CN-WATCH" {
				watch = true
				c.warn(fieldOf(p.role), fmt.Sprintf("the %s %q is on the watch list (%s, listed %s): no general licence; attach a risk assessment and the end-use and end-user undertakings", p.role, p.name, m.Entry.Name, m.Entry.ListedOn),
					fmt.Sprintf("%s“%s”在关注名单上（%s，%s列入）：不得申请通用许可，须提交风险评估报告及最终用户和最终用途承诺", p.roleZh, p.name, m.Entry.Name, m.Entry.ListedOn))
				continue
			}
			restricted = true
			c.warn(fieldOf(p.role), fmt.Sprintf("the %s %q matches %q on list %s (score %.2f, listed %s)", p.role, p.name, m.Entry.Name, m.Entry.List, m.Score, m.Entry.ListedOn),
				fmt.Sprintf("%s“%s”与%s名单中的“%s”匹配（相似度%.2f，%s列入）", p.roleZh, p.name, m.Entry.List, m.Entry.Name, m.Score, m.Entry.ListedOn))
		}
	}
	if watch {
		c.noLimit = "an importer or end user is on the watch list (art. 26(2))"
		for _, doc := range []struct{ kind, en, zh string }{{DocRiskAssess, "the risk assessment", "风险评估报告"}, {DocUndertaking, "the end-use and end-user undertakings", "最终用户和最终用途承诺"}} {
			if !has(doc.kind) {
				c.miss("documents/"+doc.kind, "a party is on the watch list: attach "+doc.en, "当事方在关注名单上：请上传"+doc.zh)
			}
		}
	}
	if f.Kind == core.KindGeneral {
		for _, doc := range []struct{ kind, en, zh string }{
			{DocCompliance, "the report on how the internal compliance programme runs", "内部合规制度运行情况说明"},
			{DocLicenceUse, "the report on the licences applied for and used", "出口许可证件申领及使用情况说明"},
			{DocChannels, "the report on the export channels and end users", "出口渠道及最终用户有关情况说明"},
		} {
			if !has(doc.kind) {
				c.miss("documents/"+doc.kind, "a general licence needs "+doc.en, "申请通用许可须上传"+doc.zh)
			}
		}
	}
	g, err := general(ctx, d, a, watch, restricted)
	if err != nil {
		return nil, err
	}
	c.General = g
	return c, nil
}

func fieldOf(role string) string {
	if role == "consignee" {
		return "consignee_name"
	}
	return "end_user_name"
}

func (d Deps) catalog() *catalog.Catalog {
	if d.Catalog == nil {
		return nil
	}
	return d.Catalog()
}

// screener is the server's party screener, or one over the lists in
// force when there is none.
func (d Deps) screener() *party.Screener {
	if d.Lodge.Screener != nil {
		return d.Lodge.Screener()
	}
	if d.Lodge.Lists != nil {
		return party.NewScreener(d.Lodge.Lists())
	}
	return nil
}
