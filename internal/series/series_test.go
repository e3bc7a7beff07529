package series_test

import (
	"os"
	"testing"

	"github.com/embargo-dev/embargo/internal/series"
)

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	if err := series.Extract("../../testdata/ofac-sdn/daily-2021-08-18--2024-05-03.tar.xz", dir); err != nil {
		t.Fatal(err)
	}
	folders, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) != 308 || folders[0].Name() != "2021-08-18T093901Z" {
		t.Fatalf("%d folders, first %s; want 308 from 2021-08-18T093901Z", len(folders), folders[0].Name())
	}
	if _, err := os.Stat(dir + "/2024-05-03T184323Z/sdn.csv"); err != nil {
		t.Fatal(err)
	}
	if err := series.Extract("nope.tar.xz", dir); err == nil {
		t.Fatal("no error for a missing archive")
	}
}
