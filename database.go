package embargo

// Database is everything embargo keeps in its database: the lists and their
// snapshots, the watchlists, alerts and monitoring runs, the audit log and
// the journals that feed it, webhooks, API keys, download states, the
// cross-list links, and the coordination of the processes that share it. The SQLite and PostgreSQL
// databases implement it (each checks so at compile time); commands open
// one and hand its services to what needs them.
type Database interface {
	Store
	WatchlistService
	AlertService
	AuditService
	AuditJournalStore
	WebhookService
	KeyService
	FetchStateStore
	Coordinator
	CrossLinkStore

	// DefaultAuditJournal returns the directory of the audit journal a
	// server keeps when none is configured: beside the database's file, or
	// "" where the database has no file on this machine (in memory, or a
	// PostgreSQL server that replicas share).
	DefaultAuditJournal() string
}
