package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	main "github.com/embargo-dev/embargo/cmd/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// Program is a Main under test with its output captured.
type Program struct {
	DB string
	// Env is the environment the program sees (nothing else).
	Env map[string]string
}

// NewProgram returns a program on a new database in a temporary directory.
func NewProgram(tb testing.TB) *Program {
	return &Program{DB: filepath.Join(tb.TempDir(), "embargo.db")}
}

// Run runs a command line and returns the exit status and output.
func (p *Program) Run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	m := main.NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = &out, &errOut
	m.Getenv = func(k string) string { return p.Env[k] }
	code = m.Run(context.Background(), append([]string{"--db", p.DB}, args...))
	return code, out.String(), errOut.String()
}

// MustRun runs a command line that must succeed and returns its output.
func (p *Program) MustRun(tb testing.TB, args ...string) string {
	tb.Helper()
	code, out, errOut := p.Run(args...)
	if code != 0 {
		tb.Fatalf("embargo %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// MustRunJSON runs a command line that must succeed and decodes its
// output, JSON, into v.
func (p *Program) MustRunJSON(tb testing.TB, v any, args ...string) {
	tb.Helper()
	out := p.MustRun(tb, args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		tb.Fatalf("embargo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func decodeImport(tb testing.TB, out string) embargo.ImportResult {
	tb.Helper()
	var res embargo.ImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		tb.Fatalf("import output %q: %v", out, err)
	}
	return res
}

func TestImportDiffHistory(t *testing.T) {
	p := NewProgram(t)
	res := decodeImport(t, p.MustRun(t, "import", "--json", "--as-of", "2019-01-04", testutil.SDN2019))
	if res.Source != "ofac-sdn" || res.Entities != 7379 || res.Added != 7379 || res.SnapshotID != "ofac-sdn@2019-01-04" {
		t.Fatalf("import 2019 = %+v", res)
	}
	res = decodeImport(t, p.MustRun(t, "import", "--json", "--as-of", "2021-04-25", testutil.SDN2021))
	if res.Entities != 8890 {
		t.Fatalf("import 2021 = %+v, want 8890 entities", res)
	}
	res = decodeImport(t, p.MustRun(t, "import", "--json", "--as-of", "2021-04-26", testutil.SDN2021))
	if !res.Unchanged || res.SnapshotID != "ofac-sdn@2021-04-25" {
		t.Fatalf("re-import = %+v, want unchanged", res)
	}

	type ref struct {
		EntityID string `json:"entity_id"`
		Name     string `json:"name"`
	}
	var d struct {
		Source  string `json:"source"`
		Added   []ref  `json:"added"`
		Removed []ref  `json:"removed"`
		Changed []struct {
			EntityID string `json:"entity_id"`
			Fields   []struct{ Field string }
		}
	}
	out := p.MustRun(t, "diff", "--source", "ofac-sdn", "--json", "2019-01-04", "2021-04-25")
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	has := func(refs []ref, id string) string {
		for _, r := range refs {
			if r.EntityID == id {
				return r.Name
			}
		}
		return ""
	}
	for _, id := range []string{"ofac-sdn:24228", "ofac-sdn:24226", "ofac-sdn:24227"} {
		if has(d.Removed, id) == "" {
			t.Errorf("%s not among the removed", id)
		}
	}
	if got := has(d.Removed, "ofac-sdn:24228"); got != "UNITED COMPANY RUSAL PLC" {
		t.Errorf("removed 24228 name=%q", got)
	}
	for _, id := range []string{"ofac-sdn:29366", "ofac-sdn:29702", "ofac-sdn:29703", "ofac-sdn:29745"} {
		if has(d.Added, id) == "" {
			t.Errorf("%s not among the added", id)
		}
	}
	// SERIES.tsv: 1712 added, 201 removed between the two.
	if len(d.Added) != 1712 || len(d.Removed) != 201 {
		t.Errorf("diff: %d added, %d removed; want 1712, 201", len(d.Added), len(d.Removed))
	}
	if len(d.Changed) == 0 || len(d.Changed[0].Fields) == 0 {
		t.Errorf("diff: no field-level changes")
	}

	var h struct {
		FirstSeen string `json:"first_seen"`
		LastSeen  string `json:"last_seen"`
		Listed    bool   `json:"listed"`
		Events    []struct {
			AsOf       string `json:"as_of"`
			Change     string `json:"change"`
			SnapshotID string `json:"snapshot_id"`
		} `json:"events"`
	}
	out = p.MustRun(t, "history", "--json", "ofac-sdn:24228")
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if h.FirstSeen != "2019-01-04" || h.LastSeen != "2019-01-04" || h.Listed || len(h.Events) != 2 ||
		h.Events[0].Change != "added" || h.Events[1].Change != "removed" || h.Events[1].AsOf != "2021-04-25" {
		t.Fatalf("history of Rusal = %+v", h)
	}
	if out := p.MustRun(t, "history", "ofac-sdn:24228"); !strings.Contains(out, "removed") {
		t.Fatalf("human history output lacks the removal:\n%s", out)
	}

	out = p.MustRun(t, "snapshots", "--json")
	var snaps []struct {
		SnapshotID string `json:"snapshot_id"`
		Entities   int    `json:"entities"`
	}
	if err := json.Unmarshal([]byte(out), &snaps); err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 2 || snaps[0].SnapshotID != "ofac-sdn@2019-01-04" || snaps[1].Entities != 8890 {
		t.Fatalf("snapshots = %+v", snaps)
	}
}

func TestReadOnlyCommandsNeedDatabase(t *testing.T) {
	p := NewProgram(t)
	for _, args := range [][]string{{"snapshots"}, {"history", "ofac-sdn:1"}, {"diff", "a@1", "a@2"}, {"screen", "x"}} {
		code, _, errOut := p.Run(args...)
		if code != 1 || !strings.Contains(errOut, "does not exist") {
			t.Errorf("%v: exit %d, stderr %q; want 1 and a missing-database error", args, code, errOut)
		}
	}
	if _, err := os.Stat(p.DB); err == nil {
		t.Fatal("a read-only command created the database")
	}
}

func TestUsageErrors(t *testing.T) {
	p := NewProgram(t)
	for _, args := range [][]string{{"import"}, {"diff", "x"}, {"snapshots", "--bogus"}, {"import", "--as-of", "someday", testutil.SDN2019},
		{"screen", "--dob", "1968-02-30", "Oleg Deripaska"}, {"screen", "--dob", "yesterday", "x"},
		{"watch", "add", "customers.csv"}, {"alerts", "show", "x"}, {"snapshots", "retract", "a@1"}, {"eval", "build", "extra"}} {
		if code, _, _ := p.Run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestBadInput checks that files that cannot be read fail clearly and leave
// the database exactly as it was.
func TestBadInput(t *testing.T) {
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	before := p.MustRun(t, "snapshots", "--json")

	dir := t.TempDir()
	sdn, err := os.ReadFile(filepath.Join(testutil.SDN2021, "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// A real file cut in the middle of a quoted field.
	cut := bytes.LastIndex(sdn[:len(sdn)/2], []byte(`,"`)) + 5
	cases := []struct {
		name, path, want string
	}{
		{"truncated csv", write("truncated/sdn.csv", sdn[:cut]), "sdn.csv line"},
		{"empty file", write("empty/sdn.csv", nil), "sdn.csv"},
		{"wrong format", write("wrong/notes.txt", []byte("hello, world\nthis is no list\n")), "notes.txt"},
		{"non-utf8 xml", write("latin1.xml", []byte("<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>J\xe9r\xf4me</FIRST_NAME>")), "latin1.xml"},
		{"missing path", filepath.Join(dir, "nope"), "nope"},
		{"malformed UN XML", "../../source/un/testdata/un-sc-2024-10-16-malformed.xml.gz", "source/un/testdata/un-sc-2024-10-16-malformed.xml.gz line"},
		// The first path is good, the second is not: neither is imported.
		{"good then bad", testutil.SDN2021 + " " + write("bad2/sdn.csv", sdn[:cut]), "sdn.csv line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"import"}, strings.Fields(tc.path)...)
			code, _, errOut := p.Run(args...)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and an error naming %q", code, errOut, tc.want)
			}
			if after := p.MustRun(t, "snapshots", "--json"); after != before {
				t.Fatalf("database changed:\n%s", after)
			}
		})
	}
}

// TestDailySeries imports the 308 daily SDN snapshots in order and checks
// every step's added and removed counts against SERIES.tsv.
func TestDailySeries(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 308 snapshots")
	}
	dir := testutil.MustExtractSeries(t)
	want := readSeries(t)
	p := NewProgram(t)
	folders, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) != 308 {
		t.Fatalf("%d folders, want 308", len(folders))
	}
	// The series follows the full 2021-04-25 set; its snapshots hold
	// sdn.csv alone, so aliases and addresses carry over from it.
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)
	// One import command for the whole series: folders sort by time.
	args := []string{"import", "--json"}
	for _, f := range folders {
		args = append(args, filepath.Join(dir, f.Name()))
	}
	out := p.MustRun(t, args...)
	dec := json.NewDecoder(strings.NewReader(out))
	i := 0
	prevEntities := 8890
	for dec.More() {
		var res embargo.ImportResult
		if err := dec.Decode(&res); err != nil {
			t.Fatal(err)
		}
		name := folders[i].Name()
		w, ok := want[name]
		if !ok {
			t.Fatalf("%s not in SERIES.tsv", name)
		}
		if res.Entities != w.entries {
			t.Errorf("%s: %d entities, want %d", name, res.Entities, w.entries)
		}
		if !res.Unchanged && (res.Added != w.added || res.Removed != w.removed || res.Changed != w.changed) {
			t.Errorf("%s: +%d -%d ~%d, want +%d -%d ~%d", name, res.Added, res.Removed, res.Changed, w.added, w.removed, w.changed)
		}
		if res.Unchanged && (w.added != 0 || w.removed != 0 || w.changed != 0) {
			t.Errorf("%s: unchanged, want +%d -%d ~%d", name, w.added, w.removed, w.changed)
		}
		if res.Unchanged && res.Entities != prevEntities {
			t.Errorf("%s: unchanged with %d entities after %d", name, res.Entities, prevEntities)
		}
		prevEntities = res.Entities
		i++
	}
	if i != 308 {
		t.Fatalf("%d import results, want 308", i)
	}
}

type seriesRow struct{ entries, added, removed, changed int }

func readSeries(tb testing.TB) map[string]seriesRow {
	tb.Helper()
	f, err := os.Open("../../testdata/ofac-sdn/SERIES.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string]seriesRow{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 6 {
			tb.Fatalf("SERIES.tsv: %q", sc.Text())
		}
		n := make([]int, 5)
		for i := range n {
			n[i], err = strconv.Atoi(cols[i+1])
			if err != nil {
				tb.Fatal(err)
			}
		}
		out[cols[0]] = seriesRow{entries: n[0], added: n[2], removed: n[3], changed: n[4]}
	}
	return out
}
