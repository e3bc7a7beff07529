package export

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/country"
	"github.com/embargo-dev/embargo/textscan"
)

func score(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

func snapshotList(m map[string]string) string {
	ids := make([]string, 0, len(m))
	for _, id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return Join(ids)
}

// ScreenHeader is the header of screening results.
var ScreenHeader = []string{"id", "query_name", "audit_id", "rank", "entity_id", "source", "source_id", "schema",
	"name", "matched_name", "score", "programs", "snapshots", "error"}

// ScreenResult writes one screening result: a row per match, or one row
// with empty match columns when nothing matched (so that every screened
// row of a batch appears in the export).
func ScreenResult(w *Writer, r *embargo.ScreenResult) error {
	var id, audit string
	if r.ID != nil {
		id = *r.ID
	}
	if r.AuditID != nil {
		audit = *r.AuditID
	}
	snaps := snapshotList(r.Snapshots)
	if len(r.Matches) == 0 {
		return w.Write(id, r.Query.Name, audit, "", "", "", "", "", "", "", "", "", snaps, r.Error)
	}
	for i, m := range r.Matches {
		err := w.Write(id, r.Query.Name, audit, strconv.Itoa(i+1), m.EntityID, m.Source, m.SourceID, string(m.Schema),
			m.Name, m.MatchedName, score(m.Score), Join(m.Programs), snaps, r.Error)
		if err != nil {
			return err
		}
	}
	return nil
}

// ScreenResults writes screening results with a header.
func ScreenResults(w *Writer, results ...*embargo.ScreenResult) error {
	if err := w.Write(ScreenHeader...); err != nil {
		return err
	}
	for _, r := range results {
		if err := ScreenResult(w, r); err != nil {
			return err
		}
	}
	return w.Flush()
}

// Mentions writes scan mentions with a header, one row per mention.
func Mentions(w *Writer, mentions []textscan.Mention) error {
	if err := w.Write("start", "end", "text", "entity_id", "source", "schema", "name", "matched_name", "score",
		"listed", "delisted_on", "found_by"); err != nil {
		return err
	}
	for _, m := range mentions {
		err := w.Write(strconv.FormatInt(m.Start, 10), strconv.FormatInt(m.End, 10), m.Text, m.EntityID, m.Source,
			string(m.Schema), m.Name, m.MatchedName, score(m.Score), strconv.FormatBool(m.Listed), m.DelistedOn, m.Rule)
		if err != nil {
			return err
		}
	}
	return w.Flush()
}

// Alerts writes alerts with a header.
func Alerts(w *Writer, alerts []*embargo.Alert) error {
	if err := w.Write("alert_id", "status", "list", "customer_id", "customer_name", "entity_id", "entity_name",
		"matched_name", "score", "programs", "snapshot_id", "cause", "created_at", "updated_at"); err != nil {
		return err
	}
	for _, a := range alerts {
		err := w.Write(strconv.FormatInt(a.ID, 10), string(a.Status), a.Customer.List, a.Customer.ID, a.Customer.Name,
			a.EntityID, a.Match.Name, a.Match.MatchedName, score(a.Score), Join(a.Match.Programs), a.SnapshotID, a.Cause,
			a.CreatedAt.UTC().Format(time.RFC3339), a.UpdatedAt.UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
	}
	return w.Flush()
}

// AuditHeader is the header of audit records.
var AuditHeader = []string{"id", "audit_id", "time", "kind", "caller", "batch_id", "row", "list", "customer_id",
	"query_name", "query_dob", "query_country", "as_of", "snapshots", "threshold", "matches", "best_entity_id",
	"best_score", "error", "prev_hash", "hash"}

// AuditRecord writes one audit record (without a header).
func AuditRecord(w *Writer, r *embargo.AuditRecord) error {
	var list, customer, best, bestScore, row string
	if r.Customer != nil {
		list, customer = r.Customer.List, r.Customer.ID
	}
	if len(r.Matches) > 0 {
		best, bestScore = r.Matches[0].EntityID, score(r.Matches[0].Score)
	}
	if r.Row != 0 {
		row = strconv.Itoa(r.Row)
	}
	audit, err := embargo.AuditIDOf(r)
	if err != nil {
		return err
	}
	return w.Write(strconv.FormatInt(r.ID, 10), audit, r.Time.UTC().Format(time.RFC3339Nano), r.Kind, r.Caller,
		r.BatchID, row, list, customer, r.Query.Name, r.Query.BirthDate, r.Query.Country, r.AsOf,
		snapshotList(r.Snapshots), strconv.FormatFloat(r.Threshold, 'f', -1, 64), strconv.Itoa(len(r.Matches)), best,
		bestScore, r.Error, r.PrevHash, r.Hash)
}

// DiffRow is one entity of a diff with what a reader filters and sorts it
// by: its programs, countries and listing date.
type DiffRow struct {
	Change    string         `json:"change"` // added, removed, changed
	EntityID  string         `json:"entity_id"`
	Name      string         `json:"name"`
	Schema    embargo.Schema `json:"schema"`
	Programs  []string       `json:"programs"`
	Countries []string       `json:"countries"`
	ListedOn  string         `json:"listed_on,omitempty"`
	// Fields names the fields that changed.
	Fields []string `json:"fields,omitempty"`
}

// DiffRows returns a diff's entities with their programs and countries:
// an added or changed entity as it stands in to, a removed one as it stood
// in from.
func DiffRows(ctx context.Context, store embargo.Store, d *embargo.Diff, from, to *embargo.Snapshot) ([]DiffRow, error) {
	index := func(snap *embargo.Snapshot, want int) (map[string]*embargo.Entity, error) {
		out := map[string]*embargo.Entity{}
		if want == 0 {
			return out, nil
		}
		ents, err := store.SnapshotEntities(ctx, snap)
		if err != nil {
			return nil, err
		}
		for i := range ents {
			out[ents[i].ID] = &ents[i]
		}
		return out, nil
	}
	before, err := index(from, len(d.Removed))
	if err != nil {
		return nil, err
	}
	after, err := index(to, len(d.Added)+len(d.Changed))
	if err != nil {
		return nil, err
	}
	rows := make([]DiffRow, 0, len(d.Added)+len(d.Removed)+len(d.Changed))
	add := func(change, id, name string, ents map[string]*embargo.Entity, fields []string) {
		r := DiffRow{Change: change, EntityID: id, Name: name, Fields: fields, Programs: []string{}, Countries: []string{}}
		if e := ents[id]; e != nil {
			r.Schema, r.ListedOn = e.Schema, e.ListedOn
			r.Programs = append(r.Programs, e.Programs...)
			r.Countries = CountryCodes(e.Countries())
		}
		rows = append(rows, r)
	}
	for _, ref := range d.Added {
		add("added", ref.EntityID, ref.Name, after, nil)
	}
	for _, ref := range d.Removed {
		add("removed", ref.EntityID, ref.Name, before, nil)
	}
	for _, ch := range d.Changed {
		fields := make([]string, len(ch.Fields))
		for i, f := range ch.Fields {
			fields[i] = f.Field
		}
		add("changed", ch.EntityID, ch.Name, after, fields)
	}
	return rows, nil
}

// CountryCodes returns the ISO codes of countries as lists write them,
// without repeats, keeping what has no code as written.
func CountryCodes(in []string) []string {
	out := []string{}
	for _, c := range in {
		if code := country.Code(c); code != "" {
			c = code
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// RowFilter selects rows by program, country and change. Empty fields match
// everything.
type RowFilter struct {
	// Program matches a program containing it, case-insensitively
	// ("russia" matches RUSSIA-EO14024).
	Program string
	// Country is a country name or ISO code.
	Country string
	// Change is added, removed or changed.
	Change string
}

// MatchProgram reports whether one of programs contains p (case-insensitive);
// an empty p matches.
func MatchProgram(programs []string, p string) bool {
	p = strings.ToUpper(strings.TrimSpace(p))
	if p == "" {
		return true
	}
	for _, prog := range programs {
		if strings.Contains(strings.ToUpper(prog), p) {
			return true
		}
	}
	return false
}

// MatchCountry reports whether countries (ISO codes or names) hold c, a
// country name or code; an empty c matches.
func MatchCountry(countries []string, c string) bool {
	c = strings.TrimSpace(c)
	if c == "" {
		return true
	}
	want := country.Code(c)
	for _, have := range countries {
		if strings.EqualFold(have, c) || (want != "" && country.Code(have) == want) {
			return true
		}
	}
	return false
}

// Filter returns the rows f selects.
func (f RowFilter) Filter(rows []DiffRow) []DiffRow {
	if f == (RowFilter{}) {
		return rows
	}
	var out []DiffRow
	for _, r := range rows {
		if (f.Change == "" || r.Change == f.Change) && MatchProgram(r.Programs, f.Program) && MatchCountry(r.Countries, f.Country) {
			out = append(out, r)
		}
	}
	return out
}

// Diff writes diff rows with a header; from and to name the snapshots.
func Diff(w *Writer, source, from, to string, rows []DiffRow) error {
	if err := w.Write("source", "from", "to", "change", "entity_id", "name", "schema", "programs", "countries",
		"listed_on", "fields_changed"); err != nil {
		return err
	}
	for _, r := range rows {
		err := w.Write(source, from, to, r.Change, r.EntityID, r.Name, string(r.Schema), Join(r.Programs),
			Join(r.Countries), r.ListedOn, Join(r.Fields))
		if err != nil {
			return fmt.Errorf("write diff: %w", err)
		}
	}
	return w.Flush()
}

// FilterDiff returns d with only the entities of rows (a filtered DiffRows).
func FilterDiff(d *embargo.Diff, rows []DiffRow) *embargo.Diff {
	keep := map[string]bool{}
	for _, r := range rows {
		keep[r.Change+"\x00"+r.EntityID] = true
	}
	out := &embargo.Diff{Source: d.Source, From: d.From, To: d.To, Added: []embargo.EntityRef{}, Removed: []embargo.EntityRef{}, Changed: []embargo.EntityChange{}}
	for _, ref := range d.Added {
		if keep["added\x00"+ref.EntityID] {
			out.Added = append(out.Added, ref)
		}
	}
	for _, ref := range d.Removed {
		if keep["removed\x00"+ref.EntityID] {
			out.Removed = append(out.Removed, ref)
		}
	}
	for _, ch := range d.Changed {
		if keep["changed\x00"+ch.EntityID] {
			out.Changed = append(out.Changed, ch)
		}
	}
	return out
}
