package web

import "fmt"

// terms are the words the store keeps as codes — finding codes, ledger and
// case statuses, segments, disposals — in both languages. A page shows the
// term, never the code.
var terms = map[string][2]string{
	"CONTROL_UNDECLARED":       {"未申报管制属性", "control status undeclared"},
	"LICENCE_MISSING":          {"无出口许可证", "licence missing"},
	"LICENCE_INVALID":          {"许可证无效", "licence invalid"},
	"LICENCE_MISMATCH":         {"许可证不符", "licence mismatch"},
	"LICENCE_EXCEEDED":         {"超许可数量", "licence exceeded"},
	"DESTINATION_PROHIBITED":   {"目的地受限", "destination restricted"},
	"END_USER_LISTED":          {"最终用户在名单上", "end user listed"},
	"UNREGISTERED_ENTERPRISE":  {"企业未列入台账", "enterprise not in the ledger"},
	"FLOW_LEAKAGE":             {"流向缺口", "flow leakage"},
	"MISDECLARATION":           {"伪报", "misdeclaration"},
	"UNDERDECLARATION":         {"瞒报数量", "under-declaration"},
	"CONCEALMENT":              {"夹带藏匿", "concealment"},
	"VALUE_ANOMALY":            {"价格异常", "value anomaly"},
	"TRANSSHIPMENT":            {"第三国转口", "transshipment"},
	"STRUCTURING":              {"化整为零", "structuring"},
	"NETWORK_RISK":             {"关联网络风险", "network risk"},
	"active":                   {"正常", "active"},
	"suspended":                {"暂停", "suspended"},
	"closed":                   {"已关闭", "closed"},
	"open":                     {"已立案", "open"},
	"under_consultation":       {"会商中", "under consultation"},
	"referred":                 {"已移送", "referred"},
	"mining":                   {"开采", "mining"},
	"smelting":                 {"冶炼", "smelting"},
	"processing":               {"加工", "processing"},
	"transport":                {"运输", "transport"},
	"manufacturing":            {"制造", "manufacturing"},
	"trading":                  {"贸易", "trading"},
	"export":                   {"出口", "export"},
	"seizure":                  {"查扣", "seizure"},
	"penalty":                  {"行政处罚", "penalty"},
	"licence_revoked":          {"吊销许可证", "licence revoked"},
	"ledger_suspension":        {"暂停台账资格", "ledger suspension"},
	"referral_public_security": {"移送公安", "referral to public security"},
	"no_action":                {"不予处理", "no action"},
	"valid":                    {"有效", "valid"},
	"declaration":              {"报关单", "declaration"},
	"enterprise":               {"企业", "enterprise"},
	"party":                    {"境外主体", "party"},
	"revoked":                  {"已撤销", "revoked"},
	"red":                      {"红色（查验）", "red (inspect)"},
	"yellow":                   {"黄色（审单）", "yellow (review)"},
	"green":                    {"绿色（放行）", "green (release)"},
	"presumption_of_denial":    {"原则上不予许可", "presumption of denial"},
	"enhanced_review":          {"加强最终用户和最终用途审查", "enhanced end-user and end-use review"},
	"prohibited":               {"禁止出口", "prohibited"},
}

// Term shows a stored code in the page's language: the term if it is one,
// the code itself otherwise.
func (l Lang) Term(code any) string {
	c := fmt.Sprint(code)
	if m, ok := terms[c]; ok {
		if l.Code == "en" {
			return m[1]
		}
		return m[0]
	}
	return c
}
