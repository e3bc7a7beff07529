package name_test

import (
	"slices"
	"testing"

	"github.com/embargo-dev/embargo/name"
)

func TestParenVariants(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"VELMORA TINPLATE INDUSTRIES (VTI)", []string{"VELMORA TINPLATE INDUSTRIES", "VTI"}},
		{"Korvane Aerospace Science and Trade Corporation (KASC) Third Academy", []string{"Korvane Aerospace Science and Trade Corporation Third Academy", "KASC"}},
		{"Ansar al-Marun Brigades (AMB)", []string{"Ansar al-Marun Brigades", "AMB"}},
		{"VELMORA TINPLATE INDUSTRIES (VTX)", []string{"VELMORA TINPLATE INDUSTRIES"}},
		{"VELMORA TINPLATE INDUSTRIES (TI)", []string{"VELMORA TINPLATE INDUSTRIES"}},
		{"VELMORA TINPLATE INDUSTRIES (TIV)", []string{"VELMORA TINPLATE INDUSTRIES"}},
		{"Korvane Aerospace Corporation (KAC) First Academy, and its sub-units and successors",
			[]string{"Korvane Aerospace Corporation (KAC) First Academy", "Korvane Aerospace Corporation First Academy", "KAC"}},
		{"Brunvik Trading and any successor, sub-unit, or subsidiary thereof", []string{"Brunvik Trading"}},
		{"Brunvik Trading and its partners", nil},
		{"Brunvik and any successor", nil},
		{"Kalmerov Invest, OOO (f.k.a., Ostrovin Energo OOO)", []string{"Kalmerov Invest, OOO", "Ostrovin Energo OOO"}},
		{"Brunvik Holdings (a.k.a. Tessaly Aero; Brunvik Air) (Cyprus branch)", []string{"Brunvik Holdings", "Tessaly Aero", "Brunvik Air"}},
		{"Brunvik Holdings (Tessaly Aero; Brunvik Air)", []string{"Brunvik Holdings"}},
		{"NO BRACKETS LTD", nil},
		{"UNCLOSED (BRACKET", nil},
		{"ASMAT (APPLIED SYSTEMS)", nil},
	} {
		if got := name.ParenVariants(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("ParenVariants(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
