package lodge

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

// Advice is what an exporter needs to lodge one item as customs will see
// it: controlled or not and on which measures, the remarks to write, and
// its own licences that could cover the item with what is left of each.
type Advice struct {
	ItemNo          int      `json:"item_no"`
	HSCode          string   `json:"hs_code"`
	Controlled      bool     `json:"controlled"`
	LicenceRequired bool     `json:"licence_required"`
	DestinationRule string   `json:"destination_rule"`
	ControlCodes    []string `json:"control_codes"`
	RemarksZh       string   `json:"remarks_zh"`
	RemarksEn       string   `json:"remarks_en"`
	// Basis names the measures, in Chinese and in English.
	BasisZh  []string   `json:"basis_zh"`
	BasisEn  []string   `json:"basis_en"`
	Licences []Coverage `json:"licences"`
	// Lookup is the catalogue's whole answer, for pages.
	Lookup *catalog.Answer `json:"-"`
}

// Coverage is one of the exporter's licences that could cover an item.
type Coverage struct {
	Licence *core.Licence `json:"licence"`
	LeftKg  float64       `json:"left_kg"`
	Fits    bool          `json:"fits"` // the item's quantity fits what is left
}

// Advise answers each item of a draft.
func Advise(ctx context.Context, d Deps, items []*core.DeclarationItem) ([]Advice, error) {
	out := make([]Advice, 0, len(items))
	for _, it := range items {
		look := d.Catalog.Lookup(catalog.Query{HS: it.HSCode, Date: it.DeclaredAt, Destination: it.DestinationCountry, Text: it.GoodsName + " " + it.GoodsSpec})
		a := Advice{ItemNo: it.ItemNo, HSCode: it.HSCode, Controlled: look.Controlled, LicenceRequired: look.LicenceRequired, DestinationRule: look.DestinationRule,
			ControlCodes: controlCodes(&look), Licences: []Coverage{}, Lookup: &look}
		a.RemarksZh, a.RemarksEn = Remarks(&look)
		a.BasisZh, a.BasisEn = basis(d.Catalog, &look)
		if look.LicenceRequired {
			cov, err := covering(ctx, d.Store, it)
			if err != nil {
				return nil, err
			}
			a.Licences = cov
		}
		out = append(out, a)
	}
	return out, nil
}

// controlCodes are the codes to write: each item's control code, or the
// unified list's code where its announcement printed none.
func controlCodes(a *catalog.Answer) []string {
	codes := []string{}
	for _, it := range a.Items {
		if c := cmp.Or(it.ControlCode, it.ListCode); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return codes
}

// Remarks is the statement the remarks (备注) must carry, in Chinese and
// English, with the control codes of the items the code lists.
func Remarks(a *catalog.Answer) (zh, en string) {
	if !a.Controlled {
		return "是否属于管制物项：否", "Controlled item: no"
	}
	codes := controlCodes(a)
	if len(codes) == 0 {
		return "是否属于管制物项：是（公告未列出管制编码，请按许可证所载编码填写）", "Controlled item: yes (the announcement gives no control code: write the licence's)"
	}
	return "是否属于管制物项：是；两用物项出口管制编码：" + strings.Join(codes, "、"), "Controlled item: yes; dual-use export control code: " + strings.Join(codes, ", ")
}

// basis names the measures that control the goods, with their dates.
func basis(c *catalog.Catalog, a *catalog.Answer) (zh, en []string) {
	seen := map[string]bool{}
	zh, en = []string{}, []string{}
	for _, it := range a.Items {
		if seen[it.Measure] {
			continue
		}
		seen[it.Measure] = true
		if m, ok := c.Measure(it.Measure); ok {
			zh = append(zh, fmt.Sprintf("%s (%s, %s): %s", m.TitleZh, m.ID, m.Effective, it.NameZh))
			en = append(en, fmt.Sprintf("%s (%s, %s): %s", m.TitleEn, m.ID, m.Effective, it.NameEn))
		}
	}
	return zh, en
}

// covering are the exporter's licences for the item's HS code and
// destination valid on its day, with what is left of each.
func covering(ctx context.Context, s core.Store, it *core.DeclarationItem) ([]Coverage, error) {
	ls, _, err := s.Licences().List(ctx, core.LicenceFilter{ExporterUSCC: it.ExporterUSCC, ValidOn: it.DeclaredAt, Limit: 1000})
	if err != nil {
		return nil, err
	}
	need := 0.0
	if kg, err := core.ToKg(it.Quantity, it.Unit); err == nil {
		need = kg.Float()
	}
	out := []Coverage{}
	for _, l := range ls {
		if l.HSCode != it.HSCode || (l.Destination != "" && l.Destination != it.DestinationCountry) || l.StatusOn(it.DeclaredAt) != core.LicenceValid {
			continue
		}
		limit, err := core.ToKg(l.Quantity, l.Unit)
		if err != nil {
			continue
		}
		drawn, err := s.Lodgements().Drawn(ctx, l.No, "")
		if err != nil {
			return nil, err
		}
		left := max(0, limit.Float()-drawn)
		out = append(out, Coverage{Licence: l, LeftKg: left, Fits: need <= left+1e-6})
	}
	return out, nil
}
