package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	main "github.com/embargo-dev/embargo/cmd/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// runScanCLI runs one command line on the database db with stdin in.
func runScanCLI(db, in string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	m := main.NewMain()
	m.Stdin = strings.NewReader(in)
	m.Stdout, m.Stderr = &out, &errOut
	m.Getenv = func(string) string { return "" }
	code := m.Run(context.Background(), append([]string{"--db", db}, args...))
	return code, out.String(), errOut.String()
}

// mustScanDB imports the two SDN test snapshots into a new database.
func mustScanDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "embargo.db")
	for _, s := range []struct{ dir, asOf string }{
		{testutil.SDN2019, "2019-01-04"},
		{testutil.SDN2021, "2021-04-25"},
	} {
		if code, _, errOut := runScanCLI(db, "", "import", "--as-of", s.asOf, s.dir); code != 0 {
			t.Fatalf("import %s: exit %d: %s", s.dir, code, errOut)
		}
	}
	return db
}

const scanNews = "Shares of Rusal rose. Mr. Oleg Deripaska's stake fell.\nAndrii Derkach denied it.\n"

func TestScan_CLI(t *testing.T) {
	db := mustScanDB(t)
	file := filepath.Join(t.TempDir(), "news.txt")
	if err := os.WriteFile(file, []byte(scanNews), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("JSON", func(t *testing.T) {
		code, out, errOut := runScanCLI(db, "", "scan", "--json", "--as-of", "2021-04-25", file)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var res struct {
			Mentions []struct {
				Text       string  `json:"text"`
				Start      int     `json:"start"`
				End        int     `json:"end"`
				EntityID   string  `json:"entity_id"`
				Name       string  `json:"name"`
				Score      float64 `json:"score"`
				Listed     bool    `json:"listed"`
				DelistedOn string  `json:"delisted_on"`
			} `json:"mentions"`
			Snapshots map[string]string `json:"snapshots"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if len(res.Mentions) != 3 || res.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" {
			t.Fatalf("got %s", out)
		}
		r := res.Mentions[0]
		if r.Text != "Rusal" || r.EntityID != "ofac-sdn:24228" || r.Listed || r.DelistedOn != "2021-04-25" || scanNews[r.Start:r.End] != "Rusal" {
			t.Fatalf("first mention %+v, want Rusal delisted on 2021-04-25", r)
		}
	})
	t.Run("HumanStdin", func(t *testing.T) {
		code, out, errOut := runScanCLI(db, scanNews, "scan", "--as-of", "2019-01-04", "-")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, want := range []string{"2 mentions", "»Rusal«", "»Oleg Deripaska«", "ofac-sdn:24228", "LISTED", "UNITED COMPANY RUSAL PLC"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "Derkach") && strings.Contains(out, "29366") {
			t.Errorf("Derkach reported as of 2019-01-04:\n%s", out)
		}
	})
	t.Run("HumanDelisted", func(t *testing.T) {
		_, out, _ := runScanCLI(db, "", "scan", "--as-of", "2021-04-25", file)
		// A removal is an interval: the list does not date it.
		if !strings.Contains(out, "DELISTED, removed between 2019-01-04 and 2021-04-25") {
			t.Fatalf("output lacks the delisting:\n%s", out)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		code, _, errOut := runScanCLI(db, "", "scan", filepath.Join(t.TempDir(), "nope.txt"))
		if code != 1 || !strings.Contains(errOut, "nope.txt") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if code, _, _ := runScanCLI(db, "", "scan"); code != 2 {
			t.Fatalf("no argument: exit %d, want 2", code)
		}
		if code, _, _ := runScanCLI(db, "", "scan", "--threshold", "3", file); code != 2 {
			t.Fatalf("--threshold 3: exit %d, want 2", code)
		}
		if code, _, _ := runScanCLI(db, "", "scan", "--as-of", "yesterday", file); code != 2 {
			t.Fatalf("--as-of yesterday: exit %d, want 2", code)
		}
	})
}
