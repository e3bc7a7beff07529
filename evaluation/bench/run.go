package bench

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/match"
)

// Thresholds at which the benchmark reports.
var Thresholds = []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}

// ReportThresholds returns Thresholds with embargo.DefaultThreshold.
func ReportThresholds() []float64 {
	ths := slices.Clone(Thresholds)
	if !slices.Contains(ths, embargo.DefaultThreshold) {
		ths = append(ths, embargo.DefaultThreshold)
		slices.Sort(ths)
	}
	return ths
}

// Read reads a benchmark directory and keeps the rows of one split (all
// rows when split is empty).
func Read(dir, split string) (*Bench, error) {
	qs, err := evaluation.ReadCSVFile(filepath.Join(dir, QueriesFile))
	if err != nil {
		return nil, err
	}
	ps, err := evaluation.ReadPairsFile(filepath.Join(dir, PairsFile))
	if err != nil {
		return nil, err
	}
	b := &Bench{}
	for _, p := range ps {
		if split == "" || p.Split == split {
			b.Pairs = append(b.Pairs, p)
		}
	}
	for _, q := range qs {
		if split == "" || q.Split == split {
			b.Queries = append(b.Queries, q)
		}
	}
	return b, nil
}

// ReadLists reads the screened lists (paths of files or folders).
func ReadLists(paths []string) ([]*embargo.Entity, error) {
	var out []*embargo.Entity
	for _, p := range paths {
		es, err := readList(p)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

// Index makes a matching index of entities.
func Index(es []*embargo.Entity) *match.Index {
	ix := match.NewIndex()
	for _, e := range es {
		ix.Add(&embargo.EntityVersion{Entity: *e, FromSeq: 1})
	}
	ix.Finish()
	return ix
}

// Report is the result of running the benchmark.
type Report struct {
	Split     string
	Threshold float64
	Pairs     evaluation.PairReport
	Queries   *evaluation.Report
	// Candidates are every match the queries returned; Reliability bins
	// them by score.
	Candidates  []Candidate
	Reliability []Bin
	// Other holds the rows of the kinds not findable by name (NotByName):
	// reported per kind, left out of every figure above.
	Other *Report
}

// ComparePair scores a pair with match.CompareNamesAs for the pair's type.
func ComparePair(p evaluation.Pair) float64 {
	return match.CompareNamesAs(p.A, p.B, embargo.ParseSchema(p.Type))
}

// Run compares the benchmark's pairs (ComparePair) and screens its queries
// against ix.
//
// The rows of kinds not findable by name (NotByName) are run apart, into
// Report.Other.
func (b *Bench) Run(ix *match.Index, split string) *Report {
	var by, other Bench
	for _, p := range b.Pairs {
		if NotByName(p.Kind) {
			other.Pairs = append(other.Pairs, p)
		} else {
			by.Pairs = append(by.Pairs, p)
		}
	}
	for _, q := range b.Queries {
		if NotByName(q.Kind) {
			other.Queries = append(other.Queries, q)
		} else {
			by.Queries = append(by.Queries, q)
		}
	}
	r := by.run(ix, split)
	if len(other.Pairs)+len(other.Queries) > 0 {
		r.Other = other.run(ix, split)
	}
	return r
}

func (b *Bench) run(ix *match.Index, split string) *Report {
	r := &Report{Split: split, Threshold: embargo.DefaultThreshold}
	expected := map[string]string{}
	for _, q := range b.Queries {
		expected[q.ID] = q.ExpectedSourceID
	}
	ths := ReportThresholds()
	r.Pairs = evaluation.RunPairs(b.Pairs, ComparePair, ths)
	r.Queries = evaluation.Run(b.Queries, func(q embargo.Query) ([]embargo.Match, error) {
		ms, err := ix.Search(q, match.SearchOptions{Threshold: 0, Limit: 10})
		for _, m := range ms {
			r.Candidates = append(r.Candidates, Candidate{Raw: RawScore(m), Score: m.Score, Schema: m.Schema,
				True: expected[q.ID] != "" && evaluation.IsExpected(m, expected[q.ID])})
		}
		return ms, err
	}, ths)
	r.Reliability = Reliability(r.Candidates)
	return r
}

// RunDir reads the benchmark in dir, builds the index of the lists and
// runs the split.
func RunDir(dir, split string, lists []string) (*Report, error) {
	b, err := Read(dir, split)
	if err != nil {
		return nil, err
	}
	es, err := ReadLists(lists)
	if err != nil {
		return nil, err
	}
	return b.Run(Index(es), split), nil
}

// KindSummary is one category's figures at the default threshold.
type KindSummary struct {
	Kind string `json:"kind"`
	N    int    `json:"n"`
	// Pairs: recall for matching pairs, the share called a match for
	// non-matching ones; precision where the kind has both.
	Positive  bool    `json:"positive"`
	Recall    float64 `json:"recall,omitempty"`
	FalseRate float64 `json:"false_positive_rate,omitempty"`
	// Queries: the share found, ranked first, or (negatives) matching.
	Found float64 `json:"found,omitempty"`
	Top1  float64 `json:"top1,omitempty"`
}

// ThresholdRow is the pairs' precision and recall at one threshold with
// the queries' found, top-1 and false-positive rates.
type ThresholdRow struct {
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Found     float64 `json:"found"`
	Top1      float64 `json:"top1"`
	FP        float64 `json:"negatives_matching"`
}

// Summary is the machine-readable report.
type Summary struct {
	Split      string         `json:"split"`
	Threshold  float64        `json:"threshold"`
	Pairs      int            `json:"pairs"`
	Queries    int            `json:"queries"`
	At         ThresholdRow   `json:"at_threshold"`
	PairKinds  []KindSummary  `json:"pair_kinds"`
	QueryKinds []KindSummary  `json:"query_kinds"`
	Table      []ThresholdRow `json:"thresholds"`
	// Reliability bins the queries' matches (threshold 0, top 10) by
	// score: predicted against observed share of true matches.
	Reliability []Bin `json:"reliability"`
	// OtherPairKinds and OtherQueryKinds are the kinds not findable by
	// name (NotByName), which no figure above counts.
	OtherPairKinds  []KindSummary `json:"pair_kinds_not_by_name,omitempty"`
	OtherQueryKinds []KindSummary `json:"query_kinds_not_by_name,omitempty"`
	// LogLoss and Brier score the same matches' scores, those with a raw
	// score in [0.5, 1) (see Scores); BySchema compares their mean score
	// with the share that is true per schema of the listed entity.
	LogLoss  float64       `json:"log_loss"`
	Brier    float64       `json:"brier"`
	BySchema []SchemaCalib `json:"by_schema"`
}

// SchemaCalib is the mean score of one schema's matches (raw score in
// [0.5, 1)) against the share of them that are true.
type SchemaCalib struct {
	Schema    string  `json:"schema"`
	N         int     `json:"n"`
	Predicted float64 `json:"predicted"`
	Observed  float64 `json:"observed"`
}

// BySchema groups the candidates with a raw score in [minFitRaw, 1) by the
// listed entity's schema, in the order of match.CalibrationSchemas.
func BySchema(cands []Candidate) []SchemaCalib {
	var out []SchemaCalib
	for _, sc := range match.CalibrationSchemas() {
		b := SchemaCalib{Schema: string(sc)}
		if sc == embargo.SchemaUnknown {
			b.Schema = "unknown"
		}
		for _, c := range cands {
			if c.Schema != sc || !c.nearDecision() {
				continue
			}
			b.N++
			b.Predicted += c.Score
			if c.True {
				b.Observed++
			}
		}
		if b.N > 0 {
			b.Predicted /= float64(b.N)
			b.Observed /= float64(b.N)
			out = append(out, b)
		}
	}
	return out
}

func rate(a, n int) float64 { return evaluation.Rate(a, n) }

// Summary computes the figures at the default threshold and the table
// over thresholds.
func (r *Report) Summary() Summary {
	s := Summary{Split: r.Split, Threshold: r.Threshold, Pairs: len(r.Pairs.Pairs), Queries: len(r.Queries.Outcomes), Reliability: r.Reliability,
		BySchema: BySchema(r.Candidates)}
	s.LogLoss, s.Brier = Scores(r.Candidates, func(c Candidate) float64 { return c.Score })
	if s.Split == "" {
		s.Split = "all"
	}
	for i, t := range r.Pairs.Thresholds {
		ps := r.Pairs.Stats[i]
		all := r.Queries.Stats["all"]
		neg := r.Queries.Stats[evaluation.KindAllNegative]
		row := ThresholdRow{Threshold: t, Precision: ps.Precision(), Recall: ps.Recall(), F1: ps.F1()}
		if all != nil {
			row.Found, row.Top1 = rate(all[i].Found, all[i].N), rate(all[i].Top1, all[i].N)
		}
		if neg != nil {
			row.FP = rate(neg[i].FP, neg[i].N)
		}
		s.Table = append(s.Table, row)
		if t == r.Threshold {
			s.At = row
		}
	}
	for _, k := range r.Pairs.Kinds {
		for _, st := range r.Pairs.ByKind[k] {
			if st.Threshold != r.Threshold {
				continue
			}
			ks := KindSummary{Kind: k, N: st.TP + st.FP + st.FN + st.TN, Positive: st.TP+st.FN > 0}
			if ks.Positive {
				ks.Recall = st.Recall()
			} else {
				ks.FalseRate = rate(st.FP, st.FP+st.TN)
			}
			s.PairKinds = append(s.PairKinds, ks)
		}
	}
	for _, k := range r.Queries.Kinds {
		st := r.Queries.At(k, r.Threshold)
		ks := KindSummary{Kind: k, N: st.N, Positive: !r.Queries.Negative[k]}
		if ks.Positive {
			ks.Found, ks.Top1 = rate(st.Found, st.N), rate(st.Top1, st.N)
		} else {
			ks.FalseRate = rate(st.FP, st.N)
		}
		s.QueryKinds = append(s.QueryKinds, ks)
	}
	if r.Other != nil {
		o := r.Other.Summary()
		s.OtherPairKinds, s.OtherQueryKinds = o.PairKinds, o.QueryKinds
	}
	return s
}

// Print writes the report: per-category figures at the default threshold,
// the table over thresholds and a sample of the errors.
func (r *Report) Print(w io.Writer) {
	s := r.Summary()
	fmt.Fprintf(w, "Benchmark, split %s: %d pairs, %d queries; * marks the default threshold %.2f\n\n", s.Split, s.Pairs, s.Queries, s.Threshold)
	fmt.Fprintf(w, "%-10s %9s %9s %9s %9s %9s %9s\n", "threshold", "precision", "recall", "f1", "found", "top-1", "neg-match")
	for _, t := range s.Table {
		mark := " "
		if t.Threshold == s.Threshold {
			mark = "*"
		}
		fmt.Fprintf(w, "%s%9.2f %9.3f %9.3f %9.3f %8.1f%% %8.1f%% %8.1f%%\n", mark, t.Threshold, t.Precision, t.Recall, t.F1, 100*t.Found, 100*t.Top1, 100*t.FP)
	}
	fmt.Fprintf(w, "\nPairs by category at %.2f (matching pairs: recall; non-matching: share called a match):\n", s.Threshold)
	for _, k := range s.PairKinds {
		if k.Positive {
			fmt.Fprintf(w, "  %-24s %5d  recall %6.1f%%\n", k.Kind, k.N, 100*k.Recall)
		} else {
			fmt.Fprintf(w, "  %-24s %5d  false+ %6.1f%%\n", k.Kind, k.N, 100*k.FalseRate)
		}
	}
	fmt.Fprintf(w, "\nQueries by category at %.2f (found / ranked first; negatives: matching anything):\n", s.Threshold)
	for _, k := range s.QueryKinds {
		if k.Positive {
			fmt.Fprintf(w, "  %-24s %5d  found %6.1f%%  top-1 %6.1f%%\n", k.Kind, k.N, 100*k.Found, 100*k.Top1)
		} else {
			fmt.Fprintf(w, "  %-24s %5d  false+ %6.1f%%\n", k.Kind, k.N, 100*k.FalseRate)
		}
	}
	if len(s.OtherPairKinds)+len(s.OtherQueryKinds) > 0 {
		fmt.Fprintf(w, "\nNot findable by name (real aliases that are another name; reported, not counted above) at %.2f:\n", s.Threshold)
		for _, k := range s.OtherPairKinds {
			fmt.Fprintf(w, "  %-24s %5d  recall %6.1f%%\n", k.Kind, k.N, 100*k.Recall)
		}
		for _, k := range s.OtherQueryKinds {
			fmt.Fprintf(w, "  %-24s %5d  found %6.1f%%  top-1 %6.1f%%\n", k.Kind, k.N, 100*k.Found, 100*k.Top1)
		}
	}
	fmt.Fprintln(w, "\nReliability of the queries' match scores (every match, threshold 0, top 10):")
	fmt.Fprintf(w, "  %-11s %6s %10s %9s\n", "score", "n", "predicted", "observed")
	for _, b := range s.Reliability {
		if b.N > 0 {
			fmt.Fprintf(w, "  [%.1f, %.1f) %6d %10.3f %9.3f\n", b.Lo, b.Hi, b.N, b.Predicted, b.Observed)
		}
	}
	fmt.Fprintf(w, "Matches with a raw score in [%.1f, 1): log loss %.4f, Brier score %.4f; by listed schema:\n", minFitRaw, s.LogLoss, s.Brier)
	for _, b := range s.BySchema {
		fmt.Fprintf(w, "  %-12s %6d %10.3f %9.3f\n", b.Schema, b.N, b.Predicted, b.Observed)
	}
	fmt.Fprintln(w, "\nPairs misjudged (up to 10 per category):")
	per := map[string]int{}
	kinds := append([]string(nil), r.Pairs.Kinds...)
	sort.Strings(kinds)
	for i, p := range r.Pairs.Pairs {
		sc := r.Pairs.Scores[i]
		if (p.Match && sc < s.Threshold || !p.Match && sc >= s.Threshold) && per[p.Kind] < 10 {
			per[p.Kind]++
			what := "missed"
			if !p.Match {
				what = "false+"
			}
			fmt.Fprintf(w, "  %-22s %s %.3f %q ~ %q\n", p.Kind, what, sc, p.A, p.B)
		}
	}
	var b strings.Builder
	r.Queries.PrintMisses(&b, s.Threshold, 40)
	fmt.Fprint(w, "\nQueries"+strings.TrimPrefix(b.String(), "\n"))
}
