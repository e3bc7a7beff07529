package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/embargo-dev/embargo"
)

// prepared is a list hashed and ready to store.
type prepared struct {
	list        *embargo.ParsedList
	asOf        time.Time
	ids         []string // sorted
	items       map[string]item
	contentHash string
}

type item struct {
	hash string
	// raw is the hash of the entity as its list gave it, before fields
	// the list lacks were filled from the previous version (the same as
	// hash when nothing was filled).
	raw string
	// data is the entity's JSON; nil for the content of a stored version
	// (then already in entity_data).
	data []byte
}

// prepare checks and hashes a list; it is the costly part of an import and
// needs no transaction.
func prepare(list *embargo.ParsedList, asOf time.Time) (*prepared, error) {
	if list.Source == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "import: list has no source name")
	}
	if asOf.IsZero() {
		return nil, embargo.Errorf(embargo.EINVALID, "import %s: no as-of date", list.Source)
	}
	p := &prepared{list: list, asOf: asOf.UTC(), items: make(map[string]item, len(list.Entities))}
	encoded, err := encodeEntities(list.Entities)
	if err != nil {
		return nil, err
	}
	for i := range list.Entities {
		e := &list.Entities[i]
		if e.ID == "" {
			return nil, embargo.Errorf(embargo.EINVALID, "import %s: entity %d has no id", list.Source, i+1)
		}
		if _, dup := p.items[e.ID]; dup {
			return nil, embargo.Errorf(embargo.EINVALID, "import %s: duplicate entity id %s", list.Source, e.ID)
		}
		p.items[e.ID] = encoded[i]
	}
	p.ids = make([]string, 0, len(p.items))
	for id := range p.items {
		p.ids = append(p.ids, id)
	}
	sort.Strings(p.ids)
	p.contentHash = contentHashOf(p.ids, p.items)
	return p, nil
}

// encodeEntities normalises and encodes each entity, on every core: the
// entities are independent, and encoding them is most of what preparing a
// daily list costs. Returns the first error in list order.
func encodeEntities(ents []embargo.Entity) ([]item, error) {
	out := make([]item, len(ents))
	errs := make([]error, len(ents))
	const chunk = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(ents)+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(ents) {
					return
				}
				for i := lo; i < min(lo+chunk, len(ents)); i++ {
					e := &ents[i]
					e.Normalize()
					data, hash, err := e.Encode()
					if err != nil {
						errs[i] = fmt.Errorf("marshal %s: %w", e.ID, err)
						continue
					}
					out[i] = item{hash: hash, raw: hash, data: data}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// contentHashOf hashes a whole list from its entities' hashes.
func contentHashOf(ids []string, items map[string]item) string {
	h := sha256.New()
	for _, id := range ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
		h.Write([]byte(items[id].hash))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ImportList stores list as a new snapshot of its source. See embargo.Store.
func (s *Store) ImportList(ctx context.Context, list *embargo.ParsedList, asOf time.Time) (*embargo.ImportResult, error) {
	var res *embargo.ImportResult
	err := s.ImportLists(ctx, func() (*embargo.ParsedList, time.Time, error) {
		if res != nil || list == nil {
			return nil, time.Time{}, nil
		}
		l := list
		list = nil
		return l, asOf, nil
	}, func(r *embargo.ImportResult) error {
		res = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ImportLists imports the lists next yields (until it returns a nil list)
// in one transaction: all of them or none. next may parse lazily, so a long
// series needs the memory of one list at a time. done is called with each
// result before the commit (what follows an import is package ingest's).
func (s *Store) ImportLists(ctx context.Context, next func() (*embargo.ParsedList, time.Time, error), done func(*embargo.ImportResult) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer tx.Rollback()
	locked := map[string]bool{}
	states := map[string]mergeState{}
	for {
		list, asOf, err := next()
		if err != nil {
			return err
		}
		if list == nil {
			break
		}
		p, err := prepare(list, asOf)
		if err != nil {
			return err
		}
		if !locked[list.Source] {
			if err := s.lock(ctx, tx, importKey(list.Source)); err != nil {
				return err
			}
			locked[list.Source] = true
		}
		if states[list.Source] == nil {
			// Sized for the list: a daily list of the SDN has 12,000
			// entities, and growing the map entry by entry doubled it
			// about ten times.
			states[list.Source] = make(mergeState, len(list.Entities))
		}
		res, err := s.importTx(ctx, tx, p, states[list.Source])
		if err != nil {
			return err
		}
		if done != nil {
			if err := done(res); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}

// mergeState remembers, per entity id, the content of the entity as its
// list gave it (raw) and as stored after filling unknown fields (merged),
// across the imports of one ImportLists call: in a series of daily lists
// that lack aliases, an entity whose own row did not change is stored as it
// was, without decoding anything.
type mergeState map[string]mergeEntry

type mergeEntry struct {
	raw    string // hash of the entity as parsed
	merged item
}

// openVersion is an entity's version in the latest snapshot.
type openVersion struct {
	rowID int64
	hash  string
	raw   string // the hash of the entity as its list gave it
}

// mergeUnknown fills the fields p's list lacks from each entity's previous
// version (open), then re-hashes what it changed. An entity whose row in
// the list is the one its open version was made from (the same raw hash:
// most of a daily list) is that version, with nothing read or decoded.
func (s *Store) mergeUnknown(ctx context.Context, tx *sql.Tx, p *prepared, open map[string]openVersion, state mergeState) error {
	// Contents of previous versions that neither the stored raw hashes,
	// the state nor the list can tell: read from the database in one go.
	var need []string
	for _, id := range p.ids {
		prev, ok := open[id]
		if !ok || prev.raw == p.items[id].raw || prev.hash == p.items[id].hash {
			continue
		}
		if st, ok := state[id]; ok && (st.raw == p.items[id].raw || st.merged.hash == prev.hash && st.merged.data != nil) {
			continue
		}
		need = append(need, prev.hash)
	}
	data, err := s.loadData(ctx, tx, need)
	if err != nil {
		return err
	}
	byID := make(map[string]*embargo.Entity, len(p.list.Entities))
	for i := range p.list.Entities {
		byID[p.list.Entities[i].ID] = &p.list.Entities[i]
	}
	for _, id := range p.ids {
		raw := p.items[id]
		st, known := state[id]
		if known && st.raw == raw.raw {
			// The same row as last time: the same merged entity.
			p.items[id] = st.merged
			continue
		}
		prev, ok := open[id]
		if !ok || prev.hash == raw.hash {
			state[id] = mergeEntry{raw: raw.raw, merged: raw}
			continue
		}
		if prev.raw == raw.raw {
			// The row the open version was made from: that version.
			merged := item{hash: prev.hash, raw: raw.raw}
			p.items[id] = merged
			state[id] = mergeEntry{raw: raw.raw, merged: merged}
			continue
		}
		prevData := data[prev.hash]
		if known && st.merged.hash == prev.hash && st.merged.data != nil {
			prevData = st.merged.data
		}
		var pe embargo.Entity
		if err := json.Unmarshal(prevData, &pe); err != nil {
			return fmt.Errorf("entity data %s: %w", prev.hash, err)
		}
		e := byID[id]
		embargo.MergeUnknown(e, &pe, p.list.Unknown)
		e.Normalize()
		b, hash, err := e.Encode()
		if err != nil {
			return err
		}
		merged := item{hash: hash, raw: raw.raw, data: b}
		p.items[id] = merged
		state[id] = mergeEntry{raw: raw.raw, merged: merged}
	}
	p.contentHash = contentHashOf(p.ids, p.items)
	return nil
}

// importTx stores one prepared list in tx.
func (s *Store) importTx(ctx context.Context, tx *sql.Tx, p *prepared, state mergeState) (*embargo.ImportResult, error) {
	list, asOf, items, ids, contentHash := p.list, p.asOf, p.items, p.ids, p.contentHash
	res := &embargo.ImportResult{
		Source:   list.Source,
		AsOf:     embargo.FormatAsOf(asOf),
		Entities: len(items),
		Warnings: list.Warnings,
	}
	if err := embargo.CheckAsOf(list.Source, asOf, s.now()); err != nil {
		return nil, err
	}
	// The versions open now (in the latest snapshot): about as many as the
	// list has entities.
	open := make(map[string]openVersion, len(items))
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id, entity_id, hash, raw_hash FROM versions WHERE source = ? AND to_seq IS NULL`), list.Source)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	for rows.Next() {
		var v openVersion
		var id string
		var raw sql.NullString
		if err := rows.Scan(&v.rowID, &id, &v.hash, &raw); err != nil {
			rows.Close()
			return nil, err
		}
		v.raw = v.hash
		if raw.Valid {
			v.raw = raw.String
		}
		open[id] = v
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	if len(list.Unknown) > 0 {
		if err := s.mergeUnknown(ctx, tx, p, open, state); err != nil {
			return nil, err
		}
		items, contentHash = p.items, p.contentHash
	}
	latest, err := s.latestSnapshot(ctx, tx, list.Source)
	if err != nil {
		return nil, err
	}
	if latest != nil && latest.ContentHash == contentHash {
		res.Unchanged = true
		res.SnapshotID = latest.ID
		res.AsOf = embargo.FormatAsOf(latest.AsOf)
		res.Snapshot = latest
		return res, nil
	}
	seq := 1
	if latest != nil {
		switch {
		case asOf.Equal(latest.AsOf):
			return nil, embargo.Errorf(embargo.ECONFLICT, "import %s: a snapshot as of %s already exists with different content", list.Source, embargo.FormatAsOf(asOf))
		case asOf.Before(latest.AsOf):
			return nil, embargo.Errorf(embargo.EINVALID, "import %s: as-of %s is before the latest snapshot (%s); import snapshots in date order", list.Source, embargo.FormatAsOf(asOf), embargo.FormatAsOf(latest.AsOf))
		}
		seq = latest.Seq + 1
	}

	snap := &embargo.Snapshot{
		ID:          embargo.SnapshotID(list.Source, asOf),
		Source:      list.Source,
		Seq:         seq,
		AsOf:        asOf,
		ImportedAt:  s.now(),
		Entities:    len(items),
		ContentHash: contentHash,
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO snapshots (snapshot_id, source, seq, as_of, imported_at, entities, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		snap.ID, snap.Source, snap.Seq, snap.AsOf.Format(timeLayout), snap.ImportedAt.Format(timeLayout), snap.Entities, snap.ContentHash); err != nil {
		return nil, s.Dialect.FormatError(err)
	}

	insData, err := tx.PrepareContext(ctx, s.q(s.Dialect.InsertIgnoreData))
	if err != nil {
		return nil, err
	}
	defer insData.Close()
	insVersion, err := tx.PrepareContext(ctx, s.q(`INSERT INTO versions (source, entity_id, hash, raw_hash, from_seq) VALUES (?, ?, ?, ?, ?)`))
	if err != nil {
		return nil, err
	}
	defer insVersion.Close()
	closeVersion, err := tx.PrepareContext(ctx, s.q(`UPDATE versions SET to_seq = ? WHERE id = ?`))
	if err != nil {
		return nil, err
	}
	defer closeVersion.Close()

	var setRaw *sql.Stmt
	for _, id := range ids {
		it := items[id]
		prev, existed := open[id]
		if existed && prev.hash == it.hash {
			if prev.raw != it.raw {
				// The same version from another row (a daily list's
				// first, lacking the aliases): remember the row, so
				// that the next import knows it without decoding.
				if setRaw == nil {
					if setRaw, err = tx.PrepareContext(ctx, s.q(`UPDATE versions SET raw_hash = ? WHERE id = ?`)); err != nil {
						return nil, err
					}
					defer setRaw.Close()
				}
				if _, err := setRaw.ExecContext(ctx, rawHash(it), prev.rowID); err != nil {
					return nil, s.Dialect.FormatError(err)
				}
			}
			continue
		}
		if existed {
			res.Changed++
			if _, err := closeVersion.ExecContext(ctx, seq, prev.rowID); err != nil {
				return nil, s.Dialect.FormatError(err)
			}
		} else {
			res.Added++
		}
		if it.data != nil { // nil: a stored version's content
			if _, err := insData.ExecContext(ctx, it.hash, it.data); err != nil {
				return nil, s.Dialect.FormatError(err)
			}
		}
		if _, err := insVersion.ExecContext(ctx, list.Source, id, it.hash, rawHash(it), seq); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
	}
	for id, prev := range open {
		if _, ok := items[id]; ok {
			continue
		}
		res.Removed++
		if _, err := closeVersion.ExecContext(ctx, seq, prev.rowID); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
	}
	if s.Dialect.AfterImport != nil {
		if err := s.Dialect.AfterImport(ctx, tx, snap); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
	}
	res.SnapshotID = snap.ID
	res.Snapshot = snap
	return res, nil
}

// rawHash is the raw_hash column of a version: NULL when the entity is
// stored as its list gave it.
func rawHash(it item) any {
	if it.raw == it.hash {
		return nil
	}
	return it.raw
}
