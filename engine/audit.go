package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
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
// (else DefaultCaller) names who asked and may override kind.
func (e *Engine) auditRecord(ctx context.Context, kind string, res *embargo.ScreenResult, opts embargo.ScreenOptions, indexed map[string]string) *embargo.AuditRecord {
	c := embargo.CallerFromContext(ctx)
	if c.Kind != "" {
		kind = c.Kind
	}
	if c.Name == "" {
		c.Name = e.DefaultCaller
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
		Threshold: threshold, Limit: limit, Matches: matches, NotCovered: res.NotCovered, Error: res.Error,
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
	rec := e.auditRecord(ctx, kind, res, opts, indexed)
	id, err := sealAuditID(rec)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := e.Audit.Record(ctx, rec); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	res.AuditID = &id
	return nil
}

// sealAuditID seals a record and returns its audit id.
func sealAuditID(rec *embargo.AuditRecord) (string, error) {
	if err := rec.Seal(); err != nil {
		return "", err
	}
	return embargo.AuditIDOf(rec)
}

// committer writes a batch's result lines. With an audit log it holds
// lines back until their records are committed, AuditBatchSize rows per
// transaction, so that no result leaves the engine unrecorded: after a
// crash, every row in the output has its record. Commits run in their own
// goroutine, so that the next chunk gathers meanwhile.
type committer struct {
	audit  embargo.Auditor
	w      io.Writer
	chunks chan []row2
	chunk  []row2
	done   chan error
}

func (e *Engine) startCommitter(ctx context.Context, w io.Writer, cancel func()) *committer {
	c := &committer{audit: e.Audit, w: w, chunks: make(chan []row2, 1), done: make(chan error, 1)}
	go func() {
		var err error
		for chunk := range c.chunks {
			if err == nil {
				if err = c.commit(ctx, chunk); err != nil {
					cancel()
				}
			}
		}
		c.done <- err
	}()
	return c
}

// commit records a chunk's rows, then writes them.
func (c *committer) commit(ctx context.Context, chunk []row2) error {
	if c.audit != nil {
		recs := make([]*embargo.AuditRecord, len(chunk))
		for i, r := range chunk {
			recs[i] = r.rec
		}
		if err := c.audit.Record(ctx, recs...); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	for _, r := range chunk {
		if _, err := c.w.Write(r.line); err != nil {
			return err
		}
	}
	return nil
}

// add queues a row, in row order.
func (c *committer) add(r row2) error {
	if c.audit == nil {
		_, err := c.w.Write(r.line)
		return err
	}
	c.chunk = append(c.chunk, r)
	if len(c.chunk) >= AuditBatchSize {
		c.chunks <- c.chunk
		c.chunk = make([]row2, 0, AuditBatchSize)
	}
	return nil
}

// close commits what remains and returns the first error.
func (c *committer) close() error {
	if len(c.chunk) > 0 {
		c.chunks <- c.chunk
		c.chunk = nil
	}
	close(c.chunks)
	return <-c.done
}

// NewBatchID returns a random id for a batch's audit records.
func NewBatchID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
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
	if err := e.complete(res, q, ix, seqs, opts); err != nil {
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
	if err := e.complete(res, rec.Query, ix, seqs, opts); err != nil {
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
	ix, _, err := buildIndex(ctx, e.Store, func(v *embargo.EntityVersion) bool {
		seq, ok := cut[v.Entity.Source]
		return ok && v.FromSeq <= seq
	})
	if err != nil {
		return nil, nil, err
	}
	return ix, bySource, nil
}
