package link_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/demo"
	"github.com/embargo-dev/embargo/link"
)

func person(id, name string, dobs []string, ids ...embargo.Identifier) embargo.Entity {
	src, sid, _ := embargo.SplitEntityID(id)
	return embargo.Entity{ID: id, Source: src, SourceID: sid, Schema: embargo.SchemaPerson, Name: name, BirthDates: dobs, Identifiers: ids}
}

func TestLink(t *testing.T) {
	pass := func(v string) embargo.Identifier { return embargo.Identifier{Type: embargo.IDPassport, Value: v} }
	ents := []embargo.Entity{
		person("ofac-sdn:1", "AL-BATHALI, Mubarak Mushakhas Sanad", []string{"1961-10-01"}, pass("101856740")),
		person("uk-ofsi:2", "Mubarak Mushakhas Sanad MUBARAK AL-BATHALI", []string{"1961-10-01"}, pass("1018-56740")),
		// The same name, another date of birth: not linked.
		person("un-sc:QDi.012", "KIM CHOL", []string{"1970-01-01"}),
		person("eu-fsf:3", "Kim Chol", []string{"1971-01-01"}),
		// The same name and date: linked.
		person("eu-fsf:4", "Joseph KONY", []string{"1964-09-18"}),
		person("un-sc:CDi.1", "KONY, Joseph", []string{"1964-09-18"}),
		// A year only is not a full date of birth.
		person("eu-fsf:5", "Ali Hassan", []string{"1960"}),
		person("ofac-sdn:6", "HASSAN, Ali", []string{"1960"}),
		// Short numbers collide by chance.
		person("eu-fsf:7", "A B", nil, pass("12345")),
		person("ofac-sdn:8", "C D", nil, pass("12345")),
		// The same source: not a cross-list link.
		person("ofac-sdn:9", "X Y", nil, pass("ZZ9999999")),
		person("ofac-sdn:10", "X Z", nil, pass("ZZ9999999")),
	}
	vessel := embargo.Entity{ID: "un-sc:V1", Source: "un-sc", SourceID: "V1", Schema: embargo.SchemaVessel, Name: "OCEAN STAR", Identifiers: []embargo.Identifier{{Type: embargo.IDIMO, Value: "IMO 9123456"}}}
	natl := embargo.Entity{ID: "uk-ofsi:V2", Source: "uk-ofsi", SourceID: "V2", Schema: embargo.SchemaVessel, Name: "Ocean Star", Identifiers: []embargo.Identifier{{Type: embargo.IDIMO, Value: "9123456"}}}
	unref := embargo.Entity{ID: "uk-ofsi:11", Source: "uk-ofsi", SourceID: "11", Schema: embargo.SchemaPerson, Name: "Someone", Properties: map[string][]string{"un_reference_number": {"QDi.012"}}}
	ents = append(ents, vessel, natl, unref)
	got := map[[2]string]string{}
	for _, p := range link.Link(ents) {
		got[[2]string{p.A, p.B}] = p.Reason
	}
	want := map[[2]string]string{
		{"ofac-sdn:1", "uk-ofsi:2"}:     link.ReasonIdentifier,
		{"eu-fsf:4", "un-sc:CDi.1"}:     link.ReasonNameDOB,
		{"uk-ofsi:V2", "un-sc:V1"}:      link.ReasonIdentifier,
		{"uk-ofsi:11", "un-sc:QDi.012"}: link.ReasonUNRef,
	}
	for k, r := range want {
		if got[k] != r {
			t.Errorf("%v: %q, want %q", k, got[k], r)
		}
	}
	for k, r := range got {
		if want[k] == "" {
			t.Errorf("%v linked (%s), want not", k, r)
		}
	}
	groups := link.Groups(link.Link(ents))
	if g := groups["ofac-sdn:1"]; len(g) != 2 || g[1] != "uk-ofsi:2" {
		t.Fatalf("group of ofac-sdn:1 = %v", g)
	}
}

// TestPrecision checks the linker against a hand-checked sample of 200
// links drawn evenly from the links it finds in the demo lists (the
// latest bundled OFAC SDN, UN, UK OFSI and EU files): each sampled pair
// must still be linked, and the share of pairs that are the same party
// (the column "same", checked by hand) must be at least 0.99.
func TestPrecision(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the demo lists")
	}
	lists, err := demo.LatestLists()
	if err != nil {
		t.Fatal(err)
	}
	var ents []embargo.Entity
	for _, l := range lists {
		ents = append(ents, l.Entities...)
	}
	linked := map[[2]string]bool{}
	pairs := link.Link(ents)
	for _, p := range pairs {
		linked[[2]string{p.A, p.B}] = true
	}
	f, err := os.Open("testdata/sample.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes = '\t', true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var n, same int
	for _, row := range rows[1:] {
		if !linked[[2]string{row[1], row[3]}] {
			t.Errorf("sampled pair %s %s is no longer linked: draw the sample again", row[1], row[3])
			continue
		}
		n++
		if row[6] == "true" {
			same++
		}
	}
	precision := float64(same) / float64(n)
	t.Logf("%d links in the demo lists; precision on %d hand-checked: %d/%d = %.3f", len(pairs), n, same, n, precision)
	if n < 200 || precision < 0.99 {
		t.Fatalf("precision %.3f on %d pairs, want at least 0.99 on 200", precision, n)
	}
}
