package sqlstore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/ofac"
)

// TestDecodeEntity checks that decodeEntity reads every entity of every
// format's golden file, and of a full SDN list, exactly as encoding/json,
// which wrote it, does.
func TestDecodeEntity(t *testing.T) {
	paths, err := filepath.Glob("../../source/*/testdata/golden/*.json")
	if err != nil || len(paths) < 8 {
		t.Fatalf("golden files: %v (%d)", err, len(paths))
	}
	var ents []embargo.Entity
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var es []embargo.Entity
		if err := json.Unmarshal(b, &es); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ents = append(ents, es...)
	}
	sdn, err := filepath.Glob("../../source/ofac/testdata/sdn-2021-04-25/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	l, err := ofac.ParseCSVSet(sdn, embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ents = append(ents, l.Entities...)
	for _, e := range ents {
		// Stored data is what encoding/json writes.
		data, err := json.Marshal(&e)
		if err != nil {
			t.Fatal(err)
		}
		var want, got embargo.Entity
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if err := decodeEntity(data, &got); err != nil {
			t.Fatalf("%s: %v", e.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s decodes differently:\n got %+v\nwant %+v", e.ID, got, want)
		}
	}
	t.Logf("%d entities decode alike", len(ents))
}
