package engine_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
)

// TestScreenBatch_BadRows checks that unusable rows get a result carrying
// their error, in input order, and the batch goes on.
func TestScreenBatch_BadRows(t *testing.T) {
	eng, _ := MustEngine(t)
	long := strings.Repeat("Deripaska ", 1000) // 10,000 characters
	var in bytes.Buffer
	in.WriteString("id,name,type\n")
	in.WriteString("ok1,Andriy Derkach,person\n")
	in.WriteString("empty,,person\n")
	in.WriteString("long," + long + ",person\n")
	in.WriteString("ctrl,\"\x01\x02\x03\",person\n")
	in.WriteString("badutf8,Ol\xffeg,person\n")
	in.WriteString("ok2,Oleg Deripaska,person\n")
	var out bytes.Buffer
	n, err := eng.ScreenBatch(context.Background(), &in, &out, engine.BatchOptions{Name: "customers.csv", ScreenOptions: embargo.ScreenOptions{Threshold: -1}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Fatalf("%d rows, want 6", n)
	}
	want := []struct {
		id       string
		errWant  string
		hasMatch bool
	}{
		{"ok1", "", true},
		{"empty", "required", false},
		{"long", "long", false},
		{"ctrl", "", false},
		{"badutf8", "UTF-8", false},
		{"ok2", "", true},
	}
	sc := bufio.NewScanner(&out)
	i := 0
	for sc.Scan() {
		var res embargo.ScreenResult
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		w := want[i]
		if res.ID == nil || *res.ID != w.id {
			t.Fatalf("line %d: id %v, want %s (order kept)", i+1, res.ID, w.id)
		}
		if w.errWant != "" && !strings.Contains(res.Error, w.errWant) {
			t.Errorf("row %s: error %q, want it to mention %q", w.id, res.Error, w.errWant)
		}
		if w.id == "ctrl" && res.Error == "" {
			t.Errorf("row ctrl: no error for a name of control characters")
		}
		if w.errWant == "" && w.id != "ctrl" && res.Error != "" {
			t.Errorf("row %s: unexpected error %q", w.id, res.Error)
		}
		if got := len(res.Matches) > 0; got != w.hasMatch {
			t.Errorf("row %s: %d matches", w.id, len(res.Matches))
		}
		i++
	}
	if i != len(want) {
		t.Fatalf("%d output lines, want %d", i, len(want))
	}
}

func TestScreenBatch_NoNameColumn(t *testing.T) {
	eng, _ := MustEngine(t)
	var out bytes.Buffer
	_, err := eng.ScreenBatch(context.Background(), strings.NewReader("id,full_name\n1,Oleg Deripaska\n"), &out, engine.BatchOptions{Name: "customers.csv"})
	if err == nil || !strings.Contains(err.Error(), "customers.csv line 1") || !strings.Contains(err.Error(), "name") {
		t.Fatalf("err=%v, want one naming customers.csv line 1 and the name column", err)
	}
	if out.Len() != 0 {
		t.Fatalf("output %q, want none", out.String())
	}
}

func TestScreenBatch_JSONLines(t *testing.T) {
	eng, _ := MustEngine(t)
	in := `{"id":"a","name":"Andriy Derkach"}
not json
{"id":"c","name":"Oleg Deripaska","type":"person","dob":"1968"}
`
	var out bytes.Buffer
	n, err := eng.ScreenBatch(context.Background(), strings.NewReader(in), &out, engine.BatchOptions{Name: "q.jsonl", ScreenOptions: embargo.ScreenOptions{Threshold: -1}})
	if err != nil || n != 3 {
		t.Fatalf("n=%d err=%v, want 3 rows", n, err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], `q.jsonl line 2: invalid JSON`) || !strings.Contains(lines[2], `"entity_id":"ofac-sdn:24283"`) {
		t.Fatalf("output:\n%s", out.String())
	}
}
