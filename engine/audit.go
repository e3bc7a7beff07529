package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// AuditBatchSize is how many rows of a batch are recorded per audit log
// transaction: enough that recording costs little next to screening, few
// enough that little is held back from the output.
const AuditBatchSize = 1000

// latestIDs returns each source's latest snapshot id.
func latestIDs(bySource map[string][]*embargo.Snapshot) map[string]string {
	out := make(map[string]string, len(bySource))
	for src, snaps := range bySource {
		out[src] = snaps[len(snaps)-1].ID
	}
	return out
}

// auditRecord builds the audit record of a screening. The caller in ctx
// names who asked and may override kind.
func auditRecord(ctx context.Context, kind string, res *embargo.ScreenResult, opts embargo.ScreenOptions, indexed map[string]string) *embargo.AuditRecord {
	c := embargo.CallerFromContext(ctx)
	if c.Kind != "" {
		kind = c.Kind
	}
	threshold, limit := effective(opts)
	// The record keeps each match's entity, names, score and programs but
	// not its explanation: a rerun against the recorded snapshots gives the
	// same explanation back, and leaving it out makes records several
	// times smaller, which matters for batches of millions of rows.
	matches := embargo.WithoutExplanations(res.Matches)
	rec := &embargo.AuditRecord{
		Time: time.Now().UTC(), Caller: c.Name, Kind: kind, Customer: c.Customer, RerunOf: c.RerunOf,
		Query: res.Query, Sources: opts.Sources, Snapshots: res.Snapshots, Index: indexed,
		Threshold: threshold, Limit: limit, Matches: matches, Error: res.Error,
	}
	if !opts.AsOf.IsZero() {
		rec.AsOf = embargo.FormatAsOf(opts.AsOf)
	}
	return rec
}

// record records one screening when the engine has an audit log. A
// screening that cannot be recorded fails: its result must not be used
// unrecorded.
func (e *Engine) record(ctx context.Context, kind string, res *embargo.ScreenResult, opts embargo.ScreenOptions, indexed map[string]string) error {
	if e.Audit == nil {
		return nil
	}
	if err := e.Audit.Record(ctx, auditRecord(ctx, kind, res, opts, indexed)); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// auditWriter writes a batch's results. With an audit log it holds results
// back until their records are committed, AuditBatchSize rows per
// transaction, so that no result leaves the engine unrecorded: after a
// crash, every row in the output has its record.
type auditWriter struct {
	ctx     context.Context
	audit   embargo.Auditor
	enc     *json.Encoder
	opts    embargo.ScreenOptions
	batchID string
	row     int
	results []*embargo.ScreenResult
	recs    []*embargo.AuditRecord
}

func (e *Engine) newAuditWriter(ctx context.Context, enc *json.Encoder, opts *BatchOptions) *auditWriter {
	w := &auditWriter{ctx: ctx, audit: e.Audit, enc: enc, opts: opts.ScreenOptions, batchID: opts.BatchID}
	if w.batchID == "" {
		w.batchID = NewBatchID()
	}
	return w
}

// NewBatchID returns a random id for a batch's audit records.
func NewBatchID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

func (w *auditWriter) write(res *embargo.ScreenResult, indexed map[string]string) error {
	w.row++
	if w.audit == nil {
		return w.enc.Encode(res)
	}
	rec := auditRecord(w.ctx, embargo.AuditBatch, res, w.opts, indexed)
	rec.BatchID, rec.Row = w.batchID, w.row
	w.results = append(w.results, res)
	w.recs = append(w.recs, rec)
	if len(w.recs) >= AuditBatchSize {
		return w.flush()
	}
	return nil
}

// flush records the rows held back, then writes them.
func (w *auditWriter) flush() error {
	if len(w.recs) == 0 {
		return nil
	}
	if err := w.audit.Record(w.ctx, w.recs...); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	for _, res := range w.results {
		if err := w.enc.Encode(res); err != nil {
			return err
		}
	}
	clear(w.results)
	clear(w.recs)
	w.results, w.recs = w.results[:0], w.recs[:0]
	return nil
}

// ScreenSnapshots screens q against the given snapshots (source → snapshot
// id) with the index as it is, and records the screening. Returns
// ENOTFOUND for a snapshot the index does not hold.
func (e *Engine) ScreenSnapshots(ctx context.Context, q embargo.Query, snapshots map[string]string, opts embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	e.mu.RLock()
	ix, indexed := e.index, e.indexed
	seqs, err := seqsOf(e.snaps, snapshots)
	e.mu.RUnlock()
	if ix == nil {
		return nil, embargo.Errorf(embargo.EINTERNAL, "index not loaded")
	}
	if err != nil {
		return nil, err
	}
	res, err := search(ix, q, seqs, maps.Clone(snapshots), opts)
	if err != nil {
		return nil, err
	}
	if err := e.record(ctx, embargo.AuditScreen, res, opts, indexed); err != nil {
		return nil, err
	}
	return res, nil
}

// seqsOf resolves snapshot ids to seqs.
func seqsOf(bySource map[string][]*embargo.Snapshot, snapshots map[string]string) (map[string]int, error) {
	seqs := make(map[string]int, len(snapshots))
	for src, id := range snapshots {
		for _, snap := range bySource[src] {
			if snap.ID == id {
				seqs[src] = snap.Seq
				break
			}
		}
		if _, ok := seqs[src]; !ok {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "snapshot %s not found", id)
		}
	}
	return seqs, nil
}

// Rerun screens a recorded screening again: the same query, threshold and
// limit against the same snapshots, with an index holding the same entity
// versions as when it was recorded (token weights depend on every name
// indexed, so a later import would otherwise move scores). It records the
// rerun (kind rerun) and returns its result. Returns ENOTFOUND when a snapshot the record used is no
// longer stored.
func (e *Engine) Rerun(ctx context.Context, rec *embargo.AuditRecord) (*embargo.ScreenResult, error) {
	opts := embargo.ScreenOptions{Threshold: rec.Threshold, Limit: rec.Limit}
	e.mu.RLock()
	ix, indexed, bySource := e.index, e.indexed, e.snaps
	e.mu.RUnlock()
	if ix == nil || !maps.Equal(indexed, rec.Index) {
		var err error
		if ix, bySource, err = e.indexAsOf(ctx, rec.Index); err != nil {
			return nil, err
		}
		indexed = rec.Index
	}
	seqs, err := seqsOf(bySource, rec.Snapshots)
	if err != nil {
		return nil, err
	}
	snapshots := maps.Clone(rec.Snapshots)
	if snapshots == nil {
		snapshots = map[string]string{}
	}
	res, err := search(ix, rec.Query, seqs, snapshots, opts)
	if err != nil {
		return nil, err
	}
	res.ID = nil
	if rec.Query.ID != "" {
		id := rec.Query.ID
		res.ID = &id
	}
	c := embargo.CallerFromContext(ctx)
	c.Kind, c.RerunOf, c.Customer = embargo.AuditRerun, rec.ID, rec.Customer
	if err := e.record(embargo.NewContextWithCaller(ctx, c), embargo.AuditRerun, res, opts, indexed); err != nil {
		return nil, err
	}
	return res, nil
}

// indexAsOf builds an index of the versions that the index held when each
// source's latest snapshot was latest[source].
func (e *Engine) indexAsOf(ctx context.Context, latest map[string]string) (*match.Index, map[string][]*embargo.Snapshot, error) {
	snaps, err := e.Store.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		return nil, nil, err
	}
	bySource := map[string][]*embargo.Snapshot{}
	for _, s := range snaps {
		bySource[s.Source] = append(bySource[s.Source], s)
	}
	cut, err := seqsOf(bySource, latest)
	if err != nil {
		return nil, nil, err
	}
	ix := match.NewIndex()
	if err := e.Store.EntityVersions(ctx, "", func(v *embargo.EntityVersion) error {
		if seq, ok := cut[v.Entity.Source]; ok && v.FromSeq <= seq {
			ix.Add(v)
		}
		return nil
	}); err != nil {
		return nil, nil, err
	}
	ix.Finish()
	return ix, bySource, nil
}
