package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
)

// Diff compares two snapshots of one source. See embargo.Store.
func (s *Store) Diff(ctx context.Context, from, to *embargo.Snapshot) (*embargo.Diff, error) {
	if from.Source != to.Source {
		return nil, embargo.Errorf(embargo.EINVALID, "diff: snapshots %s and %s are of different sources", from.ID, to.ID)
	}
	a, err := s.snapshotHashes(ctx, from)
	if err != nil {
		return nil, err
	}
	b, err := s.snapshotHashes(ctx, to)
	if err != nil {
		return nil, err
	}
	d := &embargo.Diff{Source: from.Source, From: from.ID, To: to.ID,
		Added: []embargo.EntityRef{}, Removed: []embargo.EntityRef{}, Changed: []embargo.EntityChange{}}
	// Gather the contents the diff needs, then read them in a few batched
	// queries rather than one per entity.
	var need []string
	for id, hb := range b {
		if ha, ok := a[id]; !ok {
			need = append(need, hb)
		} else if ha != hb {
			need = append(need, ha, hb)
		}
	}
	for id, ha := range a {
		if _, ok := b[id]; !ok {
			need = append(need, ha)
		}
	}
	data, err := s.loadData(ctx, s.DB, need)
	if err != nil {
		return nil, err
	}
	name := func(hash string) (string, error) { return entityName(data[hash]) }
	for id, hb := range b {
		ha, ok := a[id]
		if ok && ha == hb {
			continue
		}
		if !ok {
			ref, err := entityRef(id, data[hb])
			if err != nil {
				return nil, err
			}
			d.Added = append(d.Added, ref)
			continue
		}
		n, err := name(hb)
		if err != nil {
			return nil, err
		}
		fields, err := compareJSON(data[ha], data[hb])
		if err != nil {
			return nil, fmt.Errorf("compare %s: %w", id, err)
		}
		d.Changed = append(d.Changed, embargo.EntityChange{EntityID: id, Name: n, Fields: fields})
	}
	for id, ha := range a {
		if _, ok := b[id]; !ok {
			ref, err := entityRef(id, data[ha])
			if err != nil {
				return nil, err
			}
			d.Removed = append(d.Removed, ref)
		}
	}
	sortRefs(d.Added)
	sortRefs(d.Removed)
	sort.Slice(d.Changed, func(i, j int) bool { return entityIDLess(d.Changed[i].EntityID, d.Changed[j].EntityID) })
	return d, nil
}

func sortRefs(refs []embargo.EntityRef) {
	sort.Slice(refs, func(i, j int) bool { return entityIDLess(refs[i].EntityID, refs[j].EntityID) })
}

// entityIDLess orders ids naturally: ofac-sdn:9 before ofac-sdn:10.
func entityIDLess(a, b string) bool {
	if len(a) != len(b) {
		pa, _, _ := strings.Cut(a, ":")
		pb, _, _ := strings.Cut(b, ":")
		if pa == pb && isDigits(a[len(pa)+1:]) && isDigits(b[len(pb)+1:]) {
			return len(a) < len(b)
		}
	}
	return a < b
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// compareJSON lists the top-level fields whose values differ between two
// stored entities, comparing the raw JSON and decoding only what changed.
func compareJSON(a, b []byte) ([]embargo.FieldChange, error) {
	var ma, mb map[string]json.RawMessage
	if err := json.Unmarshal(a, &ma); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &mb); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(ma)+len(mb))
	for k := range ma {
		keys = append(keys, k)
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []embargo.FieldChange
	for _, k := range keys {
		if bytes.Equal(ma[k], mb[k]) {
			continue
		}
		fc := embargo.FieldChange{Field: k}
		if v, ok := ma[k]; ok {
			if err := json.Unmarshal(v, &fc.Before); err != nil {
				return nil, err
			}
		}
		if v, ok := mb[k]; ok {
			if err := json.Unmarshal(v, &fc.After); err != nil {
				return nil, err
			}
		}
		out = append(out, fc)
	}
	return out, nil
}
