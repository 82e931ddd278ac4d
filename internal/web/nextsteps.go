package web

import (
	"encoding/json"
)

// nextStep is what an officer does with an alert of a code, and on what
// legal footing, in both languages.
type nextStep struct {
	Zh, En           string
	BasisZh, BasisEn string
}

// nextSteps follow the customs and export-control procedure for each
// finding: what to check before the goods are released, and what the law
// behind the finding is.
var nextSteps = map[string]nextStep{
	"CONTROL_UNDECLARED": {"要求申报人补正备注（是否属于管制物项及两用物项出口管制编码），核对商品编号与物项描述；未如实申报的，按伪报查验。",
		"Ask the declarant to correct the remarks (whether the goods are controlled items, and the dual-use control code); check the HS code against the goods; treat an untrue statement as false declaration and inspect.",
		"《两用物项出口管制条例》；商务部 海关总署相关公告关于报关单备注栏填报的要求", "Regulations on Export Control of Dual-use Items; the MOFCOM-GAC announcements' requirement to state control status in the remarks"},
	"LICENCE_MISSING": {"暂停放行，要求出口经营者提交两用物项出口许可证；无证的，移交缉私部门按走私或违规出口调查。",
		"Hold the goods and ask the exporter for the dual-use export licence; without one, refer to the anti-smuggling bureau as an unlicensed export.",
		"《出口管制法》第十二条、第三十四条", "Export Control Law, art. 12 and 34"},
	"LICENCE_INVALID": {"核实许可证状态（有效期、暂停、撤销、持证人、一批一证是否已使用），向商务主管部门核查后决定是否放行。",
		"Verify the licence with the commerce department (validity, suspension, revocation, holder, single use already spent) before release.",
		"《两用物项出口管制条例》关于许可证件使用的规定", "Regulations on Export Control of Dual-use Items, on the use of licences"},
	"LICENCE_MISMATCH": {"比对许可证与报关单的商品编号、目的国、收货人；不一致的，要求更正或重新申领许可证，并查验货物。",
		"Compare licence and declaration (HS code, destination, consignee); ask for a correction or a new licence and inspect the goods.",
		"《两用物项出口管制条例》", "Regulations on Export Control of Dual-use Items"},
	"LICENCE_EXCEEDED": {"超出许可数量部分不予放行，通知商务主管部门核销情况。",
		"Release no more than the licence's remaining quantity; tell the commerce department how it was drawn down.",
		"《两用物项出口管制条例》", "Regulations on Export Control of Dual-use Items"},
	"DESTINATION_PROHIBITED": {"按管制措施对该目的国、最终用户的规定处理：禁止出口的不予放行；原则上不予许可的，核实许可证及最终用户、最终用途证明。",
		"Apply the measure for that destination and end user: stop prohibited exports; for presumption of denial, verify the licence and the end-user and end-use certificates.",
		"商务部公告2024年第46号等目的国措施", "MOFCOM Announcement 2024 No. 46 and the other destination measures"},
	"END_USER_LISTED": {"核对收货人、最终用户与管控名单条目是否为同一主体（名称、地址、注册号）；确认的，不予放行并报商务部。",
		"Confirm whether consignee or end user is the listed entity (name, address, registry number); if so, hold the goods and report to MOFCOM.",
		"《出口管制法》第十八条（管控名单）；《不可靠实体清单规定》", "Export Control Law, art. 18 (control list); Provisions on the Unreliable Entity List"},
	"UNREGISTERED_ENTERPRISE": {"通知所在省份台账（摸排）责任部门核实企业资质与台账状态；未登记即经营管制物项的，纳入重点监管。",
		"Ask the province's ledger office to verify the enterprise and its ledger status; one trading controlled goods outside the ledger is put under close watch.",
		"全链条管控的台账管理要求", "the ledger (台账) requirement of full-chain control"},
	"MISDECLARATION": {"开箱查验并取样化验（成分、纯度）；对比申报价格与市场价、企业台账与流向记录；确认伪报的，移交缉私部门。",
		"Inspect and sample the goods (composition, purity); compare the declared value with the market and the enterprise's books and flows; refer confirmed false declaration to the anti-smuggling bureau.",
		"《海关法》第八十二条、第八十六条；《出口管制法》第三十四条", "Customs Law, art. 82 and 86; Export Control Law, art. 34"},
	"UNDERDECLARATION": {"以舱单、VGM称重数据为准复核重量；差额较大的，查验货物。",
		"Re-weigh against the manifest's verified gross mass; inspect where the gap is large.",
		"《海关法》第二十四条", "Customs Law, art. 24"},
	"CONCEALMENT": {"对集装箱实施查验（必要时机检），核查是否夹带管制物项。",
		"Inspect the container (scan if needed) for controlled goods hidden among the declared ones.",
		"《海关法》第八十二条", "Customs Law, art. 82"},
	"VALUE_ANOMALY": {"要求申报人说明价格依据（合同、发票）；价格与管制物项相符的，结合伪报线索查验。",
		"Ask for the pricing basis (contract, invoice); a value that fits a controlled material joins the misdeclaration leads for inspection.",
		"《海关法》第五十五条", "Customs Law, art. 55"},
	"TRANSSHIPMENT": {"核查收货人与最终用户的关联、最终目的地与转运港；要求最终用户和最终用途证明，必要时与商务部门会商。",
		"Check the consignee's ties to the end user, the final destination and transshipment ports; require end-user and end-use certificates and consult the commerce department.",
		"《出口管制法》第十五条、第十六条（最终用户和最终用途）", "Export Control Law, art. 15–16 (end user and end use)"},
	"STRUCTURING": {"合并审查同一收货人网络的全部小额货物，按累计数量判断是否需要许可证；提请邮政、快递部门协查。",
		"Review the consignee network's small consignments together and judge the licence need on their total; ask the postal and express regulators to assist.",
		"《出口管制法》；邮政、快递寄递管理规定", "Export Control Law; postal and express consignment rules"},
	"FLOW_LEAKAGE": {"请台账责任部门核对企业物料账（进、产、耗、销、出口）与流向记录，现场核查去向不明的物料。",
		"Ask the ledger office to reconcile the enterprise's books (in, produced, consumed, shipped, exported) with the flows, and to check the unaccounted material on site.",
		"全链条管控的流向跟踪要求", "flow tracking under full-chain control"},
	"NETWORK_RISK": {"在关系网络中核查该主体与被列名、被预警主体的关联，必要时发起跨部门案情会商。",
		"Examine the party's ties to listed or alerted parties in the network, and open a cross-department case if they hold.",
		"跨部门信息共享与案情会商机制", "cross-department information sharing and case consultation"},
}

// declaredAt is the declaration's date an alert's evidence carries ("" when
// it carries none): the day the rules were applied, which officers read
// before the day the alert was raised.
func declaredAt(evidence string) string {
	var ev struct {
		DeclaredAt string `json:"declared_at"`
	}
	if json.Unmarshal([]byte(evidence), &ev) != nil {
		return ""
	}
	return ev.DeclaredAt
}
