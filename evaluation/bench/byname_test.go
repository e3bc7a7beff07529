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

// TestSameFullName pins the letters rule of the label rules, with
// invented names: the same name respelled or with one more word, not
// names that only look alike.
func TestSameFullName(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"TARVOSI, Abdul Halem", "Abd Al-Halem TARVOSI", true},              // abd/abdul, reordered
		{"ZELKAN, Haji Mohammad", "ZELKAN, Mustafa Hajji Muhammad", true},   // one more word, a title
		{"KORVAN TRADING CORPORATION", "KORVANI TRADING CORPORATION", true}, // one letter
		{"MORVEL KHALTA", "MORVEL KHALTA INTERNATIONAL", true},              // one word more
		{"Darvel Chen", "Darvelong Chengtai", false},                        // no word written the same
		{"Yusuf Karim Zelkani", "Yusuf Hamid Zelkani", false},               // another father's name
		{"Yusuf Ahmad Karim Zelkani Baradi", "Yusuf Zelkani", false},        // more than one word more
		{"ZELKAN", "ZELKAN, Ivan", false},                                   // one word is not a full name
		{"Ivan Petrovich Norvalin", "Ivan Norvalin", true},                  // a patronymic more
	} {
		if got := sameFullName(aliasWords(c.a), aliasWords(c.b)); got != c.want {
			t.Errorf("sameFullName(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
