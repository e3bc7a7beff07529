package embargo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Customer is a party a firm watches: it is screened when it is registered
// and re-screened whenever a list changes. List and ID identify it; saving a
// customer with the same list and id again updates it.
type Customer struct {
	List        string       `json:"list"`
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Schema      Schema       `json:"type,omitempty"`
	BirthDate   string       `json:"dob,omitempty"`     // YYYY[-MM[-DD]]
	Country     string       `json:"country,omitempty"` // ISO 3166-1 alpha-2 or a country name
	Identifiers []Identifier `json:"identifiers,omitempty"`
	// Rev is the watchlist revision of the customer's latest change.
	Rev       int64      `json:"rev"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	RemovedAt *time.Time `json:"removed_at,omitempty"`
}

// Customer limits.
const (
	// MaxCustomerName is the longest customer name accepted, in bytes.
	MaxCustomerName = 1000
	// MaxCustomerKey is the longest list name or customer id, in bytes.
	MaxCustomerKey = 200
)

// Normalize trims the customer's fields and drops empty identifiers, so that
// equal content hashes the same.
func (c *Customer) Normalize() {
	c.List = strings.TrimSpace(c.List)
	c.ID = strings.TrimSpace(c.ID)
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	c.BirthDate = strings.TrimSpace(c.BirthDate)
	c.Country = strings.TrimSpace(c.Country)
	ids := c.Identifiers[:0]
	for _, id := range c.Identifiers {
		id.Type = strings.TrimSpace(id.Type)
		id.Value = strings.TrimSpace(id.Value)
		id.Country = strings.TrimSpace(id.Country)
		if id.Value != "" {
			ids = append(ids, id)
		}
	}
	c.Identifiers = nilIfEmpty(ids)
}

// Validate checks a normalised customer. Returns EINVALID when the list,
// id or name is missing, too long or not valid UTF-8.
func (c *Customer) Validate() error {
	where := "customer"
	if c.ID != "" {
		where = "customer " + strconv.Quote(c.ID)
	}
	switch {
	case c.List == "":
		return Errorf(EINVALID, "%s: list name required", where)
	case c.ID == "":
		return Errorf(EINVALID, "customer %q: id required", c.Name)
	case c.Name == "":
		return Errorf(EINVALID, "%s: name required", where)
	case len(c.List) > MaxCustomerKey || len(c.ID) > MaxCustomerKey:
		return Errorf(EINVALID, "%s: list name and id may be at most %d bytes", where, MaxCustomerKey)
	case len(c.Name) > MaxCustomerName:
		return Errorf(EINVALID, "%s: name longer than %d bytes", where, MaxCustomerName)
	case !utf8.ValidString(c.List + c.ID + c.Name + c.BirthDate + c.Country):
		return Errorf(EINVALID, "%s: not valid UTF-8", where)
	case strings.ContainsAny(c.List, "/?#"):
		return Errorf(EINVALID, "%s: list name %q may not contain / ? or #", where, c.List)
	}
	return nil
}

// Query returns what the customer is screened as.
func (c *Customer) Query() Query {
	return Query{ID: c.ID, Name: c.Name, Schema: c.Schema, BirthDate: c.BirthDate, Country: c.Country, Identifiers: c.Identifiers}
}

// Ref returns the customer's reference, as alerts and audit records hold it.
func (c *Customer) Ref() CustomerRef { return CustomerRef{List: c.List, ID: c.ID, Name: c.Name} }

// Hash returns a content hash of what the customer is screened as (list,
// id, name, type, date of birth, country, identifiers): equal for equal
// content. Call Normalize first.
func (c *Customer) Hash() string {
	b, err := json.Marshal(struct {
		List string
		ID   string
		Query
	}{c.List, c.ID, c.Query()})
	if err != nil {
		panic("embargo: marshal customer: " + err.Error()) // plain data
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// CustomerRef names a customer in alerts, decisions and audit records.
type CustomerRef struct {
	List string `json:"list"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Watchlist is a named set of customers.
type Watchlist struct {
	Name      string `json:"name"`
	Customers int    `json:"customers"`
}

// Customer changes, as CustomerChange.Change says.
const (
	ChangeAdded   = "added"
	ChangeUpdated = "updated"
	ChangeRemoved = "removed"
)

// CustomerChange is one change to a watchlist: a customer added, updated
// or removed. Rev orders changes; it only grows.
type CustomerChange struct {
	Rev       int64     `json:"rev"`
	Change    string    `json:"change"`
	Customer  Customer  `json:"customer"`
	ChangedAt time.Time `json:"changed_at"`
}

// SaveResult reports what SaveCustomers did.
type SaveResult struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Changed holds the customers added or updated, as stored, in input
	// order: those to screen.
	Changed []*Customer `json:"-"`
}

// CustomerFilter selects customers. Nil fields match everything.
type CustomerFilter struct {
	List   *string
	Offset int
	Limit  int // 0: no limit
}

// WatchlistService keeps the customers that are monitored.
type WatchlistService interface {
	// SaveCustomers adds customers, and updates those whose list and id
	// exist, in one transaction: all or nothing. A customer whose content
	// did not change is left as it was. A removed customer saved again is
	// added anew. Returns EINVALID for a customer without list, id or name,
	// or two customers with the same list and id.
	SaveCustomers(ctx context.Context, customers []*Customer) (*SaveResult, error)

	// FindCustomer returns a customer. Returns ENOTFOUND if there is none
	// with that list and id, or it was removed.
	FindCustomer(ctx context.Context, list, id string) (*Customer, error)

	// FindCustomers returns the customers filter selects, by list then id,
	// and how many there are in all.
	FindCustomers(ctx context.Context, filter CustomerFilter) ([]*Customer, int, error)

	// RemoveCustomer removes a customer from its list; its history stays.
	// Returns ENOTFOUND if there is no such customer.
	RemoveCustomer(ctx context.Context, list, id string) error

	// Watchlists returns every list that has customers, by name.
	Watchlists(ctx context.Context) ([]*Watchlist, error)

	// WatchRev returns the revision of the latest change to any watchlist
	// (0 when there has been none).
	WatchRev(ctx context.Context) (int64, error)

	// CustomerChanges calls fn for every change with a revision above
	// since, in revision order: replayed from 0 they rebuild every list.
	CustomerChanges(ctx context.Context, since int64, fn func(*CustomerChange) error) error

	// CustomerHistory returns every change of one customer, oldest first.
	// Returns ENOTFOUND if the customer never existed.
	CustomerHistory(ctx context.Context, list, id string) ([]*CustomerChange, error)
}

// AlertStatus is where an alert stands: open until an analyst decides it.
type AlertStatus string

// Alert statuses. Open and needs-review alerts are active: a customer and
// entity pair has at most one active alert.
const (
	AlertOpen          AlertStatus = "open"
	AlertTrueMatch     AlertStatus = "true_match"
	AlertFalsePositive AlertStatus = "false_positive"
	AlertNeedsReview   AlertStatus = "needs_review"
)

// ParseAlertStatus parses a status name. Returns EINVALID for an unknown one.
func ParseAlertStatus(s string) (AlertStatus, error) {
	switch st := AlertStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case AlertOpen, AlertTrueMatch, AlertFalsePositive, AlertNeedsReview:
		return st, nil
	}
	return "", Errorf(EINVALID, "unknown alert status %q (want open, true_match, false_positive or needs_review)", s)
}

// Active reports whether the alert still waits for a final decision.
func (s AlertStatus) Active() bool { return s == AlertOpen || s == AlertNeedsReview }

// What raised an alert, as Alert.Cause says.
const (
	// CauseListChange: an import added or changed the entity.
	CauseListChange = "list_change"
	// CauseCustomer: the customer was added or changed and screened.
	CauseCustomer = "customer"
)

// Alert says that a watched customer may be a listed entity.
type Alert struct {
	ID       int64       `json:"id"`
	Customer CustomerRef `json:"customer"`
	// CustomerHash is the content hash of the customer when screened.
	CustomerHash string `json:"customer_hash"`
	EntityID     string `json:"entity_id"`
	// EntityHash is the content hash of the entity version that matched.
	EntityHash string  `json:"entity_hash"`
	Score      float64 `json:"score"`
	// Match is the match as screening found it: names, programs and the
	// explanation.
	Match Match `json:"match"`
	// SnapshotID is the snapshot that caused the alert.
	SnapshotID string      `json:"snapshot_id"`
	Cause      string      `json:"cause"`
	Status     AlertStatus `json:"status"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// AlertFilter selects alerts. Nil fields match everything.
type AlertFilter struct {
	Status     *AlertStatus
	List       *string
	CustomerID *string
	EntityID   *string
	Offset     int
	Limit      int // 0: no limit
}

// Decision is an analyst's verdict on an alert. Decisions are kept forever:
// a new decision on the same alert is added, never replaces one.
type Decision struct {
	ID           int64       `json:"id"`
	AlertID      int64       `json:"alert_id"`
	Customer     CustomerRef `json:"customer"`
	CustomerHash string      `json:"customer_hash"`
	EntityID     string      `json:"entity_id"`
	// EntityHash is the entity content the decision was made on: a false
	// positive suppresses the pair only while the entity keeps it.
	EntityHash string      `json:"entity_hash"`
	Status     AlertStatus `json:"status"`
	Note       string      `json:"note"`
	By         string      `json:"by"`
	CreatedAt  time.Time   `json:"created_at"`
}

// MonitorRun is one re-screening of the watchlists against a snapshot's
// changes. The latest run of a source says up to which snapshot its changes
// have been screened.
type MonitorRun struct {
	ID     int64  `json:"id"`
	Source string `json:"source"`
	// FromSnapshot is the snapshot compared with; empty for the first run
	// of a source, which screens every entity.
	FromSnapshot string `json:"from_snapshot"`
	ToSnapshot   string `json:"to_snapshot"`
	ToSeq        int    `json:"to_seq"`
	// WatchRev is the watchlist revision screened.
	WatchRev int64 `json:"watch_rev"`
	// Entities is the number of added and changed entities screened.
	Entities  int `json:"entities"`
	Customers int `json:"customers"`
	// Candidates is the number of customer and entity pairs scored.
	Candidates int `json:"candidates"`
	// Matches is the number of pairs at or above the threshold; Alerts of
	// them raised an alert, Suppressed did not (an active alert or a
	// decision covers the pair).
	Matches    int       `json:"matches"`
	Alerts     int       `json:"alerts"`
	Suppressed int       `json:"suppressed"`
	Threshold  float64   `json:"threshold"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// MonitorRunFilter selects monitoring runs. Nil fields match everything.
type MonitorRunFilter struct {
	Source *string
	Since  *time.Time // runs finished at or after
}

// AlertService keeps alerts, the decisions on them and the monitoring runs
// that raised them.
type AlertService interface {
	// CreateAlerts stores new alerts in one transaction and returns those
	// stored, with ID, Status and times set. It skips an alert whose pair
	// of customer and entity already has an active alert, and one that a
	// decision covers: a false positive or true match decided on the same
	// customer content and entity content. When run is not nil it is stored
	// in the same transaction, with its Alerts and Suppressed counts set,
	// so that a run and its alerts are stored together or not at all.
	// Returns EINVALID for an alert without customer, entity or snapshot.
	CreateAlerts(ctx context.Context, alerts []*Alert, run *MonitorRun) ([]*Alert, error)

	// FindAlertByID returns an alert. Returns ENOTFOUND if there is none.
	FindAlertByID(ctx context.Context, id int64) (*Alert, error)

	// FindAlerts returns the alerts filter selects, newest first, and how
	// many there are in all.
	FindAlerts(ctx context.Context, filter AlertFilter) ([]*Alert, int, error)

	// DecideAlert records a decision (AlertID, Status, Note, By; the rest
	// is filled in from the alert) and sets the alert's status. Returns
	// ENOTFOUND if there is no such alert, EINVALID for a status other than
	// true_match, false_positive or needs_review or a missing note or
	// decider, and ECONFLICT when reopening the alert would give its pair
	// two active alerts.
	DecideAlert(ctx context.Context, d *Decision) (*Alert, error)

	// FindDecisions returns the decisions on an alert, oldest first, or on
	// every alert of a customer when alertID is 0 and list and customerID
	// are set.
	FindDecisions(ctx context.Context, alertID int64, list, customerID string) ([]*Decision, error)

	// LastMonitorRun returns the latest monitoring run of source. Returns
	// ENOTFOUND if there has been none.
	LastMonitorRun(ctx context.Context, source string) (*MonitorRun, error)

	// FindMonitorRuns returns the runs filter selects, oldest first.
	FindMonitorRuns(ctx context.Context, filter MonitorRunFilter) ([]*MonitorRun, error)
}

// Audit record kinds.
const (
	AuditScreen  = "screen"  // one query (CLI, API)
	AuditBatch   = "batch"   // one row of a batch
	AuditWatch   = "watch"   // a watched customer screened when added or changed
	AuditMonitor = "monitor" // a watched customer checked against a list change
	AuditRerun   = "rerun"   // a recorded screening screened again
)

// AuditRecord is one screening as it happened: who asked, what, against
// which snapshots, with which settings, and what it found. Records are
// chained: each one's Hash covers its content and the previous record's
// hash, so that a record altered, removed from the middle or reordered is
// detected.
type AuditRecord struct {
	ID     int64     `json:"id"`
	Time   time.Time `json:"time"`
	Caller string    `json:"caller"`
	Kind   string    `json:"kind"`
	// BatchID and Row (1-based) place a batch row.
	BatchID  string       `json:"batch_id,omitempty"`
	Row      int          `json:"row,omitempty"`
	Customer *CustomerRef `json:"customer,omitempty"`
	// RerunOf is the record a rerun repeated.
	RerunOf int64 `json:"rerun_of,omitempty"`
	Query   Query `json:"query"`
	// Sources and AsOf are the options asked for; Snapshots are the
	// snapshots they resolved to, by source.
	Sources   []string          `json:"sources,omitempty"`
	AsOf      string            `json:"as_of,omitempty"`
	Snapshots map[string]string `json:"snapshots"`
	// Index is each source's latest snapshot in the screening index, whose
	// name statistics weigh tokens: a rerun rebuilds the index as it was.
	Index     map[string]string `json:"index,omitempty"`
	Threshold float64           `json:"threshold"`
	Limit     int               `json:"limit"`
	Matches   []Match           `json:"matches"`
	// NotCovered keeps the sources the screening could not cover.
	NotCovered []NotCovered `json:"not_covered,omitempty"`
	Error      string       `json:"error,omitempty"`
	PrevHash   string       `json:"prev_hash"`
	Hash       string       `json:"hash"`

	// content is the canonical content Seal computed, if it was called.
	content []byte
}

// Auditor records screenings.
type Auditor interface {
	// Record appends records to the audit log in one transaction, setting
	// their ID, PrevHash and Hash (and Time when zero).
	Record(ctx context.Context, recs ...*AuditRecord) error
}

// AuditJournalStore is an audit log that a journal moves records into: it
// remembers, per journal, the sequence number of the last record moved, in
// the same transaction as the records.
type AuditJournalStore interface {
	Auditor

	// RecordJournaled records recs like Auditor.Record, and sets journal's
	// position to seq in the same transaction.
	RecordJournaled(ctx context.Context, journal string, seq int64, recs ...*AuditRecord) error

	// JournalPosition returns journal's position: the sequence number of
	// the last record moved from it, or 0.
	JournalPosition(ctx context.Context, journal string) (int64, error)
}

// AuditFilter selects audit records. Zero fields match everything.
type AuditFilter struct {
	Since      time.Time // recorded at or after
	Until      time.Time // recorded before
	AfterID    int64
	Kind       string
	BatchID    string
	List       string // with CustomerID: one customer's records
	CustomerID string
	Limit      int // 0: no limit
}

// AuditService keeps the audit log: append-only, except that records older
// than the retention period may be pruned.
type AuditService interface {
	Auditor

	// FindAuditRecordByID returns a record. Returns ENOTFOUND if there is
	// none.
	FindAuditRecordByID(ctx context.Context, id int64) (*AuditRecord, error)

	// FindAuditRecords calls fn for each record filter selects, in id
	// order, streaming.
	FindAuditRecords(ctx context.Context, filter AuditFilter, fn func(*AuditRecord) error) error

	// PruneAudit deletes the records older than before and returns how
	// many it deleted.
	PruneAudit(ctx context.Context, before time.Time) (int, error)

	// VerifyAudit checks the hash chain of every remaining record and
	// returns how many it checked. Returns ECONFLICT naming the first
	// record whose content or place does not match its hash.
	VerifyAudit(ctx context.Context) (int, error)
}

// AuditHash returns the chained hash of an audit record: SHA-256 over the
// previous record's hash, the record's id and its canonical JSON content
// (the record without ID, PrevHash and Hash).
func AuditHash(prevHash string, id int64, content []byte) string {
	h := sha256.New()
	h.Write([]byte(prevHash))
	h.Write([]byte{'\n'})
	h.Write([]byte(strconv.FormatInt(id, 10)))
	h.Write([]byte{'\n'})
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// AuditContent returns the canonical JSON content of a record that its
// hash covers: every field but ID, PrevHash and Hash.
// It is what json.Marshal makes of the record with those three zero (see
// jsonenc.go).
func AuditContent(r *AuditRecord) ([]byte, error) {
	if r.content != nil {
		return r.content, nil
	}
	return appendAuditContent(nil, r)
}

// Seal computes the record's canonical content now, so that recording it
// later costs no encoding: screening workers seal their records in
// parallel, and the one writer of the hash chain only stores them. The
// record must not change after Seal, but for ID, PrevHash and Hash, which
// recording sets. A zero Time is set to now. Sealing a sealed record does
// nothing: the stages a record passes (a group, a journal, the log) can
// each make sure of it without encoding it again.
func (r *AuditRecord) Seal() error {
	if r.content != nil {
		return nil
	}
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	r.Time = r.Time.UTC()
	b, err := AuditContent(r)
	if err != nil {
		return err
	}
	r.content = b
	return nil
}

// Webhook is an endpoint that alerts are posted to, signed with its secret.
type Webhook struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
	// Secret is the shared HMAC-SHA256 key; it is never shown again.
	Secret    string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// WebhookDelivery is one attempt to post an alert to a webhook.
type WebhookDelivery struct {
	ID        int64 `json:"id"`
	WebhookID int64 `json:"webhook_id"`
	AlertID   int64 `json:"alert_id"`
	Attempt   int   `json:"attempt"` // 1-based
	// OK is set when the endpoint answered with a 2xx status.
	OK         bool      `json:"ok"`
	StatusCode int       `json:"status_code,omitempty"`
	Error      string    `json:"error,omitempty"`
	Duration   float64   `json:"duration_ms"`
	CreatedAt  time.Time `json:"created_at"`
}

// WebhookService keeps webhooks and their deliveries.
type WebhookService interface {
	// CreateWebhook adds a webhook, setting its ID and CreatedAt. Returns
	// EINVALID for a URL that is not http(s) or an empty secret.
	CreateWebhook(ctx context.Context, w *Webhook) error

	// FindWebhooks returns the webhooks not deleted, by id.
	FindWebhooks(ctx context.Context) ([]*Webhook, error)

	// DeleteWebhook deletes a webhook; its deliveries stay. Returns
	// ENOTFOUND if there is no such webhook.
	DeleteWebhook(ctx context.Context, id int64) error

	// RecordDelivery stores one delivery attempt, setting its ID.
	RecordDelivery(ctx context.Context, d *WebhookDelivery) error

	// FindDeliveries returns the attempts to deliver to a webhook (every
	// webhook when webhookID is 0), oldest first, at most limit (0: all).
	FindDeliveries(ctx context.Context, webhookID int64, limit int) ([]*WebhookDelivery, error)

	// UndeliveredAlerts returns the alerts a webhook has not received yet
	// (no successful attempt) and has tried fewer than maxAttempts times,
	// among those created since the webhook was, oldest first, at most
	// limit (0: all).
	UndeliveredAlerts(ctx context.Context, webhookID int64, maxAttempts, limit int) ([]*PendingDelivery, error)
}

// PendingDelivery is an alert a webhook has not received yet.
type PendingDelivery struct {
	Alert *Alert
	// Attempts is how many times delivery failed so far.
	Attempts int
}

// ImportObserver is told about imports, so that what depends on the lists
// (monitoring) follows them.
type ImportObserver interface {
	// OnImport is called after each import that created a snapshot.
	OnImport(ctx context.Context, res *ImportResult) error
}

// Caller says who asks for a screening, for the audit log.
type Caller struct {
	// Name identifies the caller: "cli:alice", "api:key 3 (ops)", "monitor".
	Name string
	// Kind overrides the audit record kind (AuditMonitor, AuditRerun).
	Kind string
	// Customer is the watched customer screened, if any.
	Customer *CustomerRef
	// RerunOf is the audit record being re-run, if any.
	RerunOf int64
}

type callerKey struct{}

// NewContextWithCaller returns a context carrying the caller.
func NewContextWithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFromContext returns the caller the context carries, or a zero Caller.
func CallerFromContext(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}
