package http

import "github.com/embargo-dev/embargo"

// The access rules of the API and UI routes (see route and guard).
var (
	// openRead is an API read open to anonymous clients unless
	// Config.AuthReads: the lists are public.
	openRead = route{role: embargo.RoleViewer, read: true, api: true}
	// openPage is a page open like openRead.
	openPage = route{role: embargo.RoleViewer, read: true}
	// keyRead is an API read that needs a key whatever Config.AuthReads:
	// watched customers, alerts and decisions are personal data.
	keyRead = route{role: embargo.RoleViewer, api: true}
	// keyPage is a page that needs a key (the sign-in cookie) whatever
	// Config.AuthReads, for the same reason.
	keyPage = route{role: embargo.RoleViewer}
	// analystAPI and adminAPI need a key of that role.
	analystAPI = route{role: embargo.RoleAnalyst, api: true}
	adminAPI   = route{role: embargo.RoleAdmin, api: true}
	// analystForm is a UI form that writes, with the roles of the API: it
	// sends the sign-in cookie and must come from this site (checkForm).
	analystForm = route{role: embargo.RoleAnalyst, form: true}
)

// registerRoutes registers every API and UI route with its access rule:
// the server's whole surface in one place (the operational routes and the
// static files are registered in init). Each handler's doc comment names
// its route; openapi.json describes the API's.
func (s *Server) registerRoutes() {
	// Screening: a single query is a read; a batch needs an analyst's key.
	s.handle("GET /api/v1/screen", openRead, s.api(s.handleScreen))
	s.handle("POST /api/v1/screen", analystAPI, s.api(s.handleScreenBatch))
	// Clients written for OpenSanctions' yente screen through its API
	// (match_compat.go).
	s.handle("POST /match/{dataset}", analystAPI, s.handleMatchCompat)
	// Scanning text reads the lists and changes nothing, so it is open like
	// the other reads.
	s.handle("POST /api/v1/scan", openRead, s.api(s.handleScan))

	// The lists: entities, snapshots, changes, and the cross-list views
	// (which lists list the same party, and who one list names that
	// another does not).
	s.handle("GET /api/v1/entities/{id}", openRead, s.api(s.handleEntity))
	s.handle("GET /api/v1/entities/{id}/history", openRead, s.api(s.handleEntityHistory))
	s.handle("GET /api/v1/snapshots", openRead, s.api(s.handleSnapshots))
	s.handle("POST /api/v1/snapshots/{id}/retract", adminAPI, s.api(s.handleRetractSnapshot))
	s.handle("GET /api/v1/retractions", openRead, s.api(s.handleRetractions))
	s.handle("GET /api/v1/diff", openRead, s.api(s.handleDiff))
	s.handle("GET /api/v1/timeline", openRead, s.api(s.handleTimeline))
	s.handle("GET /api/v1/compare", openRead, s.api(s.handleCompare))
	s.handle("POST /api/v1/import", adminAPI, s.api(s.handleImport))
	s.handle("GET /api/v1/openapi.json", route{role: embargo.RoleViewer, read: true, api: true, public: true}, s.handleOpenAPI)

	// Monitoring: watchlists and their customers, alerts and decisions,
	// customer timelines and the audit log.
	s.handle("GET /api/v1/watchlists", keyRead, s.api(s.handleWatchlists))
	s.handle("GET /api/v1/watchlists/{list}/customers", keyRead, s.api(s.handleCustomers))
	s.handle("POST /api/v1/watchlists/{list}/customers", analystAPI, s.api(s.handleSaveCustomers))
	s.handle("GET /api/v1/watchlists/{list}/customers/{id}", keyRead, s.api(s.handleCustomer))
	s.handle("DELETE /api/v1/watchlists/{list}/customers/{id}", analystAPI, s.api(s.handleRemoveCustomer))
	s.handle("GET /api/v1/watchlists/{list}/customers/{id}/timeline", keyRead, s.api(s.handleCustomerTimeline))
	s.handle("GET /api/v1/alerts", keyRead, s.api(s.handleAlerts))
	s.handle("GET /api/v1/alerts/{id}", keyRead, s.api(s.handleAlert))
	s.handle("POST /api/v1/alerts/{id}/decision", analystAPI, s.api(s.handleDecision))
	s.handle("GET /api/v1/audit", adminAPI, s.api(s.handleAudit))
	s.handle("POST /api/v1/audit/{id}/rerun", analystAPI, s.api(s.handleAuditRerun))
	// A screening's record, and its printable page. An audit id (time and
	// content digest) is as hard to guess as a ticket, so whoever was given
	// one may read its record as a viewer; records by number, which can be
	// counted through, need the admin role as the rest of the audit log
	// does.
	s.handle("GET /api/v1/audit/{id}", openRead, s.api(s.handleAuditRecord))
	s.handle("GET /audit/{id}", openPage, s.handleAuditRecordPage)

	// The pages of the lists.
	s.handle("GET /{$}", openPage, s.handleSearchPage)
	s.handle("GET /entities/{id}", openPage, s.handleEntityPage)
	s.handle("GET /snapshots", openPage, s.handleSnapshotsPage)
	s.handle("GET /diff", openPage, s.handleDiffPage)
	s.handle("GET /timeline", openPage, s.handleTimelinePage)
	s.handle("GET /scan", openPage, s.handleScanPage)
	s.handle("POST /scan", openPage, s.handleScanPage)
	s.handle("GET /compare", openPage, s.handleComparePage)
	// Signing in needs no key at all.
	public := route{role: embargo.RoleViewer, read: true, public: true}
	s.handle("GET /login", public, s.handleLoginPage)
	s.handle("POST /login", public, s.handleLogin)
	s.handle("POST /logout", public, s.handleLogout)

	// The monitoring pages only read (customers and decisions are written
	// through the API, the command line and the analyst's forms); the
	// audit log is the admins', as GET /api/v1/audit.
	s.handle("GET /watchlists", keyPage, s.handleWatchlistsPage)
	s.handle("GET /watchlists/{list}/customers/{id}", keyPage, s.handleCustomerPage)
	s.handle("GET /alerts", keyPage, s.handleAlertsPage)
	s.handle("GET /audit", route{role: embargo.RoleAdmin}, s.handleAuditLogPage)
	// The analyst's forms: uploading customers to a watchlist (which
	// creates it) and deciding alerts.
	s.handle("POST /watchlists", analystForm, s.handleUploadCustomersPage)
	s.handle("POST /alerts/{id}/decision", analystForm, s.handleDecisionForm)
}
