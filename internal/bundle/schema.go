// Package bundle reads and writes the OreWatch data bundle (format 1,
// docs/bundle.md): a folder, .zip or bundle.xlsx of CSV tables plus
// EPCIS documents. Every row read is either converted to a domain value or
// reported as rejected with its file, line, column, value and reason.
package bundle

import (
	"strings"
	"sync"

	"orewatch/internal/textnorm"
)

// Column is one column of a table: its English name and the Chinese header
// names people use for it (Simplified; Traditional is matched by folding).
type Column struct {
	Name     string
	Zh       []string
	Required bool
}

// Table is one file of the bundle.
type Table struct {
	Name    string // file name without .csv, also the xlsx sheet name
	Columns []Column
}

func col(name string, required bool, zh ...string) Column {
	return Column{Name: name, Zh: zh, Required: required}
}

// Tables lists the bundle's tables in the order they are imported (things
// referred to before the things that refer to them).
var Tables = []Table{
	{"materials", []Column{
		col("material", true, "物料"), col("group", true, "类别"), col("hs_codes", false, "商品编号"),
		col("density_kg_m3", false, "密度"), col("made_from", false, "原料"),
	}},
	{"enterprises", []Column{
		col("uscc", true, "统一社会信用代码"), col("name", true, "企业名称"), col("province", true, "省份"),
		col("segments", true, "环节"), col("minerals", false, "矿种"), col("registered_on", false, "登记日期"),
		col("ledger_status", false, "台账状态"), col("compliance_program", false, "合规制度"), col("address", false, "地址"),
	}},
	{"parties", []Column{
		col("party_id", true, "主体编号"), col("name", true, "名称"), col("country", true, "国家"),
		col("address", false, "地址"), col("phone", false, "电话"), col("email", false, "邮箱"),
		col("registry_id", false, "注册号"), col("kind", false, "类型"),
	}},
	{"party_links", []Column{
		col("from_party", true, "主体"), col("to_party", true, "关联主体"), col("relation", true, "关系"), col("source", false, "来源"),
	}},
	{"entity_lists", []Column{
		col("list", true, "名单"), col("name", true, "名称"), col("aliases", false, "别名"), col("country", false, "国家"),
		col("listed_on", false, "列入日期"), col("delisted_on", false, "移出日期"), col("reference", false, "依据", "公告"),
	}},
	{"licences", []Column{
		col("licence_no", true, "许可证号"), col("exporter_uscc", true, "出口经营者代码"), col("status", true, "状态"),
		col("uses", false, "使用方式"), col("valid_from", true, "有效期起", "有效期自"), col("valid_to", true, "有效期止", "有效期至"),
		col("hs_code", true, "商品编号"), col("control_code", false, "管制编码"), col("goods_name", false, "商品名称"),
		col("quantity", true, "数量"), col("unit", true, "单位"), col("destination", true, "目的国"),
		col("consignee_name", false, "收货人"), col("end_user_name", false, "最终用户"), col("end_use", false, "最终用途"),
	}},
	{"declarations", []Column{
		col("declaration_no", true, "报关单号"), col("item_no", true, "项号"), col("declared_at", true, "申报日期"),
		col("exporter_uscc", true, "境内发货人代码"), col("exporter_name", false, "境内发货人"),
		col("producer_uscc", false, "生产销售单位代码"), col("agent_uscc", false, "申报单位代码"),
		col("customs_office", false, "出境关别"), col("transport_mode", true, "运输方式"),
		col("bill_of_lading", false, "提运单号"), col("containers", false, "集装箱号"), col("trade_mode", false, "监管方式"),
		col("trading_country", false, "贸易国"), col("destination_country", true, "最终目的国"),
		col("consignee_name", true, "境外收货人"), col("consignee_country", false, "收货人国家"),
		col("consignee_address", false, "收货人地址"), col("licence_no", false, "许可证号"),
		// The item columns also go by the names clerks give them in their
		// own goods lists (a draft's spreadsheet for the self-check).
		col("hs_code", true, "商品编号", "HS编码", "商品编码", "海关编码", "税则号列"),
		col("goods_name", true, "商品名称", "品名", "货物名称", "description", "goods description"),
		col("goods_spec", false, "规格型号", "规格", "specification", "spec"), col("quantity", true, "数量", "申报数量", "成交数量", "qty"),
		col("unit", true, "单位", "申报单位", "成交单位", "计量单位"), col("net_weight_kg", true, "净重", "net weight"),
		col("gross_weight_kg", true, "毛重", "gross weight"),
		col("packages", false, "件数"), col("unit_price", false, "单价"), col("total_value", true, "总价", "总金额", "total price", "amount"),
		col("currency", true, "币制", "币种"), col("incoterm", false, "成交方式"), col("origin_country", false, "原产国"),
		col("remarks", false, "备注", "remark", "notes"),
	}},
	{"manifests", []Column{
		col("bill_of_lading", true, "提运单号"), col("container_no", true, "集装箱号"), col("vgm_kg", true, "核实总重", "VGM"),
		col("tare_kg", false, "皮重"), col("size", false, "尺寸", "箱型"), col("port_of_loading", false, "装货港"),
		col("port_of_discharge", false, "卸货港"), col("transshipment_port", false, "中转港"),
	}},
	{"prices", []Column{
		col("material", true, "物料"), col("market", true, "市场"), col("date", true, "日期"), col("price", true, "价格"),
		col("currency", true, "币制"), col("unit", true, "单位"),
	}},
}

// TableByName returns the table definition.
func TableByName(name string) (Table, bool) {
	for _, t := range Tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// headerKey folds a header cell for matching: script, width, case,
// spaces, a leading BOM, a required-marker "*" and a trailing unit in
// brackets ("净重(千克)") are ignored.
func headerKey(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = textnorm.Fold(s)
	s = strings.Trim(s, "*＊ ")
	for _, open := range []string{"(", "（", "["} {
		if i := strings.Index(s, open); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	return headerSeparators.Replace(s)
}

var headerSeparators = strings.NewReplacer(" ", "", "_", "", "-", "")

// resolveHeader maps each header cell to a column name; cells that match
// no column are kept under their own header as extra attributes.
func (t Table) resolveHeader(cells []string) (names []string, known []bool) {
	index := headerIndex(t)
	names = make([]string, len(cells))
	known = make([]bool, len(cells))
	for i, h := range cells {
		if n, ok := index[h]; ok { // the API sends the canonical names: no folding
			names[i], known[i] = n, true
		} else if n, ok := index[headerKey(h)]; ok {
			names[i], known[i] = n, true
		} else {
			names[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		}
	}
	return names, known
}

// headerIndex maps every folded name of a table's columns, and each
// column's own name as written, to the column. Built once per table: each
// API call reads one row under a header, and folding every alias (script
// conversion included) for it was a twentieth of a lodging.
func headerIndex(t Table) map[string]string {
	if m, ok := headerIndexes.Load(t.Name); ok {
		return m.(map[string]string)
	}
	index := map[string]string{}
	for _, c := range t.Columns {
		index[headerKey(c.Name)] = c.Name
		for _, z := range c.Zh {
			index[headerKey(z)] = c.Name
		}
	}
	for _, c := range t.Columns {
		index[c.Name] = c.Name
	}
	m, _ := headerIndexes.LoadOrStore(t.Name, index)
	return m.(map[string]string)
}

// headerIndexes holds headerIndex's maps by table name; the tables are
// fixed, so it holds at most one map per table.
var headerIndexes sync.Map

// Canonical is the English name of a column given under any of its
// names (English, 简体, 繁體), or "" when the table has no such column.
func (t Table) Canonical(h string) string {
	names, known := t.resolveHeader([]string{h})
	if known[0] {
		return names[0]
	}
	return ""
}
