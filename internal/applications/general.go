package applications

import (
	"context"
	"fmt"

	"orewatch/internal/core"
)

// penaltyYears is how far back a serious administrative penalty bars a
// general licence (两用物项出口管制条例, art. 20(1)(2)).
const penaltyYears = 5

// general says whether a general licence is open to the application
// (art. 16(2), 20, 26(2)): the exporter is active in the ledger and runs
// an internal compliance programme; it has a record of licensed exports
// of the same goods; no licence of its was revoked in the past five years
// (the store's trace of a serious penalty; criminal penalties are not
// recorded here and are for the officer to check); it is not the Chinese
// arm of a party on the control list; and no party of the application is
// on the watch list or listed, nor the destination restricted.
func general(ctx context.Context, d Deps, a *core.LicenceApplication, watch, restricted bool) (General, error) {
	var g General
	no := func(en, zh string) {
		g.Why = append(g.Why, en)
		g.WhyZh = append(g.WhyZh, zh)
	}
	today := d.today()
	e, err := d.Store.Enterprises().Get(ctx, a.ExporterUSCC)
	switch {
	case core.ErrorCode(err) == core.ENOTFOUND:
		no("the exporter is not in the ledger", "出口经营者未列入台账")
	case err != nil:
		return g, err
	case e.Status != core.StatusActive:
		no(fmt.Sprintf("the exporter's ledger status is %s", e.Status), fmt.Sprintf("出口经营者台账状态为%s", e.Status))
	}
	if !a.Form.Compliance {
		no("the exporter declares no internal compliance programme (art. 16(2))", "出口经营者未声明建立出口管制内部合规制度（第十六条第二款）")
	}
	ls, _, err := d.Store.Licences().List(ctx, core.LicenceFilter{ExporterUSCC: a.ExporterUSCC, Limit: 1000})
	if err != nil {
		return g, err
	}
	held := map[string]bool{}
	since := today.AddDays(-365 * penaltyYears)
	for _, l := range ls {
		if l.Status == core.LicenceRevoked {
			full, err := d.Store.Licences().Get(ctx, l.No)
			if err != nil {
				return g, err
			}
			for _, ch := range full.Changes {
				if ch.Status == core.LicenceRevoked && !ch.EffectiveOn.Before(since) {
					no(fmt.Sprintf("licence %s of the exporter was revoked on %s (art. 20)", l.No, ch.EffectiveOn),
						fmt.Sprintf("出口经营者的许可证%s于%s被撤销（第二十条）", l.No, ch.EffectiveOn))
					break
				}
			}
		}
		if l.Extra["kind"] != string(core.KindGeneral) && !l.ValidFrom.After(today) {
			held[l.HSCode] = true
		}
	}
	for i, it := range a.Form.Items {
		if it.HSCode != "" && !held[it.HSCode] {
			no(fmt.Sprintf("item %d: the exporter has no record of licensed exports of %s (art. 16(2))", i+1, it.HSCode),
				fmt.Sprintf("第%d项：出口经营者无%s的许可出口记录（第十六条第二款）", i+1, it.HSCode))
		}
	}
	if e != nil {
		if sc := d.screener(); sc != nil {
			for _, m := range sc.Screen(e.Name, "CN", today) {
				if m.Entry.List == "CN-ECCL" && m.Score >= 0.93 {
					no(fmt.Sprintf("the exporter matches %q on the control list (art. 20(1)(3))", m.Entry.Name),
						fmt.Sprintf("出口经营者与管控名单中的“%s”匹配（第二十条第一款第三项）", m.Entry.Name))
					break
				}
			}
		}
	}
	if watch {
		no("an importer or end user is on the watch list (art. 26(2))", "进口商或最终用户在关注名单上（第二十六条第二款）")
	}
	if restricted {
		no("a party is listed or the destination is restricted", "当事方被列入名单或目的国受限")
	}
	g.Eligible = len(g.Why) == 0
	return g, nil
}
