package embargo

import (
	"context"
	"strings"
	"time"
)

// Snapshot is a complete, dated version of one source's list.
type Snapshot struct {
	ID         string    `json:"snapshot_id"` // SOURCE@AS_OF
	Source     string    `json:"source"`
	Seq        int       `json:"seq"` // 1, 2, ... in as-of order within the source
	AsOf       time.Time `json:"as_of"`
	ImportedAt time.Time `json:"imported_at"`
	Entities   int       `json:"entities"`
	// ContentHash identifies the whole list's content.
	ContentHash string `json:"content_hash,omitempty"`
}

// MaxAsOfSkew is how far in the future a snapshot's date may lie: a list
// dated by a publisher a day ahead of UTC is accepted, one dated in a later
// year (a typo, or a file made to lock the source) is refused, since no
// real import could follow it.
const MaxAsOfSkew = 24 * time.Hour

// CheckAsOf returns EINVALID when asOf lies more than MaxAsOfSkew after
// now.
func CheckAsOf(source string, asOf, now time.Time) error {
	if asOf.After(now.Add(MaxAsOfSkew)) {
		return Errorf(EINVALID, "import %s: as-of %s is in the future (after %s, now plus %s of clock skew); check the file's date or --as-of",
			source, FormatAsOf(asOf), now.Add(MaxAsOfSkew).UTC().Format(time.RFC3339), MaxAsOfSkew)
	}
	return nil
}

// SnapshotRetraction records a snapshot taken back: a bad import (dated in
// the future, the wrong file) removed by an admin, with who and why.
type SnapshotRetraction struct {
	ID       int64     `json:"id"`
	Snapshot Snapshot  `json:"snapshot"`
	Reason   string    `json:"reason"`
	By       string    `json:"retracted_by"`
	At       time.Time `json:"retracted_at"`
}

// SnapshotID builds the id of a source's snapshot as of t: the date alone
// when t is midnight UTC, else the full time.
func SnapshotID(source string, t time.Time) string {
	return source + "@" + FormatAsOf(t)
}

// FormatAsOf formats an as-of time: "2006-01-02" at midnight UTC, else RFC 3339.
func FormatAsOf(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// ImportResult reports what an import did to one source.
type ImportResult struct {
	Source     string    `json:"source"`
	SnapshotID string    `json:"snapshot_id"`
	AsOf       string    `json:"as_of"`
	Entities   int       `json:"entities"`
	Added      int       `json:"added"`
	Removed    int       `json:"removed"`
	Changed    int       `json:"changed"`
	Unchanged  bool      `json:"unchanged"`
	Warnings   []string  `json:"warnings,omitempty"`
	Snapshot   *Snapshot `json:"-"`
}

// EntityVersion is one distinct content of an entity and the run of snapshots
// (by Seq, FromSeq inclusive, ToSeq exclusive; ToSeq 0 while still listed) in
// which it stood in its source's list.
type EntityVersion struct {
	Entity  Entity
	Hash    string
	FromSeq int
	ToSeq   int
}

// ValidAt reports whether the version was in the list at snapshot seq.
func (v *EntityVersion) ValidAt(seq int) bool {
	return v.FromSeq <= seq && (v.ToSeq == 0 || seq < v.ToSeq)
}

// EntityRef names an entity in a diff.
type EntityRef struct {
	EntityID string `json:"entity_id"`
	Name     string `json:"name"`
	// ListedOn is the listing date the source publishes, nil where none.
	ListedOn          *string `json:"listed_on"`
	ListedOnPublished bool    `json:"listed_on_published"`
}

// FieldChange is one field's value before and after a change.
type FieldChange struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// EntityChange lists the fields of an entity that changed between two snapshots.
type EntityChange struct {
	EntityID string        `json:"entity_id"`
	Name     string        `json:"name"`
	Fields   []FieldChange `json:"fields"`
}

// Diff is what changed in a source between two of its snapshots.
type Diff struct {
	Source  string         `json:"source"`
	From    string         `json:"from"`
	To      string         `json:"to"`
	Added   []EntityRef    `json:"added"`
	Removed []EntityRef    `json:"removed"`
	Changed []EntityChange `json:"changed"`
}

// ListEvent is one entity's designation ("added"), change ("changed") or
// delisting ("removed") in one snapshot, with what timelines group by.
type ListEvent struct {
	SnapshotID string    `json:"snapshot_id"`
	Seq        int       `json:"seq"`
	AsOf       time.Time `json:"as_of"`
	EntityID   string    `json:"entity_id"`
	Name       string    `json:"name"`
	Change     string    `json:"change"`
	Schema     Schema    `json:"schema"`
	Programs   []string  `json:"programs"`
	Countries  []string  `json:"countries"`
}

// HistoryEvent is one snapshot in which an entity was added, changed or removed.
type HistoryEvent struct {
	SnapshotID string        `json:"snapshot_id"`
	AsOf       string        `json:"as_of"`
	Change     string        `json:"change"` // "added", "changed", "removed"
	Name       string        `json:"name"`
	Fields     []FieldChange `json:"fields,omitempty"`
	// Between is, for a removal, the last snapshot that held the entity
	// and the first that did not: the removal happened in between.
	Between *Interval `json:"between,omitempty"`
}

// History is an entity's life across its source's snapshots.
type History struct {
	EntityID  string `json:"entity_id"`
	Name      string `json:"name"`
	Source    string `json:"source"`
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
	// ListedOn is the listing date the source publishes (its latest
	// version's), nil where it publishes none.
	ListedOn          *string `json:"listed_on"`
	ListedOnPublished bool    `json:"listed_on_published"`
	// Note says in words what the dates above mean (see DatesNote).
	Note   string         `json:"note"`
	Listed bool           `json:"listed"` // in the source's latest snapshot
	Events []HistoryEvent `json:"events"`
}

// SnapshotFilter selects snapshots. Nil fields match everything.
type SnapshotFilter struct {
	Source *string
}

// Store keeps every version of every list.
type Store interface {
	// ImportList stores list as a new snapshot of its source as of asOf.
	// Content identical to the source's latest snapshot creates nothing and
	// returns a result with Unchanged set. Returns EINVALID if asOf is not
	// after the source's latest snapshot, ECONFLICT if a snapshot with the
	// same as-of and different content exists.
	ImportList(ctx context.Context, list *ParsedList, asOf time.Time) (*ImportResult, error)

	// ImportLists imports, in one transaction, the lists next yields until
	// it returns a nil list: all of them or, on any error (next's
	// included), none. done is called with each list's result.
	ImportLists(ctx context.Context, next func() (*ParsedList, time.Time, error), done func(*ImportResult) error) error

	// FindSnapshots returns the snapshots that match filter, by source then as-of.
	FindSnapshots(ctx context.Context, filter SnapshotFilter) ([]*Snapshot, error)

	// ResolveSnapshot finds a source's snapshot by id, or by date or time
	// (the latest snapshot on or before it). Returns ENOTFOUND if none.
	ResolveSnapshot(ctx context.Context, source, ref string) (*Snapshot, error)

	// SnapshotAsOf returns the latest snapshot of source on or before t.
	// Returns ENOTFOUND if the source has none that early.
	SnapshotAsOf(ctx context.Context, source string, t time.Time) (*Snapshot, error)

	// Sources returns the names of the sources that have snapshots.
	Sources(ctx context.Context) ([]string, error)

	// FindEntityByID returns the entity as it stood in the given snapshot, or
	// in the latest version ever stored when snapshot is nil. Returns
	// ENOTFOUND if the entity was never in that snapshot.
	FindEntityByID(ctx context.Context, id string, snapshot *Snapshot) (*Entity, error)

	// SnapshotEntities returns every entity in a snapshot, ordered by id.
	SnapshotEntities(ctx context.Context, snapshot *Snapshot) ([]Entity, error)

	// EntityVersions calls fn for every stored version of every entity of
	// source (all sources when source is ""), for building search indexes
	// that answer as of any date.
	EntityVersions(ctx context.Context, source string, fn func(*EntityVersion) error) error

	// Diff compares two snapshots of one source.
	Diff(ctx context.Context, from, to *Snapshot) (*Diff, error)

	// Events returns every designation, change and delisting of source's
	// entities across its snapshots, in snapshot order. The first snapshot's
	// entities count as added.
	Events(ctx context.Context, source string) ([]ListEvent, error)

	// EntityHistory returns an entity's history. Returns ENOTFOUND if the
	// entity was never listed.
	EntityHistory(ctx context.Context, id string) (*History, error)

	// RetractSnapshot removes a source's latest snapshot as if it had never
	// been imported (the versions it opened go, those it closed reopen) and
	// records the retraction with reason and by. Returns ENOTFOUND if there
	// is no such snapshot, EINVALID if it is not its source's latest (retract
	// the later ones first) or reason is empty.
	RetractSnapshot(ctx context.Context, id, reason, by string) (*SnapshotRetraction, error)

	// FindRetractions returns the retractions, oldest first.
	FindRetractions(ctx context.Context) ([]*SnapshotRetraction, error)

	// IndexCache returns the screening index (engine.Engine.Load) that
	// PutIndexCache stored under key. Returns ENOTFOUND if none is.
	IndexCache(ctx context.Context, key string) ([]byte, error)

	// PutIndexCache stores a screening index under key, in place of any
	// stored before. The key names everything the index was built from:
	// whoever puts must make sure of that (see engine's indexKey).
	PutIndexCache(ctx context.Context, key string, data []byte) error

	// Close releases the store's resources.
	Close() error
}

// ParseAsOf parses a date ("2021-04-25"), an RFC 3339 time, or the compact
// UTC stamps of scraped folders ("2021-08-18T093901Z"). With endOfDay, a bare
// date means the end of that day, so that a snapshot taken at any time on
// the day counts as "on or before" it.
func ParseAsOf(s string, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if endOfDay {
			t = t.Add(24*time.Hour - time.Nanosecond)
		}
		return t, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T150405Z", "20060102T150405Z", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, Errorf(EINVALID, "invalid date %q: want YYYY-MM-DD or an RFC 3339 time", s)
}

// SnapshotsAsOf returns each source's snapshot current at t (its latest on
// or before t), by source; sources without one that early are left out.
func SnapshotsAsOf(ctx context.Context, s Store, t time.Time) ([]*Snapshot, error) {
	sources, err := s.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var snaps []*Snapshot
	for _, src := range sources {
		snap, err := s.SnapshotAsOf(ctx, src, t)
		if ErrorCode(err) == ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		snaps = append(snaps, snap)
	}
	return snaps, nil
}

// ImportObserver follows the imports of the process it is registered in
// (see package ingest): the screening index reloads, monitoring re-screens
// the watchlists, metrics count.
type ImportObserver interface {
	// OnImport is called, once an import is committed, with the results
	// that created snapshots (at least one).
	OnImport(ctx context.Context, created []*ImportResult) error
}
