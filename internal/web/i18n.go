package web

import "net/http"

// Lang renders messages in one language: 简体中文 (the default) or English.
type Lang struct{ Code string }

// T returns the message for key in the request's language; an unknown key
// shows itself, which the page tests catch.
func (l Lang) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if l.Code == "en" {
		return m[1]
	}
	return m[0]
}

// Zh reports whether the page is in Chinese (for bilingual data fields).
func (l Lang) Zh() bool { return l.Code != "en" }

func langOf(r *http.Request) Lang {
	if c, err := r.Cookie("ow_lang"); err == nil && c.Value == "en" {
		return Lang{"en"}
	}
	// 简体中文 is the default whatever the browser prefers: the officers'
	// working language; English is a click away.
	return Lang{"zh"}
}

var messages = map[string][2]string{
	"app":                {"OreWatch 战略矿产出口管控", "OreWatch strategic minerals export control"},
	"nav.dashboard":      {"总览", "Dashboard"},
	"nav.alerts":         {"预警队列", "Alert queue"},
	"nav.cases":          {"案件", "Cases"},
	"nav.catalog":        {"管制清单", "Control list"},
	"nav.network":        {"关联网络", "Network"},
	"nav.import":         {"导入数据", "Import"},
	"decl.notledger":     {"未列入台账", "not in the ledger"},
	"decl.remarks":       {"备注", "Remarks"},
	"decl.weights":       {"集装箱重量与舱单（VGM）", "Container weights against the manifest (VGM)"},
	"decl.container":     {"集装箱", "Container"},
	"decl.cargo":         {"货物质量（VGM减箱皮）", "Cargo (VGM less tare)"},
	"decl.declared":      {"申报毛重", "Declared gross"},
	"decl.shortfall":     {"差额", "Shortfall"},
	"decl.screening":     {"收货人受限主体筛查", "Consignee screening"},
	"decl.nomatch":       {"未命中受限名单", "no list match"},
	"ent.declarations":   {"报关单", "Declarations"},
	"ent.events":         {"事件时间线（EPCIS）", "Events timeline (EPCIS)"},
	"nav.flows":          {"流向", "Flows"},
	"nav.trace":          {"批次溯源", "Lot trace"},
	"nav.licences":       {"许可证", "Licences"},
	"flows.exports":      {"出口", "Exports"},
	"flows.group":        {"矿种", "Mineral group"},
	"flows.from":         {"起始月份", "From month"},
	"flows.to":           {"截止月份", "To month"},
	"flows.back":         {"回流（未画入桑基图）", "Flows back up the chain (not drawn)"},
	"flows.tonnes":       {"吨", "t"},
	"trace.lot":          {"批次（urn:orewatch:lot:物料:批号 或 物料:批号）", "Lot (urn:orewatch:lot:material:id or material:id)"},
	"trace.backward":     {"向上追溯", "Backward"},
	"trace.forward":      {"向下追踪", "Forward"},
	"lic.drawn":          {"已使用", "Drawn"},
	"lic.expires":        {"剩余天数", "Days left"},
	"lic.valid":          {"仅显示今日有效", "Valid today only"},
	"lic.holder":         {"持证企业", "Holder"},
	"dash.exports":       {"管制物项出口（吨，按目的国；竖线为管制措施日期）", "Exports of controlled items (t, by destination; lines mark control dates)"},
	"nav.signout":        {"退出", "Sign out"},
	"lang.other":         {"English", "简体中文"},
	"signin":             {"登录", "Sign in"},
	"signin.name":        {"用户名", "User name"},
	"signin.password":    {"密码", "Password"},
	"signin.sso":         {"使用统一身份认证登录", "Sign in with single sign-on"},
	"signin.failed":      {"用户名或密码不正确", "Wrong user name or password"},
	"signin.throttled":   {"尝试次数过多，请稍后再试", "Too many attempts; try again later"},
	"setup":              {"首次设置：创建管理员", "First start: create the administrator"},
	"setup.agency":       {"所属部门", "Agency"},
	"setup.create":       {"创建并登录", "Create and sign in"},
	"setup.invalid":      {"设置链接无效或已使用", "The setup link is invalid or was used"},
	"dash.alerts_code":   {"按代码统计预警", "Alerts by code"},
	"dash.alerts_week":   {"按周统计预警", "Alerts by week"},
	"dash.alerts_prov":   {"按省份统计预警", "Alerts by province"},
	"dash.channels":      {"预警风险分布", "Alerts by channel"},
	"dash.top":           {"最高风险", "Top risks"},
	"dash.prices":        {"国内外价差（元/千克）", "Price gap, home and abroad (CNY/kg)"},
	"dash.screened":      {"已筛查报关单商品项", "Declaration items screened"},
	"dash.total":         {"预警总数", "Alerts"},
	"dash.open":          {"待处理", "New"},
	"dash.empty":         {"尚无预警：导入数据包后在此显示。", "No alerts yet: import a bundle and they appear here."},
	"col.id":             {"编号", "ID"},
	"col.code":           {"代码", "Code"},
	"col.score":          {"分值", "Score"},
	"col.subject":        {"对象", "Subject"},
	"col.summary":        {"摘要", "Summary"},
	"col.province":       {"省份", "Province"},
	"col.place":          {"所在地", "Location"},
	"col.status":         {"状态", "Status"},
	"col.item":           {"项号", "Item"},
	"col.hs":             {"商品编号", "HS code"},
	"col.goods":          {"商品名称", "Goods"},
	"col.kg":             {"净重（千克）", "Net kg"},
	"col.value":          {"总价", "Value"},
	"col.dest":           {"目的国", "Destination"},
	"col.consignee":      {"境外收货人", "Consignee"},
	"col.licence":        {"许可证号", "Licence"},
	"col.date":           {"日期", "Date"},
	"col.reason":         {"原因", "Reason"},
	"filter":             {"筛选", "Filter"},
	"all":                {"全部", "All"},
	"status.new":         {"新预警", "new"},
	"status.triaged":     {"已研判", "triaged"},
	"status.dismissed":   {"已排除", "dismissed"},
	"status.escalated":   {"已立案", "escalated"},
	"triage":             {"研判", "Triage"},
	"triage.dismiss":     {"排除", "Dismiss"},
	"triage.mark":        {"标记已研判", "Mark triaged"},
	"triage.reason":      {"排除原因（必填）", "Reason for dismissal (required)"},
	"triage.selected":    {"对所选预警", "For the selected alerts"},
	"case.open":          {"立案", "Open a case"},
	"case.title":         {"案件名称", "Case title"},
	"case.invite":        {"邀请会商部门（逗号分隔）", "Invite agencies (comma separated)"},
	"case.consult":       {"会商与处置", "Consultation and disposal"},
	"case.disposal":      {"处置结果（结案时必填）", "Disposal (required to close)"},
	"case.decision":      {"会商决定", "Joint decision"},
	"case.opened":        {"立案", "Case opened"},
	"case.files":         {"附件", "Attachments"},
	"case.attach":        {"添加附件（≤ 32 MiB）", "Attach a file (≤ 32 MiB)"},
	"case.notes":         {"会商记录", "Notes"},
	"case.addnote":       {"添加记录", "Add note"},
	"case.share":         {"共享给（部门代码，逗号分隔）", "Share with (agency codes, comma separated)"},
	"case.lead":          {"牵头部门", "Lead agency"},
	"case.agencies":      {"参与部门", "Agencies"},
	"case.subjects":      {"涉案对象", "Subjects"},
	"case.timeline":      {"时间线", "Timeline"},
	"case.none":          {"尚无案件。", "No cases yet."},
	"evidence":           {"证据", "Evidence"},
	"findings":           {"发现", "Findings"},
	"declaration":        {"报关单", "Declaration"},
	"items":              {"商品项", "Items"},
	"enterprise":         {"企业", "Enterprise"},
	"ledger.history":     {"台账状态历史", "Ledger status history"},
	"ledger.balance":     {"物料平衡（按月）", "Mass balance by month"},
	"catalog.lookup":     {"管制查询", "Control lookup"},
	"catalog.hs":         {"商品编号", "HS code"},
	"catalog.date":       {"日期", "Date"},
	"catalog.dest":       {"目的国（可填中文）", "Destination (any script)"},
	"catalog.search":     {"检索（简体、繁体或英文）", "Search (Simplified, Traditional or English)"},
	"catalog.go":         {"查询", "Look up"},
	"catalog.controlled": {"属于管制物项", "Controlled item"},
	"catalog.free":       {"不属于管制物项", "Not a controlled item"},
	"catalog.rule":       {"目的地规则", "Destination rule"},
	"catalog.timeline":   {"管制措施时间线", "Measures timeline"},
	"network.party":      {"主体名称、编号或统一社会信用代码", "Party name, id or USCC"},
	"network.tie":        {"与受限主体的关联", "Tie to a restricted party"},
	"network.edges":      {"关联依据", "Why each tie exists"},
	"network.none":       {"未找到该主体。", "No such party."},
	"import.file":        {"数据包（.zip 或 .xlsx）", "Bundle (.zip or .xlsx)"},
	"import.go":          {"导入并分析", "Import and analyse"},
	"import.done":        {"导入完成", "Imported"},
	"import.running":     {"正在导入并分析，页面每秒自动刷新……", "Importing and analysing; this page refreshes every second…"},
	"import.table":       {"数据表", "Table"},
	"import.progress":    {"进度", "Progress"},
	"import.results":     {"下载结果与报告", "Download results and report"},
	"import.rejected":    {"被拒绝的行", "Rejected rows"},
	"import.files":       {"文件", "Files"},
	"forbidden":          {"无权访问此页面。", "You may not see this page."},
	"notfound":           {"未找到。", "Not found."},
	"error":              {"出错了", "Something went wrong"},
	"save":               {"保存", "Save"},
	"more":               {"更多", "More"},
	"prev":               {"上一页", "Previous"},
	"next":               {"下一页", "Next"},
}
