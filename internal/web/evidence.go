package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// evidenceRow is one fact of an alert's evidence as the page shows it: a
// label in the page's language, the value, and where the value leads (a
// declaration, an enterprise, a party, a lot, a licence).
type evidenceRow struct {
	Label, Value, Href string
}

// evidenceSignal is one signal of a pattern detector, in words.
type evidenceSignal struct {
	Signal, Detail string
	Weight         float64
}

// evidenceLabels name the evidence's keys, Chinese first.
var evidenceLabels = map[string][2]string{
	"as_of": {"判定日期", "as of"}, "declared_at": {"申报日期", "declared"}, "exporter_uscc": {"出口企业", "exporter"},
	"uscc": {"企业", "enterprise"}, "declarations": {"相关报关单", "declarations"}, "declarations_routed": {"经转口的报关单", "declarations routed"},
	"consignee": {"境外收货人", "consignee"}, "consignee_cluster": {"收货人群组", "consignee cluster"}, "community": {"关联社群", "community"},
	"conduit": {"转口中间人", "conduit"}, "other": {"关联主体", "tied party"}, "party_id": {"境外主体", "party"},
	"kg": {"数量（千克）", "quantity (kg)"}, "country": {"国家/地区", "country"}, "list": {"名单", "list"},
	"list_entry": {"名单条目", "list entry"}, "listed_on": {"列入日期", "listed on"}, "matched_name": {"匹配名称", "matched name"},
	"name": {"名称", "name"}, "score": {"相似度", "similarity"}, "group": {"矿种", "mineral"}, "controlled": {"管制物项", "controlled"},
	"ledger_status": {"台账状态", "ledger status"}, "role": {"角色", "role"}, "reference": {"依据", "reference"},
	"licence_no": {"许可证", "licence"}, "lot": {"批次", "lot"}, "lots": {"批次", "lots"}, "hops": {"跳数", "hops"},
	"reason": {"关联原因", "tie"}, "detail": {"说明", "detail"}, "a": {"一方", "one side"}, "b": {"另一方", "other side"},
	"kind": {"类型", "kind"}, "id": {"编号", "id"}, "military": {"军事最终用户", "military end user"}, "listed": {"名单", "listed"},
	"tie": {"关联", "tie"}, "flagged": {"被标记方", "flagged"}, "path": {"路径", "path"}, "first_finding": {"首项发现", "first finding"},
	"evidence": {"证据", "evidence"}, "item_no": {"项号", "item"}, "code": {"代码", "code"}, "severity": {"严重程度", "severity"},
	"destination": {"目的国", "destination"}, "combined": {"综合分值", "combined"}, "consignee_node": {"收货人节点", "consignee node"}, "hs_code": {"商品编码", "HS code"}, "net_weight_kg": {"净重（千克）", "net weight (kg)"},
}

var declarationNoRe = regexp.MustCompile(`^\d{18}$`)

// evidenceTable flattens an alert's evidence into labelled rows, the
// findings left out (the page shows them as sentences) and every value
// that names a record linked to it.
func evidenceTable(evidence string, l Lang) ([]evidenceRow, []evidenceSignal) {
	var root map[string]any
	if json.Unmarshal([]byte(evidence), &root) != nil {
		return nil, nil
	}
	var rows []evidenceRow
	var signals []evidenceSignal
	seen := map[evidenceRow]bool{} // a fact the alert and its finding both carry is shown once
	var walk func(path []string, v any)
	walk = func(path []string, v any) {
		key := ""
		if len(path) > 0 {
			key = path[len(path)-1]
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				if k == "message" || k == "message_zh" {
					continue // shown as sentences above the table
				}
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if k == "findings" { // their sentences are above; their facts here
					fs, _ := x[k].([]any)
					for _, f := range fs {
						if m, ok := f.(map[string]any); ok {
							walk(path, m["evidence"])
						}
					}
					continue
				}
				walk(append(path, k), x[k])
			}
		case []any:
			if key == "signals" {
				for _, s := range x {
					m, _ := s.(map[string]any)
					detail, _ := m["detail"].(string)
					if zh, _ := m["detail_zh"].(string); l.Zh() && zh != "" {
						detail = zh
					}
					name, _ := m["signal"].(string)
					w, _ := m["weight"].(float64)
					signals = append(signals, evidenceSignal{Signal: name, Detail: detail, Weight: w})
				}
				return
			}
			for _, e := range x {
				walk(path, e)
			}
		default:
			val := evidenceValue(v, l)
			if val == "" {
				return
			}
			switch key {
			case "group":
				val = mineralName(val, l)
			case "destination", "country":
				if c, err := geo.MustDefault().Country(val); err == nil && len(val) == 2 {
					val = map[bool]string{true: c.NameZh, false: c.NameEn}[l.Zh()] + " (" + val + ")"
				}
			}
			row := evidenceRow{Label: evidenceLabel(path, l), Value: val, Href: evidenceHref(key, val)}
			if !seen[row] {
				seen[row] = true
				rows = append(rows, row)
			}
		}
	}
	walk(nil, root)
	return rows, signals
}

func evidenceLabel(path []string, l Lang) string {
	words := make([]string, 0, len(path))
	for _, k := range path {
		if w, ok := evidenceLabels[k]; ok {
			k = w[0]
			if !l.Zh() {
				k = w[1]
			}
		}
		words = append(words, k)
	}
	return strings.Join(words, " · ")
}

func evidenceValue(v any, l Lang) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if l.Zh() {
			return map[bool]string{true: "是", false: "否"}[x]
		}
		return map[bool]string{true: "yes", false: "no"}[x]
	case float64:
		if x == float64(int64(x)) {
			return groupDigits(strconv.FormatInt(int64(x), 10))
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return l.Term(x)
	}
	return fmt.Sprint(v)
}

// evidenceHref is where a value leads, by its key or its form.
func evidenceHref(key, v string) string {
	switch {
	case declarationNoRe.MatchString(v):
		return "/declarations/" + v
	case isUSCC(v):
		return "/enterprises/" + v
	case strings.HasPrefix(v, "party:"):
		return "/network?party=" + url.QueryEscape(strings.TrimPrefix(v, "party:"))
	case key == "party_id" || key == "conduit" || key == "other":
		return "/network?party=" + url.QueryEscape(v)
	case strings.Contains(v, ":lot:") || key == "lot" || key == "lots":
		return "/trace?lot=" + url.QueryEscape(v)
	case key == "licence_no":
		return "/search?q=" + url.QueryEscape(v)
	}
	return ""
}

// isUSCC reports whether v is a valid unified social credit code (its
// check character too, so that an 18-character lot number is not one).
func isUSCC(v string) bool {
	u, err := core.ParseUSCC(v)
	return err == nil && string(u) == v
}
