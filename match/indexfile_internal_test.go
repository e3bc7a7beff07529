package match

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/ofac"
)

// sdnVersions returns the versions of the real SDN lists of 2019-01-04
// (snapshot 1) and 2021-04-25 (snapshot 2) as the store holds them: an
// entity whose content did not change has one version for both.
func sdnVersions(tb testing.TB) []*embargo.EntityVersion {
	tb.Helper()
	read := func(date string) []embargo.Entity {
		dir := filepath.Join("..", "source", "ofac", "testdata", "sdn-"+date)
		var paths []string
		for _, f := range []string{"sdn.csv", "alt.csv", "add.csv"} {
			paths = append(paths, filepath.Join(dir, f))
		}
		list, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		return list.Entities
	}
	old, cur := read("2019-01-04"), read("2021-04-25")
	now := map[string]*embargo.Entity{}
	for i := range cur {
		now[cur[i].ID] = &cur[i]
	}
	var vs []*embargo.EntityVersion
	for i := range old {
		v := &embargo.EntityVersion{Entity: old[i], FromSeq: 1, ToSeq: 2}
		if e, ok := now[old[i].ID]; ok && reflect.DeepEqual(*e, old[i]) {
			v.ToSeq = 0
			delete(now, old[i].ID)
		}
		vs = append(vs, v)
	}
	for i := range cur {
		if _, ok := now[cur[i].ID]; ok {
			vs = append(vs, &embargo.EntityVersion{Entity: cur[i], FromSeq: 2})
		}
	}
	return vs
}

// TestIndexFile_RoundTrip: an index decoded from its encoding holds the
// same tables and versions as the one encoded, field by field (a field
// added to Index and left out of indexFile fails here), and answers
// searches the same.
func TestIndexFile_RoundTrip(t *testing.T) {
	vs := sdnVersions(t)
	ix := NewIndex()
	for lo := 0; lo < len(vs); lo += 2048 {
		ix.AddAll(vs[lo:min(lo+2048, len(vs))])
	}
	ix.Finish()
	data, err := ix.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != len(vs) {
		t.Fatalf("%d versions, want %d", got.Len(), len(vs))
	}
	for i := range got.Len() {
		if !reflect.DeepEqual(got.Version(i), vs[i]) {
			t.Fatalf("version %d: got %+v, want %+v", i, got.Version(i), vs[i])
		}
	}
	want, have := reflect.ValueOf(ix).Elem(), reflect.ValueOf(got).Elem()
	for i := range want.NumField() {
		f := want.Type().Field(i)
		switch f.Name {
		case "pool", "cache": // per process, empty until searched
			continue
		case "vers": // compared above, by version
			for k := range ix.vers {
				a, b := ix.vers[k], got.vers[k]
				a.v, b.v = nil, nil
				if a != b {
					t.Fatalf("vers[%d]: got %+v, want %+v", k, b, a)
				}
			}
			continue
		}
		if !reflect.DeepEqual(exported(want.Field(i)), exported(have.Field(i))) {
			t.Errorf("field %s differs after a round trip", f.Name)
		}
	}
	for _, q := range []string{"Oleg Deripaska", "Deripaska Oleg Vladimirovich", "Kim Jong Un", "Banco Nacional de Cuba", "Hassan Nasrallah", "Rosneft Trading", "Andrii Derkach"} {
		for _, seqs := range []map[string]int{nil, {"us_ofac_sdn": 1}} {
			opts := SearchOptions{Threshold: 0.3, Limit: 10, Seqs: seqs}
			a, err1 := ix.Search(embargo.Query{Name: q}, opts)
			b, err2 := got.Search(embargo.Query{Name: q}, opts)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if len(a) == 0 && seqs == nil {
				t.Errorf("%q finds nothing: not a test of the round trip", q)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%q (seqs %v): decoded index answers %+v, want %+v", q, seqs, b, a)
			}
		}
	}
}

// exported returns the value of a field that may be unexported, for
// reflect.DeepEqual.
func exported(v reflect.Value) any {
	if v.CanInterface() {
		return v.Interface()
	}
	return reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem().Interface()
}

// TestIndexFile_Corrupt: bytes that are not an index fail to decode with
// an error, not a panic or a broken index.
func TestIndexFile_Corrupt(t *testing.T) {
	ix := NewIndex()
	ix.Add(&embargo.EntityVersion{Entity: embargo.Entity{ID: "x:1", Source: "x", Name: "Oleg Deripaska", Schema: embargo.SchemaPerson}, FromSeq: 1})
	ix.Finish()
	data, err := ix.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{nil, []byte("not an index"), data[:len(data)/2]} {
		if _, err := UnmarshalIndex(b); err == nil {
			t.Errorf("UnmarshalIndex of %d bytes: no error", len(b))
		}
	}
	if _, err := NewIndex().MarshalBinary(); err == nil {
		t.Error("MarshalBinary of an index not finished: no error")
	}
	empty := NewIndex()
	empty.Finish()
	if b, err := empty.MarshalBinary(); err != nil {
		t.Errorf("an empty index: %v", err)
	} else if got, err := UnmarshalIndex(b); err != nil || got.Len() != 0 {
		t.Errorf("an empty index decodes as %v, %v", got, err)
	}
}
