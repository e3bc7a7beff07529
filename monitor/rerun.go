package monitor

import (
	"context"
	"fmt"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// Rerunner screens a recorded screening again against its snapshots, with
// the index as it was (*engine.Engine implements it).
type Rerunner interface {
	Rerun(ctx context.Context, rec *embargo.AuditRecord) (*embargo.ScreenResult, error)
}

// RerunResult compares a rerun with its record.
type RerunResult struct {
	Record  *embargo.AuditRecord `json:"record"`
	Matches []embargo.Match      `json:"matches"`
	// Same is set when the rerun found the same matches with the same
	// scores; Differences says what differs otherwise.
	Same        bool     `json:"same"`
	Differences []string `json:"differences"`
}

// Rerun screens audit record id again and compares. Screenings by the
// engine are rerun by eng (the same query, snapshots and settings, on an
// index as it stood); monitoring records, which scored known pairs, are
// rerun by scoring the same customer against each recorded entity as it
// stood in the recorded snapshot. The rerun is recorded too. Returns
// ENOTFOUND if there is no such record.
func (s *Service) Rerun(ctx context.Context, id int64, eng Rerunner) (*RerunResult, error) {
	if s.Audit == nil {
		return nil, errNoAudit
	}
	rec, err := s.Audit.FindAuditRecordByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var got []embargo.Match
	if rec.Kind == embargo.AuditMonitor {
		if got, err = s.rescore(ctx, rec); err != nil {
			return nil, err
		}
		rr := &embargo.AuditRecord{Caller: callerName(ctx), Kind: embargo.AuditRerun, RerunOf: rec.ID, Customer: rec.Customer,
			Query: rec.Query, Snapshots: rec.Snapshots, Threshold: rec.Threshold, Limit: rec.Limit, Matches: got}
		if err := s.Audit.Record(ctx, rr); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
	} else {
		if eng == nil {
			return nil, embargo.Errorf(embargo.EINTERNAL, "rerun: no screening engine")
		}
		res, err := eng.Rerun(ctx, rec)
		if err != nil {
			return nil, err
		}
		got = res.Matches
	}
	diffs := CompareMatches(rec.Matches, got)
	if diffs == nil {
		diffs = []string{}
	}
	if got == nil {
		got = []embargo.Match{}
	}
	return &RerunResult{Record: rec, Matches: got, Same: len(diffs) == 0, Differences: diffs}, nil
}

// rescore scores a monitoring record's customer against each recorded
// entity as it stood in the recorded snapshot.
func (s *Service) rescore(ctx context.Context, rec *embargo.AuditRecord) ([]embargo.Match, error) {
	snaps := map[string]*embargo.Snapshot{}
	for src, id := range rec.Snapshots {
		snap, err := s.Lists.ResolveSnapshot(ctx, src, id)
		if err != nil {
			return nil, err
		}
		snaps[src] = snap
	}
	got := make([]embargo.Match, 0, len(rec.Matches))
	for _, m := range rec.Matches {
		snap, ok := snaps[m.Source]
		if !ok {
			return nil, embargo.Errorf(embargo.EINVALID, "audit record %d: match %s is of no recorded snapshot", rec.ID, m.EntityID)
		}
		e, err := s.Lists.FindEntityByID(ctx, m.EntityID, snap)
		if err != nil {
			return nil, err
		}
		if sm := match.Score(rec.Query, e); sm.Score >= rec.Threshold {
			got = append(got, sm)
		}
	}
	sortMatches(got)
	return got, nil
}

// CompareMatches lists how got differs from want: matches missing, added,
// ranked elsewhere or with another score or matched name. It returns nil
// when they are the same.
func CompareMatches(want, got []embargo.Match) []string {
	var diffs []string
	byID := make(map[string]embargo.Match, len(got))
	for _, m := range got {
		byID[m.EntityID] = m
	}
	seen := map[string]bool{}
	for i, w := range want {
		seen[w.EntityID] = true
		g, ok := byID[w.EntityID]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s (%s, %.3f) no longer matches", w.EntityID, w.Name, w.Score))
		case g.Score != w.Score:
			diffs = append(diffs, fmt.Sprintf("%s scores %v, recorded %v", w.EntityID, g.Score, w.Score))
		case g.MatchedName != w.MatchedName:
			diffs = append(diffs, fmt.Sprintf("%s matched %q, recorded %q", w.EntityID, g.MatchedName, w.MatchedName))
		case i >= len(got) || got[i].EntityID != w.EntityID:
			diffs = append(diffs, fmt.Sprintf("%s ranks elsewhere than recorded (%d)", w.EntityID, i+1))
		}
	}
	for _, g := range got {
		if !seen[g.EntityID] {
			diffs = append(diffs, fmt.Sprintf("%s (%s, %.3f) matches now, was not recorded", g.EntityID, g.Name, g.Score))
		}
	}
	return diffs
}
