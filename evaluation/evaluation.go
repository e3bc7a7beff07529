package evaluation

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// KindNegative is the kind of rows that must not match anything.
const KindNegative = "negative"

// KindAllNegative sums every kind of negative rows in a Report (the
// benchmark has several: "neg_unlisted", "neg_same_surname", ...).
const KindAllNegative = "all_negative"

// Row is one labelled query.
type Row struct {
	ID               string
	Name             string
	Type             string // person, organization, vessel, aircraft or empty
	ExpectedSourceID string // the source id (or SOURCE:ID entity id, or several joined by "|") to find; empty for negatives
	Kind             string
	// Split is "train" or "test" in the benchmark (empty elsewhere); Keys
	// names the listed entities the row was made from, space-separated
	// (see bench.SplitOf).
	Split string
	Keys  string
}

// Negative reports whether the row expects no match.
func (r Row) Negative() bool { return r.ExpectedSourceID == "" || r.Kind == KindNegative }

// ReadCSVFile reads a query set from a file (see ReadCSV); errors name it.
func ReadCSVFile(path string) ([]Row, error) { return readFile(path, ReadCSV) }

// ReadCSV reads a query set: a header naming at least the columns name and
// kind, plus id, type and expected_source_id where present, in any order.
func ReadCSV(r io.Reader) ([]Row, error) {
	var rows []Row
	err := readTable(r, []string{"name", "kind"}, func(get func(col string) string) error {
		row := Row{ID: get("id"), Name: get("name"), Type: get("type"),
			ExpectedSourceID: get("expected_source_id"), Kind: get("kind"),
			Split: get("split"), Keys: get("keys")}
		if row.Kind == "" {
			row.Kind = KindNegative
			if row.ExpectedSourceID != "" {
				row.Kind = "positive"
			}
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// readTable reads a CSV table whose header names at least the columns
// need (in any order, in any case) and calls fn with each row's getter,
// which gives the trimmed value of a column, or "" when the row or the
// header has none. An error names the row's line, counting the header as
// line 1.
func readTable(r io.Reader, need []string, fn func(get func(col string) string) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range need {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("header has no %q column", c)
		}
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil {
			err = fn(func(c string) string {
				if i, ok := col[c]; ok && i < len(rec) {
					return strings.TrimSpace(rec[i])
				}
				return ""
			})
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

// open opens the file path for reading; its error names the path once, as
// EINVALID.
// readFile reads the file path with read. Its errors name the file and
// are EINVALID: the file is the user's input.
func readFile[T any](path string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", path, err)
	}
	return v, nil
}

func open(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once
		}
		return nil, embargo.Errorf(embargo.EINVALID, "%s: %v", path, err)
	}
	return f, nil
}

// Outcome is what screening one row gave.
type Outcome struct {
	Row Row
	// Rank is the 1-based rank of the expected entity among the matches, 0
	// when it is not among them; Score is its score.
	Rank  int
	Score float64
	// TopScore is the best score of any other entity than the expected one
	// (for negatives: of any entity), and TopName its listed name.
	TopScore float64
	TopName  string
	// First reports whether the expected entity is ranked first: first in
	// the screener's order, or after other entities only that score the
	// same and matched the same name (the same words, name.Tokens, in any
	// order, titles aside). Two listed namesakes that score the same cannot be told apart
	// by the name, so a tie between them is a shared first place; a tie
	// with a different name is broken by the screener's order.
	First bool
	Err   error
}

// KindStats counts one kind's outcomes at one threshold.
type KindStats struct {
	N     int
	Found int // expected entity matched with score >= threshold
	Top1  int // ... and ranked first
	FP    int // negatives: any match with score >= threshold
}

// Report is the result of Run.
type Report struct {
	Thresholds []float64
	Kinds      []string // sorted, negatives last
	// Stats[kind][i] are the counts at Thresholds[i]; the kind "all"
	// sums every positive kind.
	Stats    map[string][]KindStats
	Outcomes []Outcome
	// Negative tells the kinds of negative rows (no expected entity).
	Negative map[string]bool
}

// Run screens every row once with screen, which should report every match
// (threshold 0) sorted best first, and computes the counts at each
// threshold from the scores.
func Run(rows []Row, screen func(embargo.Query) ([]embargo.Match, error), thresholds []float64) *Report {
	r := &Report{Thresholds: append([]float64(nil), thresholds...), Stats: map[string][]KindStats{}, Negative: map[string]bool{KindAllNegative: true}}
	sort.Float64s(r.Thresholds)
	for _, row := range rows {
		q := embargo.Query{ID: row.ID, Name: row.Name, Schema: embargo.ParseSchema(row.Type)}
		ms, err := screen(q)
		o := Outcome{Row: row, Err: err}
		matched := ""
		for i, m := range ms {
			if !row.Negative() && IsExpected(m, row.ExpectedSourceID) {
				if o.Rank == 0 {
					o.Rank, o.Score, matched = i+1, m.Score, m.MatchedName
				}
			} else if o.TopName == "" || m.Score > o.TopScore {
				o.TopScore, o.TopName = m.Score, m.MatchedName
			}
		}
		o.First = o.Rank == 1 || o.Rank > 1 && firstOf(ms[:o.Rank-1], o.Score, matched, row.ExpectedSourceID)
		r.Outcomes = append(r.Outcomes, o)
	}
	kinds := map[string]bool{}
	for _, o := range r.Outcomes {
		kinds[o.Row.Kind] = true
		all := "all"
		if o.Row.Negative() {
			r.Negative[o.Row.Kind] = true
			all = KindAllNegative
		}
		for _, k := range []string{o.Row.Kind, all} {
			st := r.Stats[k]
			if st == nil {
				st = make([]KindStats, len(r.Thresholds))
				r.Stats[k] = st
			}
			for i, t := range r.Thresholds {
				st[i].N++
				if o.Row.Negative() {
					if o.TopName != "" && o.TopScore >= t {
						st[i].FP++
					}
					continue
				}
				if o.Rank > 0 && o.Score >= t {
					st[i].Found++
					if o.First {
						st[i].Top1++
					}
				}
			}
		}
	}
	for k := range kinds {
		r.Kinds = append(r.Kinds, k)
	}
	sort.Slice(r.Kinds, func(i, j int) bool {
		ni, nj := r.Negative[r.Kinds[i]], r.Negative[r.Kinds[j]]
		if ni != nj {
			return nj
		}
		return r.Kinds[i] < r.Kinds[j]
	})
	return r
}

// firstOf reports whether none of the matches ranked before the expected
// entity (ms) scores more than it (score), and every one scoring the same is
// another entity that matched the same name (matched), by its words in any
// order.
func firstOf(ms []embargo.Match, score float64, matched, want string) bool {
	var key string
	for _, m := range ms {
		if IsExpected(m, want) || m.Score < score {
			continue
		}
		if m.Score > score {
			return false
		}
		if key == "" {
			key = nameKey(matched)
		}
		if nameKey(m.MatchedName) != key {
			return false
		}
	}
	return true
}

// nameKey is a name's normalised words (name.Tokens) but titles
// (name.IsTitle: Sheikh, Dr), sorted.
func nameKey(s string) string {
	var ts []string
	for _, t := range name.Tokens(s) {
		if !name.IsTitle(t) {
			ts = append(ts, t)
		}
	}
	sort.Strings(ts)
	return strings.Join(ts, " ")
}

// IsExpected reports whether m is the entity a row expects: want is a
// source id, a SOURCE:ID entity id, or several entity ids of one party
// listed on several lists, separated by "|".
func IsExpected(m embargo.Match, want string) bool {
	for w := range strings.SplitSeq(want, "|") {
		if strings.Contains(w, ":") && m.EntityID == w || !strings.Contains(w, ":") && m.SourceID == w {
			return true
		}
	}
	return false
}

// At returns the counts of a kind ("all" for every positive) at threshold
// t, which must be one of r.Thresholds.
func (r *Report) At(kind string, t float64) KindStats {
	for i, x := range r.Thresholds {
		if x == t {
			if st := r.Stats[kind]; st != nil {
				return st[i]
			}
		}
	}
	return KindStats{}
}

// Rate returns part/n as a fraction, 0 for n == 0.
func Rate(part, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(part) / float64(n)
}

// Print writes the report as a table: per kind, n and found/top-1 rates at
// each threshold (negatives: the false-positive rate), then the misses and
// false positives at defaultThreshold.
func (r *Report) Print(w io.Writer, defaultThreshold float64) {
	fmt.Fprintf(w, "%-22s %5s", "kind", "n")
	for _, t := range r.Thresholds {
		mark := " "
		if t == defaultThreshold {
			mark = "*"
		}
		fmt.Fprintf(w, "  %14s", fmt.Sprintf("%sfound/top1@%.2f", mark, t))
	}
	fmt.Fprintln(w)
	line := func(k string) {
		st := r.Stats[k]
		if st == nil {
			return
		}
		fmt.Fprintf(w, "%-22s %5d", k, st[0].N)
		for _, s := range st {
			if r.Negative[k] {
				fmt.Fprintf(w, "  %19s", fmt.Sprintf("fp %5.1f%%", 100*Rate(s.FP, s.N)))
			} else {
				fmt.Fprintf(w, "  %19s", fmt.Sprintf("%5.1f%% %5.1f%%", 100*Rate(s.Found, s.N), 100*Rate(s.Top1, s.N)))
			}
		}
		fmt.Fprintln(w)
	}
	for _, k := range r.Kinds {
		if !r.Negative[k] {
			line(k)
		}
	}
	line("all")
	for _, k := range r.Kinds {
		if r.Negative[k] {
			line(k)
		}
	}
	if countNeg(r) > 1 {
		line(KindAllNegative)
	}
	r.PrintMisses(w, defaultThreshold, -1)
}

func countNeg(r *Report) int {
	n := 0
	for _, k := range r.Kinds {
		if r.Negative[k] {
			n++
		}
	}
	return n
}

// PrintMisses lists the misses, not-first rankings and false positives at
// defaultThreshold, at most max of each sort (all when max < 0).
func (r *Report) PrintMisses(w io.Writer, defaultThreshold float64, max int) {
	var nFP, nMiss, nTop int
	fmt.Fprintf(w, "\nAt threshold %.2f:\n", defaultThreshold)
	for _, o := range r.Outcomes {
		switch {
		case o.Err != nil:
			fmt.Fprintf(w, "  error    %-20s %q: %v\n", o.Row.Kind, o.Row.Name, o.Err)
		case o.Row.Negative():
			if o.TopName != "" && o.TopScore >= defaultThreshold && (max < 0 || nFP < max) {
				nFP++
				fmt.Fprintf(w, "  false+   %-20s %q matched %q (%.3f)\n", o.Row.Kind, o.Row.Name, o.TopName, o.TopScore)
			}
		case o.Rank == 0 || o.Score < defaultThreshold:
			if nMiss++; max >= 0 && nMiss > max {
				continue
			}
			fmt.Fprintf(w, "  missed   %-20s %q want %s (rank %d, %.3f); top %q (%.3f)\n", o.Row.Kind, o.Row.Name, o.Row.ExpectedSourceID, o.Rank, o.Score, o.TopName, o.TopScore)
		case !o.First:
			if nTop++; max >= 0 && nTop > max {
				continue
			}
			fmt.Fprintf(w, "  not-top1 %-20s %q want %s (%.3f); top %q (%.3f)\n", o.Row.Kind, o.Row.Name, o.Row.ExpectedSourceID, o.Score, o.TopName, o.TopScore)
		}
	}
}
