package bench

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/match"
)

// A Candidate is one match a query returned, with what calibration needs:
// the raw score (the name score moved by the features' raw effects), the
// listed entity's schema, the calibrated score and whether it is the entity
// the query expects.
type Candidate struct {
	Raw, Score float64
	Schema     embargo.Schema
	True       bool
	Query      int  // index of the query among those screened
	Negative   bool // the query expects no match
	Script     bool // the query is written in another script (match.OtherScript)
}

// minFitRaw: candidates with a lower raw score take no part in the fit;
// they are never near a threshold, and there are many of them.
const minFitRaw = 0.5

// nearDecision reports whether c's raw score is in [minFitRaw, 1): the
// candidates the calibration is fitted on and scored by (the others score
// about 0, or 1 by rule).
func (c Candidate) nearDecision() bool { return !(c.Raw < minFitRaw || c.Raw >= 1) }

// label is 1 for a true match, 0 for a false one.
func (c Candidate) label() float64 {
	if c.True {
		return 1
	}
	return 0
}

// RawScore returns a match's raw score from its explanation: the sum of
// the contributions' values (the name score and each feature's raw
// effect), clamped to [0, 1].
func RawScore(m embargo.Match) float64 {
	if m.Explanation == nil || len(m.Explanation.Contributions) == 0 {
		return m.Score
	}
	raw := 0.0
	for _, c := range m.Explanation.Contributions {
		raw += c.Value
	}
	return min(1, max(0, raw))
}

// Candidates screens the queries against ix and returns every match
// (threshold 0, at most 50 per query: enough that which matches are kept
// does not depend on the calibration in force).
func Candidates(rows []evaluation.Row, ix *match.Index) ([]Candidate, error) {
	var out []Candidate
	for i, r := range rows {
		ms, err := ix.Search(embargo.Query{Name: r.Name, Schema: embargo.ParseSchema(r.Type)}, match.SearchOptions{Threshold: 0, Limit: 50})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.ID, err)
		}
		for _, m := range ms {
			out = append(out, Candidate{Raw: RawScore(m), Score: m.Score, Schema: m.Schema,
				True: !r.Negative() && evaluation.IsExpected(m, r.ExpectedSourceID), Query: i, Negative: r.Negative(),
				Script: match.OtherScript(r.Name)})
		}
	}
	return out, nil
}

// Fit is a fitted calibration with what the fit saw.
type Fit struct {
	Calibration match.Calibration
	N, Positive int
	// LogLoss and Brier are the mean log loss and Brier score on the
	// fitted candidates (see Scores).
	LogLoss, Brier float64
	// Threshold is the default threshold, by this rule: the calibrated
	// score of the raw score PriorRaw, the threshold before calibration,
	// so that every decision on a Latin-script query stays as it was (the
	// components of the matcher are tuned to it). [KeepLo, KeepHi] are
	// the thresholds that, on the training split, find as many positive
	// queries' entities and let no more negative queries match than that
	// rule did: KeepLo is the lowest at which no more negatives match,
	// KeepHi the highest at which as many are found. When the calibrated
	// score of PriorRaw lets more negative queries match (the script term
	// lifts queries in other scripts) and the range is not empty, the
	// threshold is raised to KeepLo (Raised). Found and NegMatched
	// are Threshold's shares of positive queries found and negative
	// queries matching anything on the training split. LeastCost is the
	// threshold (in steps of 0.05) of least expected cost when a missed
	// party costs MissCost false alerts, ThresholdF1 the one with the best
	// F1 over the matches: both for comparison, a choice of policy.
	KeepLo, KeepHi               float64
	Raised                       bool
	Threshold, Found, NegMatched float64
	PriorFound, PriorNegMatched  float64
	LeastCost, J                 float64
	ThresholdF1, F1              float64
}

// shrink is the weight of the penalty that pulls each schema's intercept
// and slope toward the shared ones: schemas with few candidates (vessels,
// aircraft) keep the shared curve. One curve for all schemas is the same
// fit with a penalty that leaves no room.
const (
	shrink   = 2.0
	oneCurve = 1e9
)

// Knots are the raw scores at which the fitted curve may change its slope
// (see match.Calibration): a straight line in the logit of the raw score
// over-predicted raw scores just under 0.75 and under-predicted those
// between 0.75 and 0.9, on the training split.
var Knots = []float64{0.6, 0.7, 0.8, 0.9}

// FitCalibration fits the logistic curve of the raw score on the
// candidates (the training split's) by maximum likelihood (Newton's
// method): one curve for every schema, or with perSchema one per schema
// (pulled toward the shared one), its slope changing at Knots. If the
// curve would fall anywhere (the search needs a rising one), the knots are
// dropped one by one from the lowest: below 0.7 the candidates are mostly
// false and few, and the best fit there can dip.
func FitCalibration(cands []Candidate, perSchema bool) (*Fit, error) {
	for n := 0; n <= len(Knots); n++ {
		f, err := fitCalibration(cands, perSchema, Knots[n:])
		if err != nil {
			return nil, err
		}
		if f.Calibration.Rising() {
			return f, nil
		}
	}
	return nil, fmt.Errorf("fit: the curve falls with the raw score")
}

func fitCalibration(cands []Candidate, perSchema bool, knots []float64) (*Fit, error) {
	pen := oneCurve
	if perSchema {
		pen = shrink
	}
	var lk []float64
	for _, k := range knots {
		lk = append(lk, match.Logit(k))
	}
	ns := len(match.CalibrationSchemas())
	// theta: a, b, then ns intercept deviations, then ns slope
	// deviations, then the script term, then one bend per knot.
	sx := 2 + 2*ns
	dim := sx + 1 + len(lk)
	type obs struct {
		x []float64 // the features, theta's order
		y float64
	}
	var xs []obs
	schemaIdx := map[embargo.Schema]int{}
	for i, s := range match.CalibrationSchemas() {
		schemaIdx[s] = i
	}
	f := &Fit{}
	for _, c := range cands {
		if !c.nearDecision() {
			continue
		}
		y := c.label()
		if c.True {
			f.Positive++
		}
		l, s := match.Logit(c.Raw), schemaIdx[c.Schema]
		x := make([]float64, dim)
		x[0], x[1], x[2+s], x[2+ns+s] = 1, l, 1, l
		if c.Script {
			x[sx] = 1
		}
		for k, kl := range lk {
			x[sx+1+k] = max(0, l-kl)
		}
		xs = append(xs, obs{x: x, y: y})
	}
	f.N = len(xs)
	if f.Positive == 0 || f.Positive == f.N {
		return nil, fmt.Errorf("fit: %d candidates, %d true: need both", f.N, f.Positive)
	}
	z := func(th, x []float64) float64 { return floats.Dot(th, x) }
	nll := func(th, grad []float64) float64 {
		for i := range grad {
			grad[i] = 0
		}
		sum := 0.0
		for _, o := range xs {
			z := z(th, o.x)
			// log(1+e^z) - y z, stably.
			sp := math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
			sum += sp - o.y*z
			if grad != nil {
				floats.AddScaled(grad, 1/(1+math.Exp(-z))-o.y, o.x)
			}
		}
		for i := 2; i < sx; i++ {
			sum += pen * th[i] * th[i]
			if grad != nil {
				grad[i] += 2 * pen * th[i]
			}
		}
		return sum
	}
	// The Hessian: sum of q(1-q) x x' plus the penalty's diagonal.
	hess := func(h *mat.SymDense, th []float64) {
		for i := 0; i < dim; i++ {
			for j := i; j < dim; j++ {
				h.SetSym(i, j, 0)
			}
		}
		for _, o := range xs {
			q := 1 / (1 + math.Exp(-z(th, o.x)))
			w := q * (1 - q)
			for i, xi := range o.x {
				if xi == 0 {
					continue
				}
				for j := i; j < dim; j++ {
					if o.x[j] != 0 {
						h.SetSym(i, j, h.At(i, j)+w*xi*o.x[j])
					}
				}
			}
		}
		for i := 2; i < sx; i++ {
			h.SetSym(i, i, h.At(i, i)+2*pen)
		}
	}
	p := optimize.Problem{
		Func: func(th []float64) float64 { return nll(th, nil) },
		Grad: func(grad, th []float64) { nll(th, grad) },
		Hess: hess,
	}
	init := make([]float64, dim)
	init[1] = 1
	res, err := optimize.Minimize(p, init, &optimize.Settings{GradientThreshold: 1e-6}, &optimize.Newton{})
	if err != nil {
		// A line search that cannot improve any more has converged as
		// far as floating point allows: accept a gradient that small.
		if res == nil || floats.Norm(res.Gradient, 2) > 1e-3*float64(len(xs)) {
			return nil, fmt.Errorf("fit: %w", err)
		}
	}
	th := res.X
	for i := 0; i < ns; i++ {
		f.Calibration.Intercept[i] = round4(th[0] + th[2+i])
		f.Calibration.Slope[i] = round4(th[1] + th[2+ns+i])
	}
	f.Calibration.Script = round4(th[sx])
	for k, kl := range lk {
		f.Calibration.Knots = append(f.Calibration.Knots, kl)
		f.Calibration.Bends = append(f.Calibration.Bends, round4(th[sx+1+k]))
	}
	f.LogLoss, f.Brier = Scores(cands, func(c Candidate) float64 { return f.Calibration.ApplyScript(c.Schema, c.Raw, c.Script) })
	// Shares of positive queries found and of negative queries matching
	// anything at a threshold, by a score function.
	pos, neg := map[int]bool{}, map[int]bool{}
	for _, c := range cands {
		if c.Negative {
			neg[c.Query] = true
		} else {
			pos[c.Query] = true
		}
	}
	rates := func(score func(Candidate) float64, t float64) (found, matched float64) {
		fq, mq := map[int]bool{}, map[int]bool{}
		for _, c := range cands {
			if score(c) >= t {
				if c.True {
					fq[c.Query] = true
				} else if c.Negative {
					mq[c.Query] = true
				}
			}
		}
		return evaluation.Rate(len(fq), len(pos)), evaluation.Rate(len(mq), len(neg))
	}
	cal := func(c Candidate) float64 { return f.Calibration.ApplyScript(c.Schema, c.Raw, c.Script) }
	f.PriorFound, f.PriorNegMatched = rates(func(c Candidate) float64 { return c.Raw }, PriorRaw)
	// The thresholds (in steps of 0.0001) that keep the training split's
	// figures of the rule before calibration: the lowest at which no more
	// negative queries match anything, the highest at which as many
	// positive queries find their entity. Each share falls as the
	// threshold rises, so binary searches find them.
	lo, hi := 0, 10000 // neg(hi/1e4) <= PriorNegMatched; lo: not known
	for lo < hi {
		mid := (lo + hi) / 2
		if _, neg := rates(cal, float64(mid)/10000); neg <= f.PriorNegMatched {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	f.KeepLo = float64(hi) / 10000
	lo, hi = 0, 10000 // found(lo/1e4) >= PriorFound; hi: not known
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if found, _ := rates(cal, float64(mid)/10000); found >= f.PriorFound {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	f.KeepHi = float64(lo) / 10000
	// The score the former threshold's raw score gets (one curve, rising:
	// the same decisions for Latin-script queries as before calibration),
	// to six decimals: raw scores are not rounded, and a coarser step
	// would let raw scores a little under PriorRaw pass.
	f.Threshold = math.Floor(f.Calibration.Apply(embargo.SchemaUnknown, PriorRaw)*1e6) / 1e6
	f.Found, f.NegMatched = rates(cal, f.Threshold)
	// The script term lifts queries in another script: raw scores a
	// little under PriorRaw pass, and with them negative queries that did
	// not match before. Then, when a threshold keeps both training figures,
	// the lowest such is the default (Latin-script decisions change only
	// for raw scores within a hair above PriorRaw).
	if f.NegMatched > f.PriorNegMatched && f.KeepLo <= f.KeepHi && f.KeepLo > f.Threshold {
		f.Raised = true
		f.Threshold = f.KeepLo
		f.Found, f.NegMatched = rates(cal, f.Threshold)
	}
	f.J = -1
	for i := 1; i < 20; i++ {
		t := float64(i) / 20
		if found, matched := rates(cal, t); found-matched/MissCost > f.J {
			f.J, f.LeastCost = found-matched/MissCost, t
		}
		var tp, fp, fn int
		for _, c := range cands {
			switch s := cal(c); {
			case s >= t && c.True:
				tp++
			case s >= t:
				fp++
			case c.True:
				fn++
			}
		}
		if st := (evaluation.PairStats{TP: tp, FP: fp, FN: fn}); st.F1() > f.F1 {
			f.F1, f.ThresholdF1 = st.F1(), t
		}
	}
	return f, nil
}

// MissCost is how many false alerts a missed listed party is worth when the
// default threshold is chosen.
const MissCost = 2.0

// PriorRaw is the threshold on the raw score before calibration.
const PriorRaw = 0.75

// Scores returns the mean log loss and Brier score of score (a probability)
// over the candidates with a raw score in [minFitRaw, 1): those near a
// decision (the rest score about 0, or 1 by rule).
func Scores(cands []Candidate, score func(Candidate) float64) (logLoss, brier float64) {
	n := 0
	for _, c := range cands {
		if !c.nearDecision() {
			continue
		}
		y := c.label()
		q := min(1-1e-12, max(1e-12, score(c)))
		logLoss -= y*math.Log(q) + (1-y)*math.Log(1-q)
		brier += (q - y) * (q - y)
		n++
	}
	if n == 0 {
		return 0, 0
	}
	return logLoss / float64(n), brier / float64(n)
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// GoSource writes the fit as match/calibration_fit.go.
func (f *Fit) GoSource() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by \"embargo eval fit\"; DO NOT EDIT.\n\npackage match\n\n")
	fmt.Fprintf(&b, "// calibration was fitted on %d candidates (%d true) that the training split's\n", f.N, f.Positive)
	fmt.Fprintf(&b, "// queries of evaluation/testdata/bench returned with a raw score in [%.2f, 1);\n", minFitRaw)
	fmt.Fprintf(&b, "// mean log loss %.4f, Brier score %.4f.\n//\n", f.LogLoss, f.Brier)
	if f.Raised {
		fmt.Fprintf(&b, "// fittedThreshold is the lowest threshold that keeps the training figures of the\n")
		fmt.Fprintf(&b, "// raw score %.2f, the threshold before calibration: the calibrated score of %.2f,\n", PriorRaw, PriorRaw)
		fmt.Fprintf(&b, "// %g, let more negative queries in other scripts match.\n", math.Floor(f.Calibration.Apply(embargo.SchemaUnknown, PriorRaw)*1e6)/1e6)
	} else {
		fmt.Fprintf(&b, "// fittedThreshold is the calibrated score of the raw score %.2f, the threshold\n", PriorRaw)
		fmt.Fprintf(&b, "// before calibration, so that no decision on a Latin-script query changes.\n")
	}
	fmt.Fprintf(&b, "// On the training split it finds %.3f of the positive queries' entities and\n", f.Found)
	fmt.Fprintf(&b, "// lets %.3f of the negative queries match (%.3f and %.3f before); the\n", f.NegMatched, f.PriorFound, f.PriorNegMatched)
	fmt.Fprintf(&b, "// thresholds that keep both figures are [%.4f, %.4f].\n", f.KeepLo, f.KeepHi)
	fmt.Fprintf(&b, "// For comparison, the least expected cost with a miss worth %g false alerts\n", MissCost)
	fmt.Fprintf(&b, "// is at %.2f, the best F1 over the matches (%.3f) at %.2f.\n", f.LeastCost, f.F1, f.ThresholdF1)
	b.WriteString("// Order of the arrays: ")
	var names []string
	for _, s := range match.CalibrationSchemas() {
		if s == embargo.SchemaUnknown {
			names = append(names, "unknown")
		} else {
			names = append(names, string(s))
		}
	}
	b.WriteString(strings.Join(names, ", ") + ".\n")
	b.WriteString("var calibration = Calibration{\n\tIntercept: [numSchemas]float64{")
	b.WriteString(floatList(f.Calibration.Intercept[:]))
	b.WriteString("},\n\tSlope: [numSchemas]float64{")
	b.WriteString(floatList(f.Calibration.Slope[:]))
	fmt.Fprintf(&b, "},\n\tScript: %g,\n", f.Calibration.Script)
	if len(f.Calibration.Knots) > 0 {
		fmt.Fprintf(&b, "\t// logits of the raw scores %v\n\tKnots: []float64{", Knots[len(Knots)-len(f.Calibration.Knots):])
		b.WriteString(floatList(f.Calibration.Knots))
		b.WriteString("},\n\tBends: []float64{")
		b.WriteString(floatList(f.Calibration.Bends))
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// fittedThreshold: see above.\nconst fittedThreshold = %g\n", f.Threshold)
	return format.Source(b.Bytes())
}

// Bin is one bin of a reliability curve: the candidates whose calibrated
// score is in [Lo, Hi), their mean score and the share of them that are
// true.
type Bin struct {
	Lo        float64 `json:"lo"`
	Hi        float64 `json:"hi"`
	N         int     `json:"n"`
	Predicted float64 `json:"predicted"`
	Observed  float64 `json:"observed"`
}

// Reliability bins the candidates by calibrated score in tenths.
func Reliability(cands []Candidate) []Bin {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/10, float64(i+1)/10
	}
	for _, c := range cands {
		i := min(9, int(c.Score*10))
		bins[i].N++
		bins[i].Predicted += c.Score
		if c.True {
			bins[i].Observed++
		}
	}
	for i := range bins {
		if bins[i].N > 0 {
			bins[i].Predicted /= float64(bins[i].N)
			bins[i].Observed /= float64(bins[i].N)
		}
	}
	return bins
}

// floatList writes xs as Go literals separated by ", " (%g each).
func floatList(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%g", x)
	}
	return strings.Join(parts, ", ")
}
