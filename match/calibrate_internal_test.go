package match

import (
	"math"
	"testing"

	"github.com/embargo-dev/embargo"
)

// TestCalibration_Threshold: the one default threshold is the one the
// calibration was fitted with (embargo eval fit prints it).
func TestCalibration_Threshold(t *testing.T) {
	if embargo.DefaultThreshold != fittedThreshold {
		t.Errorf("embargo.DefaultThreshold = %v, but the calibration was fitted with %v: set it in screen.go", embargo.DefaultThreshold, fittedThreshold)
	}
}

// TestCalibration keeps the calibrated score a probability that rises with
// the raw score, 1 for an exact match, and the search's bounds safe.
func TestCalibration(t *testing.T) {
	c := CurrentCalibration()
	for _, s := range CalibrationSchemas() {
		if c.Apply(s, 1) != 1 || c.Apply(s, 0) != 0 {
			t.Errorf("%q: Apply(1)=%v, Apply(0)=%v, want 1 and 0", s, c.Apply(s, 1), c.Apply(s, 0))
		}
		prev := 0.0
		for raw := 0.01; raw < 1; raw += 0.01 {
			p := c.Apply(s, raw)
			if p < prev || p < 0 || p > 1 || math.IsNaN(p) {
				t.Fatalf("%q: Apply(%.2f)=%v after %v: not a rising probability", s, raw, p, prev)
			}
			prev = p
			for _, script := range []bool{false, true} {
				// Any raw score that calibrates to p or more is at least
				// rawFor(p), and no schema gives more than maxApply.
				if q := c.ApplyScript(s, raw, script); raw < c.rawFor(q) || q > c.maxApply(raw)+1e-12 {
					t.Fatalf("%q raw %.2f script %v: score %v, rawFor %v, maxApply %v", s, raw, script, q, c.rawFor(q), c.maxApply(raw))
				}
			}
		}
	}
}

// TestScore_Contributions: the explanation's contributions add up to the
// score's log-odds, and each feature's effect is the change it made.
func TestScore_Contributions(t *testing.T) {
	e := &embargo.Entity{ID: "t:1", Schema: embargo.SchemaPerson, Name: "DERIPASKA, Oleg Vladimirovich",
		BirthDates: []string{"1968-01-02"}, Nationalities: []string{"Russia"}}
	m := Score(embargo.Query{Name: "Oleg Deripazka", BirthDate: "1968-01-02", Country: "Cyprus"}, e)
	cs := m.Explanation.Contributions
	if len(cs) != 3 || cs[0].Name != "name" || cs[1].Name != "dob" || cs[2].Name != "country" {
		t.Fatalf("contributions %+v, want name, dob, country", cs)
	}
	z := 0.0
	for _, c := range cs {
		z += c.LogOdds
	}
	if got := 1 / (1 + math.Exp(-z)); math.Abs(got-m.Score) > 0.002 {
		t.Errorf("score %v, but the contributions' log-odds %v give %v", m.Score, z, got)
	}
	if cs[1].LogOdds <= 0 || cs[2].LogOdds >= 0 {
		t.Errorf("the same date of birth must raise the odds and another country lower them: %+v", cs)
	}
}
