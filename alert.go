package embargo

import (
	"context"
	"strings"
	"time"
)

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
