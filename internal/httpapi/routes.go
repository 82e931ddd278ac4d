package httpapi

import (
	"orewatch/internal/applications"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/filings"
)

// Route is one endpoint. Every route but the health checks names the
// policy (the action) the guard checks; routes_test.go fails on a route
// that is neither public nor guarded.
type Route struct {
	Method, Pattern string
	Public          bool
	Policy          string
	MaxBody         int64 // request body limit; maxBody when zero
	handler         apiFunc
}

// Routes lists the API's routes, for the route-matrix tests.
func (s *server) routes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/healthz", Public: true, handler: s.healthz},
		{Method: "GET", Pattern: "/readyz", Public: true, handler: s.readyz},
		{Method: "GET", Pattern: "/api/v1/version", Policy: "system.read", handler: s.version},
		{Method: "GET", Pattern: "/metrics", Policy: "system.metrics", handler: s.metrics},
		{Method: "GET", Pattern: "/api/v1/openapi.json", Policy: "system.read", handler: s.openAPIDoc},
		{Method: "GET", Pattern: "/api/v1/catalog/lookup", Policy: "catalog.read", handler: s.catalogLookup},
		{Method: "GET", Pattern: "/api/v1/catalog/measures", Policy: "catalog.read", handler: s.catalogMeasures},
		{Method: "GET", Pattern: "/api/v1/catalog/measures/{id}", Policy: "catalog.read", handler: s.catalogMeasure},
		{Method: "GET", Pattern: "/api/v1/catalog/search", Policy: "catalog.read", handler: s.catalogSearch},
		{Method: "GET", Pattern: "/api/v1/catalog/materials", Policy: "catalog.read", handler: s.catalogMaterials},
		{Method: "GET", Pattern: "/api/v1/catalog/version", Policy: "catalog.read", handler: s.catalogVersion},
		{Method: "GET", Pattern: "/api/v1/catalog/packs", Policy: "catalog.read", handler: s.catalogPacks},
		{Method: "GET", Pattern: "/api/v1/catalog/packs/{id}", Policy: "catalog.read", handler: s.catalogPack},
		{Method: "POST", Pattern: "/api/v1/catalog/packs", Policy: "catalog.admin", MaxBody: catalog.MaxPackBytes, handler: s.applyPack},
		{Method: "POST", Pattern: "/api/v1/catalog/packs/{id}", Policy: "catalog.admin", handler: s.rescreenPack},
		{Method: "GET", Pattern: "/api/v1/enterprises", Policy: "ledger.read", handler: s.enterprises},
		{Method: "GET", Pattern: "/api/v1/enterprises/{uscc}", Policy: "ledger.read", handler: s.enterprise},
		{Method: "POST", Pattern: "/api/v1/enterprises", Policy: "ledger.write", MaxBody: 1 << 20, handler: s.submitEnterprise},
		{Method: "POST", Pattern: "/api/v1/enterprises/{uscc}", Policy: "ledger.write", handler: s.setEnterpriseStatus},
		{Method: "GET", Pattern: "/api/v1/enterprises/{uscc}/balance", Policy: "ledger.read", handler: s.balance},
		{Method: "GET", Pattern: "/api/v1/ledger/coverage", Policy: "ledger.read", handler: s.coverage},
		{Method: "POST", Pattern: "/api/v1/epcis/capture", Policy: "events.capture", MaxBody: 32 << 20, handler: s.epcisCapture},
		{Method: "GET", Pattern: "/api/v1/epcis/capture/{id}", Policy: "events.capture", handler: s.captureJobStatus},
		{Method: "GET", Pattern: "/api/v1/epcis/events", Policy: "events.read", handler: s.epcisEvents},
		{Method: "GET", Pattern: "/api/v1/trace/{direction}", Policy: "events.read", handler: s.trace},
		{Method: "GET", Pattern: "/api/v1/alerts", Policy: "alerts.read", handler: s.alerts},
		{Method: "GET", Pattern: "/api/v1/alerts:stream", Policy: "alerts.read", handler: s.alertStream},
		{Method: "POST", Pattern: "/api/v1/alerts/{id}/triage", Policy: "alerts.triage", handler: s.triageAlert},
		{Method: "GET", Pattern: "/api/v1/cases", Policy: "cases.read", handler: s.cases},
		{Method: "POST", Pattern: "/api/v1/cases", Policy: "cases.write", handler: s.openCase},
		{Method: "GET", Pattern: "/api/v1/cases/{id}", Policy: "cases.read", handler: s.showCase},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/notes", Policy: "cases.write", handler: s.caseNote},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/update", Policy: "cases.write", handler: s.updateCase},
		{Method: "GET", Pattern: "/api/v1/cases/{id}/attachments", Policy: "cases.read", handler: s.caseAttachments},
		{Method: "POST", Pattern: "/api/v1/cases/{id}/attachments", Policy: "cases.write", MaxBody: casework.MaxAttachment + 1<<20, handler: s.caseAttach},
		{Method: "GET", Pattern: "/api/v1/cases/{id}/attachments/{aid}", Policy: "cases.read", handler: s.caseAttachment},
		{Method: "POST", Pattern: "/api/v1/parties:screen", Policy: "parties.screen", handler: s.screenParty},
		{Method: "POST", Pattern: "/api/v1/declarations:screen", Policy: "declarations.screen", MaxBody: 4 << 20, handler: s.screenDeclaration},
		{Method: "POST", Pattern: "/api/v1/declarations", Policy: "declarations.lodge", MaxBody: 4 << 20, handler: s.lodgeDeclaration},
		{Method: "GET", Pattern: "/api/v1/declarations", Policy: "declarations.read", handler: s.listDeclarations},
		{Method: "GET", Pattern: "/api/v1/declarations/{no}", Policy: "declarations.read", handler: s.showDeclaration},
		{Method: "POST", Pattern: "/api/v1/parties", Policy: "parties.write", MaxBody: 8 << 20, handler: s.submitParties},
		{Method: "POST", Pattern: "/api/v1/parties/links", Policy: "parties.write", MaxBody: 8 << 20, handler: s.submitPartyLinks},
		{Method: "GET", Pattern: "/api/v1/parties/{id}", Policy: "network.read", handler: s.showParty},
		{Method: "POST", Pattern: "/api/v1/manifests", Policy: "manifests.write", MaxBody: 8 << 20, handler: s.submitManifests},
		{Method: "GET", Pattern: "/api/v1/notices", Policy: "declarations.screen", handler: s.exporterNotices},
		{Method: "GET", Pattern: "/api/v1/licences", Policy: "declarations.read", handler: s.listLicences},
		{Method: "POST", Pattern: "/api/v1/licences", Policy: "licences.write", MaxBody: 1 << 20, handler: s.issueLicence},
		{Method: "GET", Pattern: "/api/v1/licences/{no}", Policy: "declarations.read", handler: s.licenceDrawdown},
		{Method: "POST", Pattern: "/api/v1/licences/{no}", Policy: "licences.write", handler: s.changeLicence},
		{Method: "GET", Pattern: "/api/v1/licence-applications", Policy: "applications.read", handler: s.listApplications},
		{Method: "POST", Pattern: "/api/v1/licence-applications", Policy: "applications.apply", MaxBody: 1 << 20, handler: s.createApplication},
		{Method: "GET", Pattern: "/api/v1/licence-applications/{id}", Policy: "applications.read", handler: s.showApplication},
		{Method: "PUT", Pattern: "/api/v1/licence-applications/{id}", Policy: "applications.apply", MaxBody: 1 << 20, handler: s.editApplication},
		{Method: "POST", Pattern: "/api/v1/licence-applications/{id}", Policy: "applications.act", handler: s.actOnApplication},
		{Method: "POST", Pattern: "/api/v1/licence-applications/{id}/documents", Policy: "applications.act", MaxBody: applications.MaxFile + 1<<20, handler: s.attachToApplication},
		{Method: "GET", Pattern: "/api/v1/licence-applications/{id}/documents/{fid}", Policy: "applications.read", handler: s.applicationDocument},
		{Method: "GET", Pattern: "/api/v1/monthly-reports", Policy: "reports.read", handler: s.monthlyReports},
		{Method: "POST", Pattern: "/api/v1/monthly-reports", Policy: "reports.file", MaxBody: filings.MaxFile, handler: s.fileMonthlyReports},
		{Method: "GET", Pattern: "/api/v1/network", Policy: "network.read", handler: s.network},
		{Method: "GET", Pattern: "/api/v1/rules", Policy: "rules.read", handler: s.rules},
		{Method: "GET", Pattern: "/api/v1/webhooks/deliveries", Policy: "webhooks.admin", handler: s.webhookDeliveries},
		{Method: "POST", Pattern: "/api/v1/webhooks/deliveries/{id}", Policy: "webhooks.admin", handler: s.replayDelivery},
	}
}

// RouteTable returns the declared routes of a handler built from d.
func RouteTable(d Deps) []Route { return (&server{Deps: d}).routes() }
