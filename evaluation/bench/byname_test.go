package bench

import "testing"

// TestSameNameByLetters pins the criterion that sorts real aliases into
// their category or the _other one, with invented names.
func TestSameNameByLetters(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"QOLAMVARDI, Hamid", "GHOLAMVARDI, Hamid Reza", true},       // Q/GH, a longer name
		{"Ri CH'UN-SO'NG", "Ri Chun SONG", true},                     // apostrophes
		{"Tarvel NOMADSKY", "Tarvel Nomadskiy", true},                // one edit
		{"Kelvara Trading Co.", "KELVARA TRADING COMPANY LTD", true}, // legal forms
		{"Dr. Hamed Zalwani", "HAMID ZALWANI", true},                 // title
		{"Pavlo NORTAVIN", "Pavlo Serhiyovych NORTAVIN", true},       // middle name on one side
		{"Zalmor GROUP", "Zalmorgroup", true},                        // glued
		{"Igor BRESTOVAL", "Igor Petrovich KALUNIN", false},          // another surname
		{"ABU QATARIN", "Fawzi Marwan AL-SHADIDI", false},            // a kunya
		{"ZORTEX", "ZOLARIS REGIONAL TECHNICAL EXPORT", false},       // an acronym
		{"Blue Harbour Holding", "Vantor Shipping Lines", false},     // another company name
	} {
		if got := sameNameByLetters(c.a, c.b); got != c.want {
			t.Errorf("sameNameByLetters(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	for _, k := range []string{"ofac_alias_other", "csl_variant_other"} {
		if !NotByName(k) {
			t.Errorf("NotByName(%q) = false", k)
		}
	}
	if NotByName("ofac_alias") {
		t.Error("NotByName(ofac_alias) = true")
	}
}
