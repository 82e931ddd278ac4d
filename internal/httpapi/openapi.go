package httpapi

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// apiDoc describes one route for the OpenAPI document: what it does and
// its query parameters. Every route has one (TestOpenAPICoversEveryRoute).
type apiDoc struct {
	summary string
	query   []string
}

var apiDocs = map[string]apiDoc{
	"GET /healthz":                                          {"liveness: the process answers", nil},
	"GET /readyz":                                           {"readiness: the store answers and its schema is this binary's", nil},
	"GET /api/v1/version":                                   {"the binary's version and the store's schema version", nil},
	"GET /metrics":                                          {"Prometheus metrics: requests, latency, lodgings, pre-checks, Go runtime and process", nil},
	"GET /api/v1/catalog/lookup":                            {"what the controls require for an HS code on a date, to a destination", []string{"hs", "date", "dest", "military"}},
	"GET /api/v1/catalog/measures":                          {"the control measures in date order, with suspensions", nil},
	"GET /api/v1/catalog/measures/{id}":                     {"one measure with its items and rules", nil},
	"GET /api/v1/catalog/search":                            {"items, minerals and materials by name, code or HS code (简/繁/English)", []string{"q"}},
	"GET /api/v1/catalog/materials":                         {"the materials table: groups, HS codes, densities, yields", nil},
	"GET /api/v1/catalog/version":                           {"the catalogue in force: the shipped data's digest, the packs applied on it, the newest measure", nil},
	"GET /api/v1/catalog/packs":                             {"the catalogue packs applied to this store, in order, and the version they make", nil},
	"GET /api/v1/catalog/packs/{id}":                        {"one applied pack with its YAML as applied", nil},
	"POST /api/v1/catalog/packs/{id}":                       {"{id}:rescreen with {\"from\", \"to\"} (default the last 90 days): judge again, with the catalogue in force, the lodged declarations of that period under the HS codes the pack changed; each changed answer kept as a new version", nil},
	"POST /api/v1/catalog/packs":                            {"apply a catalogue pack (YAML body, application/yaml): validated against the catalogue in force (errors name the line), stored and audited, in force on every node within half a minute; dry_run=true lists what it would change and stores nothing", []string{"dry_run"}},
	"GET /api/v1/enterprises":                               {"the ledger, scoped to the caller's province", []string{"q", "province", "segment", "mineral", "status", "offset", "limit"}},
	"GET /api/v1/enterprises/{uscc}":                        {"one enterprise with its dated history", []string{"date"}},
	"POST /api/v1/enterprises":                              {"add an enterprise to the ledger or amend its entry (a row of enterprises.csv as JSON): kept as a version, audited; moving it to another province refused unless move=true", []string{"move"}},
	"POST /api/v1/enterprises/{uscc}":                       {"{uscc}:status: a dated status change of a ledger entry (active, suspended, closed) with its reason; audited", nil},
	"GET /api/v1/enterprises/{uscc}/balance":                {"an enterprise's material books by month, and leakage", []string{"material", "month"}},
	"GET /api/v1/ledger/coverage":                           {"enterprises per province, segment and group", []string{"province"}},
	"POST /api/v1/epcis/capture":                            {"capture an EPCIS 2.0 document: validated against GS1's schema, stored whole or not at all (201); with workers (OREWATCH_NATS_URL), stored as a capture job and answered 202 with its Location", nil},
	"GET /api/v1/epcis/capture/{id}":                        {"a capture job: running until a worker has captured it, then its counts or the problems that refused it (EPCIS 2.0 capture job)", nil},
	"GET /api/v1/epcis/events":                              {"captured events, EPCIS query parameters, scoped", []string{"eventType", "GE_eventTime", "LT_eventTime", "EQ_bizStep", "perPage", "nextPageToken"}},
	"GET /api/v1/trace/{direction}":                         {"a lot's genealogy, backward or forward", []string{"lot", "depth"}},
	"GET /api/v1/alerts":                                    {"alerts, highest score first, scoped", []string{"status", "code", "subject_type", "subject_id", "min_score", "offset", "limit"}},
	"GET /api/v1/alerts:stream":                             {"alerts as they are raised or change, as server-sent events (text/event-stream), scoped like the queue; resume with Last-Event-ID or since", []string{"min_score", "code", "status", "since"}},
	"POST /api/v1/alerts/{id}/triage":                       {"move an alert: triaged, dismissed (with a reason) or escalated", nil},
	"GET /api/v1/cases":                                     {"cases the caller's agency leads or was asked into", []string{"status", "offset", "limit"}},
	"POST /api/v1/cases":                                    {"open a case", nil},
	"GET /api/v1/cases/{id}":                                {"one case with its subjects, agencies, notes and timeline", nil},
	"POST /api/v1/cases/{id}/notes":                         {"add a note (shared or private to the agency)", nil},
	"POST /api/v1/cases/{id}/update":                        {"change a case's status, agencies or subjects", nil},
	"GET /api/v1/cases/{id}/attachments":                    {"a case's attachments", nil},
	"POST /api/v1/cases/{id}/attachments":                   {"attach a file to a case (multipart)", nil},
	"GET /api/v1/cases/{id}/attachments/{aid}":              {"download an attachment", nil},
	"POST /api/v1/parties:screen":                           {"screen names against the restricted-party lists in force", nil},
	"POST /api/v1/declarations:screen":                      {"pre-check one declaration against the store as it is: channel, findings, and for each item the remarks to write, the legal basis and the caller's licences that cover it with what is left; nothing stored", nil},
	"POST /api/v1/declarations":                             {"lodge one declaration: validated, stored, screened, drawn down, alerted; idempotent, amendments versioned", nil},
	"GET /api/v1/declarations":                              {"lodged declarations by cursor, filtered, scoped", []string{"exporter", "consignee", "hs", "destination", "channel", "code", "province", "from", "to", "cursor", "limit"}},
	"GET /api/v1/declarations/{no}":                         {"a lodged declaration: items, answer, versions", nil},
	"POST /api/v1/parties":                                  {"parties (rows of parties.csv as JSON objects): stored with the versions they replace, audited; the detectors' party graph read again", nil},
	"POST /api/v1/parties/links":                            {"links between parties (rows of party_links.csv as JSON objects): stored once each, audited", nil},
	"GET /api/v1/parties/{id}":                              {"a party with its links and the versions it had", nil},
	"POST /api/v1/manifests":                                {"carriers' manifest rows (rows of manifests.csv as JSON objects): stored with the versions they replace, audited; the lodged declarations on their bills of lading and containers judged again", nil},
	"GET /api/v1/notices":                                   {"an exporter's notices: licences ending within 30 days or 80 % drawn, consignees listed in the last 90 days, control changes for its goods from 30 days ago to 90 ahead (its own for an exporter's officer)", []string{"exporter"}},
	"GET /api/v1/licences":                                  {"licences, scoped to the caller's province (an exporter's officer: its own)", []string{"exporter", "status", "valid_on", "offset", "limit"}},
	"POST /api/v1/licences":                                 {"issue a licence or amend the one under its number (a row of licences.csv as JSON): kept as a version, audited, lodged declarations on it re-screened; another exporter's number refused unless forced", []string{"force"}},
	"GET /api/v1/licences/{no}":                             {"a licence, what lodged declarations drew on it, and its versions", nil},
	"POST /api/v1/licences/{no}":                            {"{no}:suspend, {no}:revoke or {no}:reinstate a licence from a date, with a reason; audited", nil},
	"GET /api/v1/network":                                   {"who is around a party: the subgraph within depth hops", []string{"party", "depth"}},
	"GET /api/v1/rules":                                     {"the analyst rules in force and their version", nil},
	"GET /api/v1/webhooks/deliveries":                       {"the webhook's deliveries of a status (dead by default: the dead-letter list) and the pending backlog", []string{"status", "limit"}},
	"POST /api/v1/webhooks/deliveries/{id}":                 {"{id}:replay a dead delivery: pending again, sent at the next round; audited", nil},
	"GET /api/v1/openapi.json":                              {"this document", nil},
	"GET /api/v1/monthly-reports":                           {"an enterprise's filed monthly books set line by line against what its events and declarations imply (the enterprise's own, or one in the officer's province)", []string{"exporter", "from", "to"}},
	"POST /api/v1/monthly-reports":                          {"an enterprise files its monthly books per material ({\"reports\": [...]} or a CSV file as text/csv): all or nothing, every problem at its row and column; earlier figures kept as versions", []string{"name"}},
	"GET /api/v1/licence-applications":                      {"dual-use export licence applications the caller may see: an exporter's own, a province's commerce department its province's, MOFCOM all submitted, an agency those it is consulted on", []string{"status"}},
	"POST /api/v1/licence-applications":                     {"an exporter drafts an application (the form as JSON; incomplete is fine until it is submitted)", nil},
	"GET /api/v1/licence-applications/{id}":                 {"an application with its steps, documents, statutory clock (45 working days, Chinese public holidays counted), check (completeness, catalogue, list hits, general-licence eligibility) and the steps open to the caller", nil},
	"PUT /api/v1/licence-applications/{id}":                 {"the exporter replaces the form of a draft, or of an application returned or asked for more (revision: the one read)", nil},
	"POST /api/v1/licence-applications/{id}":                {"{id}:submit, :accept, :return, :request_info, :supply, :consult, :opinion, :refer, :resume, :approve (issues the licences), :refuse or :withdraw; audited", nil},
	"POST /api/v1/licence-applications/{id}/documents":      {"attach a document (multipart: file, kind)", nil},
	"GET /api/v1/licence-applications/{id}/documents/{fid}": {"a document of an application", nil},
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// openAPI builds the OpenAPI 3.1 document from the route table, so that it
// cannot leave a route out or name one that is not there.
func (s *server) openAPI() map[string]any {
	paths := map[string]map[string]any{}
	errResp := map[string]any{"description": "error (RFC 9457 problem details)", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	var routes []Route
	routes = append(routes, s.routes()...)
	sort.Slice(routes, func(i, j int) bool { return routes[i].Pattern+routes[i].Method < routes[j].Pattern+routes[j].Method })
	for _, rt := range routes {
		doc := apiDocs[rt.Method+" "+rt.Pattern]
		op := map[string]any{
			"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", ":", "_", ".", "_").Replace(rt.Pattern),
			"summary":     doc.summary,
			"responses": map[string]any{
				"200": map[string]any{"description": "the answer", "content": answerContent(rt)},
				"400": errResp, "401": errResp, "403": errResp, "404": errResp, "409": errResp, "413": errResp, "503": errResp, "default": errResp,
			},
		}
		if rt.Pattern == "/readyz" {
			op["responses"].(map[string]any)["503"] = map[string]any{"description": "not ready: the store does not answer or its schema is not this binary's", "content": answerContent(rt)}
		}
		if rt.Public {
			op["security"] = []any{}
		} else {
			op["x-orewatch-policy"] = rt.Policy
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range doc.query {
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.Method == http.MethodPost {
			op["responses"].(map[string]any)["201"] = map[string]any{"description": "created", "content": answerContent(rt)}
			if rt.Pattern == "/api/v1/epcis/capture" {
				op["responses"].(map[string]any)["202"] = map[string]any{"description": "accepted for a worker: the capture job", "content": answerContent(rt)}
			}
			ct := "application/json"
			switch {
			case strings.HasSuffix(rt.Pattern, "/attachments"), strings.HasSuffix(rt.Pattern, "/documents"):
				ct = "multipart/form-data"
			case rt.Pattern == "/api/v1/catalog/packs":
				ct = "application/yaml"
			}
			content := map[string]any{ct: map[string]any{"schema": map[string]any{"type": "object"}}}
			if rt.Pattern == "/api/v1/monthly-reports" {
				content["text/csv"] = map[string]any{"schema": map[string]any{"type": "string"}}
			}
			op["requestBody"] = map[string]any{"required": true, "content": content}
		}
		if paths[rt.Pattern] == nil {
			paths[rt.Pattern] = map[string]any{}
		}
		paths[rt.Pattern][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "OreWatch API", "version": s.Version,
			"description": "Export-control screening for strategic minerals. Every route but the health checks needs a bearer token; its policy (x-orewatch-policy) says which roles may use it, and province-scoped callers see their province only."},
		"paths":    paths,
		"security": []any{map[string]any{"bearer": []any{}}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         map[string]any{"Problem": problemSchema()},
		},
	}
}

// answerContent is what a route answers with: JSON, an attachment's
// bytes, the Prometheus text format or an event stream.
func answerContent(rt Route) map[string]any {
	obj := map[string]any{"schema": map[string]any{"type": "object"}}
	switch {
	case strings.HasSuffix(rt.Pattern, "/attachments/{aid}"):
		return map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	case rt.Pattern == "/metrics":
		return map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}
	case strings.HasSuffix(rt.Pattern, ":stream"):
		return map[string]any{"text/event-stream": map[string]any{"schema": map[string]any{"type": "string"}}}
	}
	return map[string]any{"application/json": obj}
}

// problemSchema describes an error: RFC 9457's members, the error object
// (code, message, field) and the problems at JSON pointers or lines.
func problemSchema() map[string]any {
	str := map[string]any{"type": "string"}
	// A problem is at a JSON pointer (a JSON body) or at a line and column
	// (a file sent whole, such as monthly reports as CSV).
	pointers := map[string]any{"type": "array", "items": map[string]any{"type": "object", "required": []string{"message"},
		"properties": map[string]any{"pointer": str, "message": str, "line": map[string]any{"type": "integer"}, "column": str, "field": str, "value": str}}}
	return map[string]any{"type": "object", "required": []string{"type", "title", "status", "detail", "error"},
		"properties": map[string]any{
			"type":  map[string]any{"type": "string", "description": "urn:orewatch:problem:CODE, CODE one of invalid, unauthorized, forbidden, not_found, conflict, too_large, unavailable, internal"},
			"title": str, "status": map[string]any{"type": "integer"}, "detail": str, "instance": str,
			"error": map[string]any{"type": "object", "required": []string{"code", "message"},
				"properties": map[string]any{"code": str, "message": str, "field": str, "problems": pointers}},
			"problems": pointers,
		}}
}

func (s *server) openAPIDoc(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.openAPI())
	return nil
}
