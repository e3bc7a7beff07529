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
		{"VELMORA TINPLATE INDUSTRIES (VTI)", []string{"VELMORA TINPLATE INDUSTRIES"}},
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
