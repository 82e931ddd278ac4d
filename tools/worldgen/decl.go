package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

type Licence struct {
	No, Exporter, Status, Uses string
	From, To                   time.Time
	HS, Code, Goods            string
	Qty                        float64
	Unit                       string
	Dest, Consignee, EndUser   string
	EndUse                     string
	Planted                    bool // used only by planted declarations
}

func (l *Licence) qtyKg() float64 {
	switch l.Unit {
	case "t":
		return l.Qty * 1000
	case "g":
		return l.Qty / 1000
	}
	return l.Qty
}

type Item struct {
	No               int
	Mat, True        *Material // declared / actual
	HS, Name, Spec   string
	Qty              float64
	Unit             string
	Net, Gross       float64
	ActualNet        float64
	Packages         int
	UnitPrice, Total float64
	LicNo            string
	Stmt             string // pos, neg, none, ambig
	StmtCode         string
}

type Decl struct {
	No                         string
	Date                       time.Time
	Exp                        *Enterprise
	ExpName                    string
	Producer, Agent            string
	Office                     *Office
	Mode                       int
	BL                         string
	Containers                 []string
	TradeMode                  string
	TradingCountry, Dest       string
	Cons                       *Party
	ConsName, ConsAddr         string
	Currency, Incoterm         string
	Remarks                    string
	Items                      []*Item
	Tags                       map[string]string // planted code -> variant
	Payload                    float64           // actual payload / declared gross (carrier data)
	ForceSize, ForceContainers int
	DestPort, TransPort        string
	EndUser                    string // end user named in remarks (if any)
	EndUserParty               *Party
	Consolidated               bool
	NoDepart                   bool // no EPCIS departure even if exporter keeps books
	contract, lot, misc        string
	extraLicMention            bool
	Planted                    bool
}

func (d *Decl) tag(code, variant string) {
	if d.Tags == nil {
		d.Tags = map[string]string{}
	}
	d.Tags[code] = variant
	d.Planted = true
}

func (d *Decl) gross() float64 {
	s := 0.0
	for _, it := range d.Items {
		s += it.Gross
	}
	return s
}

type Line struct {
	Mat, True *Material
	Kg        float64 // declared net kg
	Actual    float64 // actual net kg (0 = same)
	Lic       *Licence
	LicNo     string
	Stmt      string // "" = automatic
	Code      string
	Ratio     float64 // declared unit value / market of the priced material (0 = random normal)
	PriceMat  *Material
	USDkg     float64 // explicit USD/kg
	InT       bool
	Name      string
	Spec      string
}

type DOpts struct {
	Exp       *Enterprise
	ExpName   string
	Producer  *Enterprise
	NoProd    bool
	Party     *Party
	ConsName  string
	Dest      string
	Trading   string
	Date      time.Time
	Mode      int
	Office    *Office
	TradeMode string
	Currency  string
	Lines     []Line
}

// officeFor picks a customs office for the exporter and transport mode.
func officeFor(r *R, e *Enterprise, mode int, dest string) *Office {
	l := e.Loc
	switch mode {
	case 5:
		return offices[l.Air]
	case 6:
		return offices[l.Post]
	case 4:
		if dest == "VN" {
			return offices[pick(r, []string{"7205", "8611"})]
		}
		if dest == "RU" {
			return offices["0604"]
		}
		return offices["9401"]
	case 3:
		if dest == "RU" {
			return offices["0604"]
		}
		if l.Prov == "430000" && r.P(0.5) {
			return offices["4914"]
		}
		return offices["9401"]
	}
	var sea []string
	for _, c := range l.Ports {
		if offices[c] != nil && offices[c].Mode == 2 {
			sea = append(sea, c)
		}
	}
	if len(sea) == 0 {
		sea = []string{"2248"}
	}
	return offices[pick(r, sea)]
}

func (w *World) pickCurrency(r *R, dest string) string {
	switch {
	case dest == "JP" && r.P(0.25):
		return "JPY"
	case (dest == "DE" || dest == "FR" || dest == "IT" || dest == "NL" || dest == "BE" || dest == "ES" || dest == "PL") && r.P(0.35):
		return "EUR"
	case r.P(0.06):
		return "CNY"
	case dest == "HK" && r.P(0.3):
		return "HKD"
	}
	return "USD"
}

func (w *World) newDecl(r *R, o DOpts) *Decl {
	d := &Decl{Date: o.Date, Exp: o.Exp, Mode: o.Mode, Cons: o.Party, Dest: o.Dest, Payload: 1}
	if d.Dest == "" {
		d.Dest = o.Party.Country
	}
	d.ExpName = o.ExpName
	if d.ExpName == "" {
		d.ExpName = o.Exp.Name
	}
	d.Office = o.Office
	if d.Office == nil {
		d.Office = officeFor(r, o.Exp, o.Mode, d.Dest)
	}
	d.TradeMode = o.TradeMode
	if d.TradeMode == "" {
		d.TradeMode = "0110"
		if o.Mode == 6 && r.P(0.3) {
			d.TradeMode = "3010"
		}
	}
	d.TradingCountry = o.Trading
	if d.TradingCountry == "" {
		d.TradingCountry = d.Dest
	}
	d.ConsName = o.ConsName
	if d.ConsName == "" {
		d.ConsName = o.Party.Name
	}
	d.ConsAddr = o.Party.Address
	d.Currency = o.Currency
	if d.Currency == "" {
		d.Currency = w.pickCurrency(r, d.Dest)
	}
	d.Incoterm = []string{"FOB", "CIF", "CFR", "FCA", "EXW", "DAP", "CIP"}[wpick(r, []float64{48, 24, 10, 7, 3, 6, 2})]
	if o.Mode == 5 && (d.Incoterm == "FOB" || d.Incoterm == "CIF" || d.Incoterm == "CFR") {
		d.Incoterm = pick(r, []string{"FCA", "CPT", "CIP"})
	}
	if len(w.brokers) > 0 && r.P(0.7) {
		d.Agent = pick(r, w.brokers).USCC
	} else {
		d.Agent = o.Exp.USCC
	}
	if o.Producer != nil {
		d.Producer = o.Producer.USCC
	} else if !o.NoProd && o.Exp.InLedger && r.P(0.5) {
		d.Producer = o.Exp.USCC
	}
	for i, ln := range o.Lines {
		d.Items = append(d.Items, w.makeItem(r, d, i+1, ln))
	}
	// remark ingredients
	if r.P(0.6) {
		d.contract = contractNo(r, o.Exp, d.Date)
	}
	if r.P(0.42) {
		d.lot = lotNo(r, d.Date)
	}
	if r.P(0.2) {
		d.misc = pick(r, []string{"唛头：N/M", "自拼箱", "随附装箱单", "原产地证书号：C" + digits(r, 9), "委托报关", "Shipping mark: N/M", "货物存放于监管仓库", "分批出运"})
	}
	d.extraLicMention = r.P(0.3)
	return d
}

func contractNo(r *R, e *Enterprise, d time.Time) string {
	yy := d.Year() % 100
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("HT%02d%04d", yy, r.I(1, 9999))
	case 1:
		return fmt.Sprintf("SC-%02d-%04d", yy, r.I(1, 2999))
	case 2:
		return fmt.Sprintf("%s%02d%02d%03d", e.Abbr, yy, int(d.Month()), r.I(1, 999))
	}
	return fmt.Sprintf("%s-EX-%02d%03d", e.Abbr, yy, r.I(1, 999))
}

// lotNo looks like codes (2B12345, 3A00127) but never like a 1C9xx control code.
func lotNo(r *R, d time.Time) string {
	switch r.IntN(3) {
	case 0:
		for {
			a := r.I(1, 9)
			l := upper(r, 1)
			if a == 1 && l == "C" {
				continue
			}
			return fmt.Sprintf("%d%s%s", a, l, digits(r, 5))
		}
	case 1:
		return fmt.Sprintf("%s%s-%02d", upper(r, 2), d.Format("060102"), r.I(1, 12))
	}
	return fmt.Sprintf("%d%s%s", r.I(2, 9), upper(r, 1), digits(r, 5))
}

func (w *World) makeItem(r *R, d *Decl, no int, ln Line) *Item {
	m := ln.Mat
	it := &Item{No: no, Mat: m, True: ln.True, HS: m.HS}
	if it.True == nil {
		it.True = m
	}
	it.Name = ln.Name
	if it.Name == "" {
		it.Name = pick(r, m.Names)
	}
	it.Spec = ln.Spec
	if it.Spec == "" && len(m.Specs) > 0 {
		it.Spec = pick(r, m.Specs)
	}
	kg := ln.Kg
	switch {
	case m.Unit != "kg":
		it.Qty = math.Max(1, math.Round(kg/m.UnitKg))
		it.Unit = m.Unit
		kg = it.Qty * m.UnitKg * r.F(0.97, 1.03)
		it.Net = round(kg, 0.1)
	case ln.InT:
		it.Net = round(kg, 1)
		it.Qty = round(it.Net/1000, 0.001)
		it.Net = it.Qty * 1000
		it.Unit = "t"
	default:
		if kg >= 1000 {
			it.Net = round(kg, 5)
		} else if kg >= 10 {
			it.Net = round(kg, 0.5)
		} else {
			it.Net = round(kg, 0.01)
		}
		it.Qty = it.Net
		it.Unit = "kg"
	}
	it.ActualNet = it.Net
	if ln.Actual > 0 {
		it.ActualNet = ln.Actual
	}
	gf := m.GrossF
	if gf == 0 {
		gf = 1.02
	}
	it.Gross = round(it.Net*gf*r.F(1.0, 1.004)+extraPack(r, it.Net), 0.1)
	if it.Gross < it.Net {
		it.Gross = it.Net
	}
	pk := m.PackKg
	if pk == 0 {
		pk = 25
	}
	it.Packages = int(math.Max(1, math.Ceil(it.Net/pk)))
	// value
	usdkg := ln.USDkg
	if usdkg == 0 {
		pm := ln.PriceMat
		if pm == nil {
			pm = m
		}
		base := 0.0
		if pm.Priced() {
			base = w.intlUSDkg(pm, d.Date)
		} else {
			base = pm.UnitUSD / pm.UnitKg
		}
		ratio := ln.Ratio
		if ratio == 0 {
			ratio = r.F(0.84, 1.16)
			if m.Min > 0 && ln.Kg < m.Min/2 {
				ratio = r.F(1.1, 1.38) // small lots sell dearer
			}
		}
		usdkg = base * ratio
	}
	totalUSD := usdkg * it.Net
	it.Total = round2(totalUSD / usdPer(d.Currency, d.Date))
	if it.Total < 1 {
		it.Total = 1
	}
	it.UnitPrice = math.Round(it.Total/it.Qty*10000) / 10000
	if ln.Lic != nil {
		it.LicNo = ln.Lic.No
	} else {
		it.LicNo = ln.LicNo
	}
	// statement
	it.Stmt, it.StmtCode = ln.Stmt, ln.Code
	if it.Stmt == "" {
		if m.Controlled(d.Date) {
			it.Stmt, it.StmtCode = "pos", m.Code
		} else if m.Mineral() {
			it.Stmt = pick(r, []string{"neg", "neg", "none", "none", "none"})
		} else if r.P(0.08) {
			it.Stmt = "neg"
		} else {
			it.Stmt = "none"
		}
	}
	return it
}

func extraPack(r *R, net float64) float64 {
	if net < 100 {
		return r.F(0.5, 4)
	}
	return 0
}

// ---------- remarks ----------

type phrases struct {
	posCode, posNo, neg, ambig []string
	itemFmt, sep               string
	contract, lic, lot, eu     []string
}

var styleZh = phrases{
	posCode: []string{"本批货物属于两用物项出口管制物项，管制编码%s", "是否属于管制物项：是；出口管制编码：%s", "属于管制物项，管制编码%s", "该商品属于管制物项（管制编码：%s）"},
	posNo:   []string{"本批货物属于两用物项出口管制物项", "是否属于管制物项：是", "属于管制物项", "该商品属于出口管制物项"},
	neg:     []string{"不属于管制物项", "是否属于管制物项：否", "本商品不属于出口管制物项", "非两用物项，不属于管制物项"},
	ambig:   []string{"是否属于管制物项：/", "管制物项：待确认", "是否管制：见附件"},
	itemFmt: "第%d项%s", sep: "；",
	contract: []string{"合同号：%s", "合同号%s"}, lic: []string{"许可证号%s", "两用物项出口许可证：%s"}, lot: []string{"批号%s", "发票号%s"}, eu: []string{"最终用户：%s"},
}
var styleTerse = phrases{
	posCode: []string{"管制物项 是 %s", "属管制物项/%s", "管制编码%s 属于管制物项", "管制物项：是 %s"},
	posNo:   []string{"管制物项 是", "属管制物项", "管制物项：是"},
	neg:     []string{"非管制物项", "管制物项 否", "非管制"},
	ambig:   []string{"管制物项：/", "管制：待定"},
	itemFmt: "项%d %s", sep: " ",
	contract: []string{"HT:%s", "合同%s"}, lic: []string{"证号%s", "许可证%s"}, lot: []string{"批号%s", "INV-%s"}, eu: []string{"最终用户%s"},
}
var styleHant = phrases{
	posCode: []string{"屬於管制物項，管制編碼%s", "是否屬於管制物項：是；管制編碼：%s", "本批貨物屬於兩用物項出口管制物項（%s）"},
	posNo:   []string{"屬於管制物項", "是否屬於管制物項：是"},
	neg:     []string{"不屬於管制物項", "是否屬於管制物項：否", "非管制物項"},
	ambig:   []string{"是否屬於管制物項：/", "管制物項：待核"},
	itemFmt: "第%d項%s", sep: "；",
	contract: []string{"合同號：%s"}, lic: []string{"許可證號%s"}, lot: []string{"批號%s", "發票號%s"}, eu: []string{"最終用戶：%s"},
}
var styleEn = phrases{
	posCode: []string{"Controlled item: YES. Control code %s", "Dual-use item subject to PRC export control, control code %s", "CONTROLLED ITEM (%s)", "Export control status: controlled, ECCN(CN) %s"},
	posNo:   []string{"Controlled item: YES", "Dual-use item subject to PRC export control", "CONTROLLED ITEM"},
	neg:     []string{"Not a controlled item", "NON-CONTROLLED ITEM", "Not subject to export control", "Controlled item: NO"},
	ambig:   []string{"Controlled: N/A", "Control status: TBD"},
	itemFmt: "Item %d: %s", sep: "; ",
	contract: []string{"Contract No. %s", "S/C NO.%s"}, lic: []string{"Licence No.: %s", "License#%s"}, lot: []string{"LOT NO. %s", "INV-%s"}, eu: []string{"End user: %s"},
}
var styleMixed = phrases{
	posCode: []string{"属于管制物项 Controlled item %s", "是否管制物项 YES，编码 %s", "管制物项 controlled, code:%s"},
	posNo:   []string{"属于管制物项 Controlled item", "是否管制物项 YES"},
	neg:     []string{"非管制物项 Not controlled", "是否管制物项 NO", "不属于管制物项 NON-CONTROLLED"},
	ambig:   []string{"是否管制物项 /", "管制 TBD"},
	itemFmt: "第%d项 %s", sep: "，",
	contract: []string{"合同号 %s", "Contract %s"}, lic: []string{"许可证 %s", "Lic.%s"}, lot: []string{"LOT %s", "批号%s"}, eu: []string{"End user/最终用户：%s"},
}

var styles = []phrases{styleZh, styleTerse, styleHant, styleEn, styleMixed}

func stmtPhrase(r *R, ph phrases, kind, code string, short bool) string {
	switch kind {
	case "pos":
		if code != "" {
			if short {
				return fmt.Sprintf(pick(r, ph.posCode[2:3]), code)
			}
			return fmt.Sprintf(pick(r, ph.posCode), code)
		}
		return pick(r, ph.posNo)
	case "neg":
		return pick(r, ph.neg)
	case "ambig":
		return pick(r, ph.ambig)
	}
	return ""
}

func (w *World) renderRemarks(r *R, d *Decl) {
	ph := styles[d.Exp.Style]
	var stated []*Item
	for _, it := range d.Items {
		if it.Stmt != "none" {
			stated = append(stated, it)
		}
	}
	var stmt string
	if len(stated) > 0 {
		same := true
		for _, it := range stated[1:] {
			if it.Stmt != stated[0].Stmt || it.StmtCode != stated[0].StmtCode {
				same = false
			}
		}
		if same && (len(stated) == len(d.Items) || len(stated) == 1) {
			stmt = stmtPhrase(r, ph, stated[0].Stmt, stated[0].StmtCode, false)
		} else {
			var parts []string
			for _, it := range stated {
				parts = append(parts, fmt.Sprintf(ph.itemFmt, it.No, stmtPhrase(r, ph, it.Stmt, it.StmtCode, true)))
			}
			stmt = strings.Join(parts, ph.sep)
		}
	}
	var parts []string
	if d.contract != "" {
		parts = append(parts, fmt.Sprintf(pick(r, ph.contract), d.contract))
	}
	if stmt != "" {
		if r.P(0.5) {
			parts = append([]string{stmt}, parts...)
		} else {
			parts = append(parts, stmt)
		}
	}
	if d.extraLicMention {
		for _, it := range d.Items {
			if it.LicNo != "" {
				parts = append(parts, fmt.Sprintf(pick(r, ph.lic), it.LicNo))
				break
			}
		}
	}
	if d.EndUser != "" {
		parts = append(parts, fmt.Sprintf(pick(r, ph.eu), d.EndUser))
	}
	if d.lot != "" {
		parts = append(parts, fmt.Sprintf(pick(r, ph.lot), d.lot))
	}
	if d.misc != "" {
		parts = append(parts, d.misc)
	}
	d.Remarks = strings.Join(parts, ph.sep)
}

// ---------- licences ----------

func (w *World) newLicence(r *R, exp *Enterprise, m *Material, dest, consignee string, from time.Time, days int, qtyKg float64, uses string) *Licence {
	w.licSeq++
	prov := exp.Loc.Prov[:2]
	var no string
	for {
		no = fmt.Sprintf("%02dSL%s%05d", from.Year()%100, prov, r.I(100, 99999))
		if w.licBy[no] == nil && !w.fakeLic(no) {
			break
		}
	}
	l := &Licence{No: no, Exporter: exp.USCC, Status: "valid", Uses: uses, From: from, To: addDays(from, days), HS: m.HS, Code: m.Code, Goods: m.Names[0], Dest: dest, Consignee: consignee, EndUser: consignee}
	if len(m.EndUses) > 0 {
		l.EndUse = pick(r, m.EndUses)
	}
	// unit and quantity (never below what is needed)
	switch {
	case qtyKg >= 5000 && r.P(0.5):
		l.Unit = "t"
		l.Qty = math.Ceil(qtyKg/100) / 10
	case qtyKg < 5 && r.P(0.5):
		l.Unit = "g"
		l.Qty = math.Ceil(qtyKg * 1000)
	default:
		l.Unit = "kg"
		l.Qty = math.Ceil(qtyKg)
	}
	w.Lics = append(w.Lics, l)
	w.licBy[no] = l
	return l
}

var fakeLics = map[string]bool{}

// redate moves a licence's validity and keeps its number's year prefix in step.
func (w *World) redate(l *Licence, from, to time.Time) {
	l.From, l.To = from, to
	yy := fmt.Sprintf("%02d", from.Year()%100)
	if strings.HasPrefix(l.No, yy) {
		return
	}
	old := l.No
	nn := yy + old[2:]
	r := w.r.Fork("redate" + old)
	for w.licBy[nn] != nil || fakeLics[nn] {
		nn = yy + old[2:len(old)-5] + digits(r, 5)
	}
	delete(w.licBy, old)
	l.No = nn
	w.licBy[nn] = l
	for _, d := range w.Decls {
		for _, it := range d.Items {
			if it.LicNo == old {
				it.LicNo = nn
			}
		}
	}
}

func (w *World) fakeLic(no string) bool { return fakeLics[no] }
