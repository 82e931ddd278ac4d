package risk

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"orewatch/internal/core"
)

// The value band: a declared unit value more than valueFactor (or more,
// where the material's honest declarations scatter wider) below the lowest
// or above the highest market price around the day, and as far from what
// the other declarations of the material show, is anomalous.
const (
	valueFactor     = 1.8
	valueWindowPre  = 45 // days of prices before the declaration
	valueWindowPost = 15
	valueFallback   = 120 // days to the nearest price when none is in the window
	minPopulation   = 3   // other declarations of a material before their spread counts
	// smallPopFactor is the widest threshold fewer than 20 declarations
	// of a material can set.
	smallPopFactor = 2.5
)

type pricePoint struct {
	day    core.Date
	market string
	cnyKg  float64
}

// values runs VALUE_ANOMALY: each item's value per kilogram, in yuan,
// against the market prices of its material around the declared day.
func (x *detector) values(items []*core.DeclarationItem) {
	prices := x.priceTable()

	type cand struct {
		d      *core.DeclarationItem
		mat    string
		uv     float64
		lo, hi float64
		n      int
		resid  float64
	}
	var cs []cand
	population := map[string]int{}
	for _, d := range items {
		m := x.material(d.HSCode)
		if m == nil || len(prices[m.ID]) == 0 {
			continue
		}
		kg := weightOf(d)
		cny, ok := x.in.Ref.CNY(d.TotalValue.Float(), d.Currency, d.DeclaredAt)
		if kg <= 0 || !ok || cny <= 0 {
			continue
		}
		lo, hi, n := band(prices[m.ID], d.DeclaredAt)
		if n == 0 {
			continue
		}
		uv := cny / kg
		c := cand{d: d, mat: m.ID, uv: uv, lo: lo, hi: hi, n: n, resid: math.Log(uv / math.Sqrt(lo*hi))}
		cs = append(cs, c)
		population[m.ID]++
	}
	// How far honest declarations of each material sit outside the market
	// band sets its threshold: a floor of valueFactor, or twice the 90th
	// percentile of the distances, whichever is wider, so a market quoted
	// below what exporters really get does not flood the queue. And a whole
	// population priced off the market (a different quoting basis, a
	// currency mix-up) is not an anomaly of one declaration. Both read the
	// other declarations of the material: with a few, a declaration would
	// otherwise set its own threshold and excuse itself; with fewer than
	// minPopulation others, only the floor applies.
	outside := func(c cand) float64 {
		return math.Max(0, math.Max(math.Log(c.lo/c.uv), math.Log(c.uv/c.hi)))
	}
	byMat := map[string][]int{}
	for i, c := range cs {
		byMat[c.mat] = append(byMat[c.mat], i)
	}
	// offTogether: nine in ten of the other declarations of skip's
	// material lie outside the market band on skip's side.
	offTogether := func(idx []int, skip int) bool {
		above := cs[skip].uv > cs[skip].hi
		n, off := 0, 0
		for _, i := range idx {
			if i == skip {
				continue
			}
			n++
			if outside(cs[i]) > math.Log(valueFactor) && (cs[i].uv > cs[i].hi) == above {
				off++
			}
		}
		return n >= minPopulation && float64(off) >= 0.9*float64(n)
	}
	type stats struct{ lim, med float64 }
	popStats := func(idx []int, skip int) (stats, bool) {
		var ds, rs []float64
		for _, i := range idx {
			if i != skip {
				ds = append(ds, outside(cs[i]))
				rs = append(rs, cs[i].resid)
			}
		}
		if len(ds) < minPopulation {
			return stats{lim: math.Log(valueFactor)}, false
		}
		sort.Float64s(ds)
		med, _ := robust(rs)
		// The 90th percentile of a few declarations is their worst: with
		// under twenty, their median spread is what honest ones show.
		q := 0.9
		if len(ds) < 20 {
			q = 0.5
		}
		return stats{lim: math.Max(math.Log(valueFactor), 2*ds[int(q*float64(len(ds)-1))]), med: med}, true
	}
	whole := map[string]stats{}
	wholeOK := map[string]bool{}
	for mat, idx := range byMat {
		whole[mat], wholeOK[mat] = popStats(idx, -1)
	}
	for i, c := range cs {
		st, pop := whole[c.mat], wholeOK[c.mat]
		lim := st.lim
		if len(byMat[c.mat]) < 20 { // a large population barely moves without one of its own
			st, pop = popStats(byMat[c.mat], i)
			lim = st.lim
			// A few declarations cannot vouch for each other: where most
			// of a rarely exported material's are the same fraud (indium
			// ingots at a third of the market, eight of twelve, the other
			// four at it), their spread would excuse them all. Unless the
			// whole population is off the market the same way (a quoting
			// basis of its own), their threshold stops at smallPopFactor
			// and they are no population priced off the market.
			if !offTogether(byMat[c.mat], i) {
				lim, pop = math.Min(st.lim, math.Log(smallPopFactor)), false
			}
		}
		off := outside(c)
		if off <= lim {
			continue
		}
		if pop && math.Abs(c.resid-st.med) <= lim {
			continue
		}
		dir := "below"
		if c.uv > c.hi {
			dir = "above"
		}
		w := 0.45 + 0.3*clamp01((off-lim)/math.Log(4))
		ev := map[string]any{"material": c.mat, "unit_value_cny_kg": round(c.uv, 2), "market_low_cny_kg": round(c.lo, 2),
			"market_high_cny_kg": round(c.hi, 2), "prices_used": c.n, "factor": round(math.Exp(lim), 2), "direction": dir,
			"window_days": []int{-valueWindowPre, valueWindowPost},
			"population":  map[string]any{"declarations": population[c.mat], "median_log_ratio": round(st.med, 3)}}
		dirZh := "低于"
		if dir == "above" {
			dirZh = "高于"
		}
		x.add(c.d, core.Finding{Code: ValueAnomaly, Weight: w, Evidence: ev,
			Message:   fmt.Sprintf("declared %.2f CNY/kg is %s the %s market band %.2f–%.2f CNY/kg by more than %.1f× (%d prices around %s; threshold from %d declarations)", c.uv, dir, c.mat, c.lo, c.hi, math.Exp(lim), c.n, c.d.DeclaredAt, population[c.mat]),
			MessageZh: fmt.Sprintf("申报单价%.2f元/千克%s%s市场价区间%.2f–%.2f元/千克的%.1f倍以上（%s前后%d个价格；阈值基于%d票申报）", c.uv, dirZh, c.mat, c.lo, c.hi, math.Exp(lim), c.d.DeclaredAt, c.n, population[c.mat])})
	}
}

// priceTable is every price in yuan per kilogram by material, in date
// order, built once.
func (x *detector) priceTable() map[string][]pricePoint {
	if x.prices != nil {
		return x.prices
	}
	prices := map[string][]pricePoint{}
	for _, p := range x.in.Prices {
		v, ok := x.in.Ref.CNY(p.Price.Float(), p.Currency, p.Date)
		if !ok {
			continue
		}
		switch strings.ToLower(p.Unit) {
		case "t", "tonne", "吨", "mt":
			v /= 1000
		case "g", "克":
			v *= 1000
		}
		prices[p.Material] = append(prices[p.Material], pricePoint{p.Date, p.Market, v})
	}
	for _, ps := range prices {
		sort.Slice(ps, func(i, j int) bool { return ps[i].day.Before(ps[j].day) })
	}
	x.prices = prices
	return prices
}

// unitValue is an item's declared value in yuan per kilogram.
func (x *detector) unitValue(d *core.DeclarationItem) (float64, bool) {
	kg := weightOf(d)
	cny, ok := x.in.Ref.CNY(d.TotalValue.Float(), d.Currency, d.DeclaredAt)
	if kg <= 0 || !ok || cny <= 0 {
		return 0, false
	}
	return cny / kg, true
}

// hsMedians is the median unit value of each HS code with enough
// declarations to say what is usual.
func (x *detector) hsMedians(items []*core.DeclarationItem) map[string]float64 {
	by := map[string][]float64{}
	for _, d := range items {
		if uv, ok := x.unitValue(d); ok {
			// The code's own, and its subheading's, heading's and
			// chapter's (keyed by the prefix, a substring: nothing is
			// allocated per item): a code few declare (alloy samples
			// under 7326909000, iron articles) is valued against its family.
			by[d.HSCode] = append(by[d.HSCode], uv)
			for _, n := range [...]int{6, 4, 2} {
				if len(d.HSCode) > n {
					k := d.HSCode[:n]
					by[k] = append(by[k], uv)
				}
			}
		}
	}
	out := map[string]float64{}
	for k, vs := range by {
		if len(vs) >= 20 {
			out[k], _ = robust(vs)
		}
	}
	return out
}

// usualValue is the usual value per kilogram of goods under hs: its own
// code's median where 20 or more declare it, else its subheading's,
// heading's or chapter's, with the level found in both languages ("HS
// heading 7326", "品目7326"). A wider family is a coarser yardstick: the
// factor that makes an outlier of a value grows with it.
func usualValue(medians map[string]float64, hs string) (med, factor float64, en, zh string, ok bool) {
	if m, ok := medians[hs]; ok && m > 0 {
		return m, valueOutlier, "HS " + hs, "商品编号" + hs, true
	}
	for _, l := range [...]struct {
		n      int
		factor float64
		en, zh string
	}{{6, 2 * valueOutlier, "HS subheading ", "子目"}, {4, 3 * valueOutlier, "HS heading ", "品目"}, {2, 5 * valueOutlier, "HS chapter ", "第"}} {
		if len(hs) <= l.n {
			continue
		}
		if m, ok := medians[hs[:l.n]]; ok && m > 0 {
			zh := l.zh + hs[:l.n]
			if l.n == 2 {
				zh += "章"
			}
			return m, l.factor, l.en + hs[:l.n], zh, true
		}
	}
	return 0, 0, "", "", false
}

// band is the lowest and highest price (both markets) around day.
func band(ps []pricePoint, day core.Date) (lo, hi float64, n int) {
	from, to := day.AddDays(-valueWindowPre), day.AddDays(valueWindowPost)
	lo = math.Inf(1)
	for _, p := range ps {
		if p.day.Before(from) || p.day.After(to) {
			continue
		}
		lo, hi, n = math.Min(lo, p.cnyKg), math.Max(hi, p.cnyKg), n+1
	}
	if n > 0 {
		return lo, hi, n
	}
	// No price in the window: the nearest one within the fallback range.
	best, bestGap := -1, valueFallback+1
	for i, p := range ps {
		gap := int(math.Abs(p.day.Time().Sub(day.Time()).Hours() / 24))
		if gap < bestGap {
			best, bestGap = i, gap
		}
	}
	if best < 0 {
		return 0, 0, 0
	}
	return ps[best].cnyKg, ps[best].cnyKg, 1
}
