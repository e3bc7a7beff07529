package evaluation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Pair is one labelled pair of names: the same person or organisation
// (Match) or two different ones.
type Pair struct {
	A, B  string
	Match bool
	// Kind groups pairs in reports ("alias", "same_surname"); may be empty.
	Kind string
	// ID, Type (person, organization, ... or empty), Split ("train" or
	// "test") and Keys (the listed entities the pair was made from,
	// space-separated) are set in the benchmark.
	ID, Type, Split, Keys string
}

// ReadPairs reads labelled name pairs in one of three formats, told apart
// by the first non-blank byte:
//
//   - CSV with a header naming the columns a, b and label (kind optional,
//     any order); label is 1/0, true/false, yes/no, match/no_match or
//     positive/negative.
//   - JSON lines {"a": ..., "b": ..., "label": ...} with the same labels
//     (a JSON boolean or number too) and an optional "kind".
//   - JSON lines in the layout of OpenSanctions' matcher training data,
//     {"judgement": "positive"|"negative", "left": {...}, "right": {...}},
//     where each side is an entity whose first properties.name (else its
//     caption) is taken; pairs judged neither positive nor negative are
//     skipped, and the kind is the left entity's schema.
func ReadPairs(r io.Reader) ([]Pair, error) {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, nil
			}
			return nil, err
		}
		if b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t' {
			_, _ = br.ReadByte()
			continue
		}
		if b[0] == '{' {
			return readPairsJSON(br)
		}
		return readPairsCSV(br)
	}
}

func readPairsCSV(r io.Reader) ([]Pair, error) {
	var out []Pair
	err := readTable(r, []string{"a", "b", "label"}, func(get func(col string) string) error {
		m, err := parseLabel(get("label"))
		if err != nil {
			return err
		}
		out = append(out, Pair{A: get("a"), B: get("b"), Match: m, Kind: get("kind"),
			ID: get("id"), Type: get("type"), Split: get("split"), Keys: get("keys")})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pairLine is one JSON line of either layout.
type pairLine struct {
	A, B      string
	Label     json.RawMessage
	Kind      string
	Judgement string
	Left      *jsonEntity
	Right     *jsonEntity
}

type jsonEntity struct {
	Schema     string
	Caption    string
	Properties map[string][]string
}

func (e *jsonEntity) name() string {
	if e == nil {
		return ""
	}
	if ns := e.Properties["name"]; len(ns) > 0 {
		return ns[0]
	}
	return e.Caption
}

func readPairsJSON(r io.Reader) ([]Pair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20) // entities can be large
	var out []Pair
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var pl pairLine
		if err := json.Unmarshal(b, &pl); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if pl.Judgement != "" || pl.Left != nil {
			switch pl.Judgement {
			case "positive", "negative":
			default:
				continue // unsure or not judged
			}
			a, bn := pl.Left.name(), pl.Right.name()
			if a == "" || bn == "" {
				continue
			}
			out = append(out, Pair{A: a, B: bn, Match: pl.Judgement == "positive", Kind: strings.ToLower(pl.Left.Schema)})
			continue
		}
		var label string
		if err := json.Unmarshal(pl.Label, &label); err != nil {
			label = string(pl.Label) // a boolean or a number
		}
		m, err := parseLabel(label)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, Pair{A: pl.A, B: pl.B, Match: m, Kind: pl.Kind})
	}
	return out, sc.Err()
}

func parseLabel(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "y", "match", "positive", "same":
		return true, nil
	case "0", "false", "no", "n", "no_match", "nomatch", "negative", "different":
		return false, nil
	}
	return false, fmt.Errorf("label %q is neither a match nor a non-match", s)
}

// PairStats counts the outcomes of comparing labelled pairs at one
// threshold: a pair scoring at least the threshold is called a match.
type PairStats struct {
	Threshold      float64
	TP, FP, FN, TN int
}

// Precision returns TP/(TP+FP), 0 when nothing was called a match.
func (s PairStats) Precision() float64 { return Rate(s.TP, s.TP+s.FP) }

// Recall returns TP/(TP+FN), 0 when there are no positive pairs.
func (s PairStats) Recall() float64 { return Rate(s.TP, s.TP+s.FN) }

// F1 returns the harmonic mean of precision and recall.
func (s PairStats) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// PairReport is the result of RunPairs.
type PairReport struct {
	Thresholds []float64
	// Stats[i] counts every pair at Thresholds[i]; ByKind the pairs of
	// each kind.
	Stats  []PairStats
	ByKind map[string][]PairStats
	Kinds  []string
	Pairs  []Pair
	Scores []float64 // Scores[i] is compare's score of Pairs[i]
}

// ComparePairNames adapts a function of two names to RunPairs.
func ComparePairNames(f func(a, b string) float64) func(Pair) float64 {
	return func(p Pair) float64 { return f(p.A, p.B) }
}

// RunPairs compares every pair once and counts, at each threshold, the
// true and false positives and negatives.
func RunPairs(pairs []Pair, compare func(Pair) float64, thresholds []float64) PairReport {
	r := PairReport{Thresholds: append([]float64(nil), thresholds...), ByKind: map[string][]PairStats{}, Pairs: pairs}
	sort.Float64s(r.Thresholds)
	newStats := func() []PairStats {
		st := make([]PairStats, len(r.Thresholds))
		for i, t := range r.Thresholds {
			st[i].Threshold = t
		}
		return st
	}
	r.Stats = newStats()
	for _, p := range pairs {
		s := compare(p)
		r.Scores = append(r.Scores, s)
		ks := r.ByKind[p.Kind]
		if ks == nil {
			ks = newStats()
			r.ByKind[p.Kind] = ks
			r.Kinds = append(r.Kinds, p.Kind)
		}
		for i, t := range r.Thresholds {
			for _, st := range []*PairStats{&r.Stats[i], &ks[i]} {
				switch hit := s >= t; {
				case hit && p.Match:
					st.TP++
				case hit:
					st.FP++
				case p.Match:
					st.FN++
				default:
					st.TN++
				}
			}
		}
	}
	sort.Strings(r.Kinds)
	return r
}

// At returns the counts over every pair at threshold t, which must be one
// of r.Thresholds.
func (r PairReport) At(t float64) PairStats {
	for i, x := range r.Thresholds {
		if x == t {
			return r.Stats[i]
		}
	}
	return PairStats{Threshold: t}
}

// Print writes precision, recall and F1 at each threshold, per kind when
// there are several, then the pairs misjudged at defaultThreshold (at
// most maxListed of each sort).
func (r PairReport) Print(w io.Writer, defaultThreshold float64) {
	fmt.Fprintf(w, "%d pairs (%d positive)\n\n", len(r.Pairs), countMatches(r.Pairs))
	fmt.Fprintf(w, "%-9s %9s %9s %9s %6s %6s %6s %6s\n", "threshold", "precision", "recall", "f1", "tp", "fp", "fn", "tn")
	for _, s := range r.Stats {
		mark := " "
		if s.Threshold == defaultThreshold {
			mark = "*"
		}
		fmt.Fprintf(w, "%s%8.2f %9.3f %9.3f %9.3f %6d %6d %6d %6d\n", mark, s.Threshold, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN, s.TN)
	}
	if len(r.Kinds) > 1 {
		fmt.Fprintf(w, "\nAt threshold %.2f, by kind:\n", defaultThreshold)
		for _, k := range r.Kinds {
			for _, s := range r.ByKind[k] {
				if s.Threshold == defaultThreshold {
					fmt.Fprintf(w, "  %-20s precision %.3f recall %.3f f1 %.3f (tp %d fp %d fn %d tn %d)\n", k, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN, s.TN)
				}
			}
		}
	}
	const maxListed = 30
	var fps, fns int
	fmt.Fprintf(w, "\nMisjudged at threshold %.2f:\n", defaultThreshold)
	for i, p := range r.Pairs {
		s := r.Scores[i]
		switch {
		case p.Match && s < defaultThreshold && fns < maxListed:
			fns++
			fmt.Fprintf(w, "  missed  %.3f %q ~ %q\n", s, p.A, p.B)
		case !p.Match && s >= defaultThreshold && fps < maxListed:
			fps++
			fmt.Fprintf(w, "  false+  %.3f %q ~ %q\n", s, p.A, p.B)
		}
	}
}

func countMatches(ps []Pair) int {
	n := 0
	for _, p := range ps {
		if p.Match {
			n++
		}
	}
	return n
}

// ReadPairsFile reads labelled pairs from a file (see ReadPairs); errors
// name it.
func ReadPairsFile(path string) ([]Pair, error) { return readFile(path, ReadPairs) }
