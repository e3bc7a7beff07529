package monitor

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// Timeline event kinds.
const (
	EventCustomer  = "customer"  // added, updated or removed
	EventScreening = "screening" // an audit record of the customer
	EventRescreen  = "rescreen"  // a monitoring run covered the customer
	EventAlert     = "alert"     // an alert was raised
	EventDecision  = "decision"  // an analyst decided an alert
)

// TimelineEvent is one piece of a customer's evidence.
type TimelineEvent struct {
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"`
	Summary string    `json:"summary"`
	// SnapshotID is the snapshot screened against or that caused an alert.
	SnapshotID string                  `json:"snapshot_id,omitempty"`
	Change     *embargo.CustomerChange `json:"change,omitempty"`
	Record     *embargo.AuditRecord    `json:"record,omitempty"`
	Run        *embargo.MonitorRun     `json:"run,omitempty"`
	Alert      *embargo.Alert          `json:"alert,omitempty"`
	Decision   *embargo.Decision       `json:"decision,omitempty"`
}

// Timeline is the history of a customer's monitoring: registration and
// changes, every screening, every monitoring run that covered it, alerts
// and decisions, oldest first.
type Timeline struct {
	Customer embargo.CustomerRef `json:"customer"`
	// Current is the customer as it stands; nil once removed.
	Current *embargo.Customer `json:"current"`
	Events  []TimelineEvent   `json:"events"`
}

// Timeline returns a customer's timeline. Returns ENOTFOUND if the
// customer never existed.
func (s *Service) Timeline(ctx context.Context, list, id string) (*Timeline, error) {
	hist, err := s.Watch.CustomerHistory(ctx, list, id)
	if err != nil {
		return nil, err
	}
	last := hist[len(hist)-1]
	tl := &Timeline{Customer: last.Customer.Ref(), Events: []TimelineEvent{}}
	if last.Change != embargo.ChangeRemoved {
		if tl.Current, err = s.Watch.FindCustomer(ctx, list, id); err != nil {
			return nil, err
		}
	}
	add := func(ev TimelineEvent) { tl.Events = append(tl.Events, ev) }

	// Watched from each addition to the following removal, by revision.
	type span struct{ from, to int64 }
	var spans []span
	for _, ch := range hist {
		add(TimelineEvent{Time: ch.ChangedAt, Kind: EventCustomer, Change: ch,
			Summary: fmt.Sprintf("%s as %q (rev %d)", ch.Change, ch.Customer.Name, ch.Rev)})
		switch ch.Change {
		case embargo.ChangeAdded:
			spans = append(spans, span{ch.Rev, 0})
		case embargo.ChangeRemoved:
			if len(spans) > 0 {
				spans[len(spans)-1].to = ch.Rev
			}
		}
	}
	runs, err := s.Alerts.FindMonitorRuns(ctx, embargo.MonitorRunFilter{})
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		for _, sp := range spans {
			if r.WatchRev >= sp.from && (sp.to == 0 || r.WatchRev < sp.to) {
				what := fmt.Sprintf("%d changed entities", r.Entities)
				if r.FromSnapshot == "" {
					what = fmt.Sprintf("all %d entities", r.Entities)
				}
				add(TimelineEvent{Time: r.FinishedAt, Kind: EventRescreen, SnapshotID: r.ToSnapshot, Run: r,
					Summary: fmt.Sprintf("re-screened against %s of %s", what, r.ToSnapshot)})
				break
			}
		}
	}
	if s.Audit != nil {
		if err := s.Audit.FindAuditRecords(ctx, embargo.AuditFilter{List: list, CustomerID: id}, func(r *embargo.AuditRecord) error {
			add(TimelineEvent{Time: r.Time, Kind: EventScreening, SnapshotID: joinSnapshots(r.Snapshots), Record: r,
				Summary: screeningSummary(r)})
			return nil
		}); err != nil {
			return nil, err
		}
	}
	alerts, _, err := s.Alerts.FindAlerts(ctx, embargo.AlertFilter{List: &list, CustomerID: &id})
	if err != nil {
		return nil, err
	}
	for _, a := range alerts {
		add(TimelineEvent{Time: a.CreatedAt, Kind: EventAlert, SnapshotID: a.SnapshotID, Alert: a,
			Summary: fmt.Sprintf("alert %d: %s (%s) scored %.3f", a.ID, a.EntityID, a.Match.Name, a.Score)})
	}
	decisions, err := s.Alerts.FindDecisions(ctx, 0, list, id)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		add(TimelineEvent{Time: d.CreatedAt, Kind: EventDecision, Decision: d,
			Summary: fmt.Sprintf("alert %d decided %s by %s: %s", d.AlertID, d.Status, d.By, d.Note)})
	}
	order := map[string]int{EventCustomer: 0, EventScreening: 1, EventRescreen: 2, EventAlert: 3, EventDecision: 4}
	sort.SliceStable(tl.Events, func(i, j int) bool {
		a, b := tl.Events[i], tl.Events[j]
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		return order[a.Kind] < order[b.Kind]
	})
	return tl, nil
}

func joinSnapshots(m map[string]string) string {
	ids := make([]string, 0, len(m))
	for _, id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return strings.Join(ids, " ")
}

func screeningSummary(r *embargo.AuditRecord) string {
	verb := map[string]string{
		embargo.AuditWatch:   "screened on registration",
		embargo.AuditMonitor: "matched in re-screening",
		embargo.AuditRerun:   "screening re-run",
	}[r.Kind]
	if verb == "" {
		verb = "screened (" + r.Kind + ")"
	}
	if len(r.Matches) == 0 {
		return fmt.Sprintf("%s by %s: no match (record %d)", verb, r.Caller, r.ID)
	}
	best := r.Matches[0]
	return fmt.Sprintf("%s by %s: %d match(es), best %s (%s) %.3f (record %d)", verb, r.Caller, len(r.Matches), best.EntityID, best.Name, best.Score, r.ID)
}
