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
	ents := append(goldenEntities(t), sdnEntities(t)...)
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

// BenchmarkDecodeEntity decodes the stored form of every entity of the
// 2021-04-25 SDN list with encoding/json and with decodeEntity.
func BenchmarkDecodeEntity(b *testing.B) {
	var docs [][]byte
	for _, e := range sdnEntities(b) {
		d, err := json.Marshal(&e)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	for _, c := range []struct {
		name   string
		decode func([]byte, *embargo.Entity) error
	}{
		{"encoding-json", func(d []byte, e *embargo.Entity) error { return json.Unmarshal(d, e) }},
		{"decodeEntity", decodeEntity},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, d := range docs {
					var e embargo.Entity
					if err := c.decode(d, &e); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func goldenEntities(tb testing.TB) []embargo.Entity {
	paths, err := filepath.Glob("../../source/*/testdata/golden/*.json")
	if err != nil || len(paths) < 8 {
		tb.Fatalf("golden files: %v (%d)", err, len(paths))
	}
	var ents []embargo.Entity
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		var es []embargo.Entity
		if err := json.Unmarshal(b, &es); err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		ents = append(ents, es...)
	}
	return ents
}

func sdnEntities(tb testing.TB) []embargo.Entity {
	paths, err := filepath.Glob("../../source/ofac/testdata/sdn-2021-04-25/*.csv")
	if err != nil {
		tb.Fatal(err)
	}
	l, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return l.Entities
}
