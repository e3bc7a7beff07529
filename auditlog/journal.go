package auditlog

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
)

// Journal takes audit records off the answer's path: Record appends them
// to a local append-only file with one write, and Flush (run in the
// background by Run) moves them into the audit log, in order, thousands
// per transaction. A screening is answered only once its record is in the
// journal, which is as safe as the SQLite audit log itself: both are
// written to the operating system, not synced, so both survive a crash of
// the process and neither a crash of the machine. Records that the audit
// log does not have yet are moved on the next OpenJournal: the audit log
// keeps each journal's position in the same transaction as its records,
// so a journal replayed after a crash records nothing twice.
//
// While the audit log is unavailable, records wait in the journal (and in
// memory) up to MaxPending, so that screening goes on.
//
// With Sync set, Record also syncs each write to disk, so that its records
// survive a crash of the machine too. That costs a disk flush per write:
// it suits a journal that takes records only while the database is
// unavailable (a GroupAuditor's Fallback), not one on every answer's path.
//
// The journal is a directory: a file "name" with the journal's random name,
// and segments "<first sequence number>.jsonl" whose lines are a sequence
// number, a space and the record's canonical content. A segment is deleted
// once all its records are in the audit log.
type Journal struct {
	// MaxPending is how many records may wait to be moved before Record
	// fails with EUNAVAILABLE.
	MaxPending int
	// SegmentBytes is the size after which records go to a new segment.
	SegmentBytes int64
	// MoveBatch is how many records one transaction moves at most; as
	// many waiting start a move before the next tick. Large transactions
	// did better than small ones in ad-hoc comparisons on a loaded server
	// with GOMAXPROCS=1 (batches of 128 or 500, or yields inside a move,
	// gave a higher p99): more commits, system calls and hand-offs touch
	// more requests than a few longer moves do.
	MoveBatch int
	// Sync makes Record sync its write (and, after a new segment, the
	// directory) before returning.
	Sync bool

	dir   string
	store embargo.AuditJournalStore
	name  string
	lock  *os.File

	mu       sync.Mutex
	f        *os.File // the segment being written
	fSynced  bool     // with Sync: f's name is on disk
	size     int64
	segs     []segment // every segment still on disk, oldest first; the last is f
	seq      int64     // the last sequence number written
	pending  []journaled
	buf      []byte
	closed   bool
	full     chan struct{} // signalled when a move is due before the next tick
	moveMu   sync.Mutex    // one move at a time
	replayed int
}

type journaled struct {
	seq int64
	rec *embargo.AuditRecord
}

type segment struct {
	path string
	last int64 // the last sequence number in it; 0 if none
}

var _ embargo.Auditor = (*Journal)(nil)

// Defaults of a Journal's settings.
const (
	DefaultJournalMaxPending   = 200_000
	DefaultJournalSegmentBytes = 16 << 20
	DefaultJournalMoveBatch    = 5_000
)

// OpenJournal opens (or creates) the journal in dir, whose records go to
// store. Records of an earlier run that store does not have yet are moved
// now; a last line cut short by a crash is dropped (its screening was
// never answered). A line that cannot be read otherwise is an error naming
// the file and line.
func OpenJournal(ctx context.Context, dir string, store embargo.AuditJournalStore) (*Journal, error) {
	j := &Journal{
		MaxPending: DefaultJournalMaxPending, SegmentBytes: DefaultJournalSegmentBytes, MoveBatch: DefaultJournalMoveBatch,
		dir: dir, store: store, full: make(chan struct{}, 1),
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("audit journal %s: not a directory", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit journal: %w", err)
	}
	lock, err := lockJournal(dir)
	if err != nil {
		return nil, err
	}
	j.lock = lock
	if err := j.open(ctx); err != nil {
		lock.Close()
		return nil, err
	}
	return j, nil
}

// open reads the journal and moves what the audit log lacks.
func (j *Journal) open(ctx context.Context) error {
	dir, store := j.dir, j.store
	name, err := journalName(dir)
	if err != nil {
		return err
	}
	j.name = name
	pos, err := store.JournalPosition(ctx, name)
	if err != nil {
		return fmt.Errorf("audit journal %s: %w", dir, err)
	}
	j.seq = pos
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return fmt.Errorf("audit journal: %w", err)
	}
	slices.SortFunc(paths, func(a, b string) int { return cmp.Compare(segmentFirst(a), segmentFirst(b)) })
	var last int64
	for _, p := range paths {
		if last, err = j.replay(p, pos, last); err != nil {
			return err
		}
		j.seq = max(j.seq, last)
		j.segs = append(j.segs, segment{path: p, last: last})
	}
	j.replayed = len(j.pending)
	if err := j.newSegment(); err != nil {
		return err
	}
	j.removeMoved(pos) // moved before a crash, not deleted yet
	if _, err := j.Flush(ctx); err != nil {
		j.f.Close()
		return fmt.Errorf("audit journal %s: moving %d records of an earlier run: %w", dir, j.replayed, err)
	}
	return nil
}

// journalName reads the journal's name, or makes one.
func journalName(dir string) (string, error) {
	p := filepath.Join(dir, "name")
	b, err := os.ReadFile(p)
	if err == nil {
		name := strings.TrimSpace(string(b))
		if name == "" {
			return "", fmt.Errorf("audit journal: %s is empty", p)
		}
		return name, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("audit journal: %w", err)
	}
	var r [12]byte
	rand.Read(r[:])
	name := "journal-" + hex.EncodeToString(r[:])
	// Made once, and synced: a journal that lost its name would replay
	// under a new one, from the start.
	tmp := p + ".tmp"
	if err := writeSynced(tmp, []byte(name+"\n")); err != nil {
		return "", fmt.Errorf("audit journal: %w", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return "", fmt.Errorf("audit journal: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return "", fmt.Errorf("audit journal: %w", err)
	}
	return name, nil
}

// segmentFirst is the first sequence number a segment's name gives.
func segmentFirst(path string) int {
	n, _ := strconv.Atoi(strings.TrimSuffix(filepath.Base(path), ".jsonl"))
	return n
}

// replay reads a segment, keeping the records after pos as pending, and
// returns the last sequence number so far; last is the one before it.
func (j *Journal) replay(path string, pos, last int64) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("audit journal: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if err == io.EOF {
			// A line without its newline was cut short while being
			// written: Record had not returned, nothing was answered.
			return last, nil
		} else if err != nil {
			return 0, fmt.Errorf("audit journal %s: %w", path, err)
		}
		seq, rec, err := parseJournalLine(b[:len(b)-1])
		if err != nil {
			return 0, fmt.Errorf("audit journal %s, line %d: %w", path, line, err)
		}
		if seq <= last {
			return 0, fmt.Errorf("audit journal %s, line %d: sequence number %d after %d", path, line, seq, last)
		}
		last = seq
		if seq > pos {
			j.pending = append(j.pending, journaled{seq: seq, rec: rec})
		}
	}
}

// parseJournalLine reads "SEQ CONTENT". The record must encode back to
// exactly its content, or its hash in the audit log would not be of what
// the journal holds.
func parseJournalLine(b []byte) (int64, *embargo.AuditRecord, error) {
	num, content, ok := bytes.Cut(b, []byte{' '})
	if !ok {
		return 0, nil, errors.New("want a sequence number, a space and a record")
	}
	seq, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || seq <= 0 {
		return 0, nil, fmt.Errorf("bad sequence number %q", num)
	}
	rec := new(embargo.AuditRecord)
	if err := json.Unmarshal(content, rec); err != nil {
		return 0, nil, fmt.Errorf("record %d: %w", seq, err)
	}
	if err := rec.Seal(); err != nil {
		return 0, nil, fmt.Errorf("record %d: %w", seq, err)
	}
	if c, _ := embargo.AuditContent(rec); !bytes.Equal(c, content) {
		return 0, nil, fmt.Errorf("record %d is not in canonical form", seq)
	}
	return seq, rec, nil
}

// newSegment starts the segment that new records go to. Its name is the
// next sequence number: no complete record of an earlier run can be in a
// file of that name, so whatever is there (a line cut short) goes.
func (j *Journal) newSegment() error {
	p := filepath.Join(j.dir, fmt.Sprintf("%016d.jsonl", j.seq+1))
	if n := len(j.segs); n > 0 && j.segs[n-1].path == p {
		j.segs = j.segs[:n-1]
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("audit journal: %w", err)
	}
	if j.f != nil {
		j.f.Close()
	}
	j.f, j.size, j.fSynced = f, 0, false
	j.segs = append(j.segs, segment{path: p})
	return nil
}

// Name returns the journal's name, under which the audit log keeps its
// position.
func (j *Journal) Name() string { return j.name }

// Replayed returns how many records of an earlier run OpenJournal found
// missing from the audit log.
func (j *Journal) Replayed() int { return j.replayed }

// Pending returns how many records wait to be moved.
func (j *Journal) Pending() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending)
}

// Record appends recs to the journal with one write. Their ID and hashes
// are set when they are moved into the audit log.
func (j *Journal) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	if len(recs) == 0 {
		return nil
	}
	for _, r := range recs {
		if err := r.Seal(); err != nil { // sealed already when from a GroupAuditor
			return fmt.Errorf("audit record: %w", err)
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return embargo.Errorf(embargo.EUNAVAILABLE, "the audit journal is closed")
	}
	if len(j.pending)+len(recs) > j.MaxPending {
		return embargo.Errorf(embargo.EUNAVAILABLE, "the audit log is unavailable: %d records wait in the journal", len(j.pending))
	}
	buf := j.buf[:0]
	for i, r := range recs {
		c, err := embargo.AuditContent(r)
		if err != nil {
			return fmt.Errorf("audit record: %w", err)
		}
		buf = strconv.AppendInt(buf, j.seq+int64(i)+1, 10)
		buf = append(buf, ' ')
		buf = append(buf, c...)
		buf = append(buf, '\n')
	}
	j.buf = buf
	n, err := j.f.Write(buf)
	if err != nil {
		// The write may have left part of the records: they were not
		// acknowledged, so they go. Should that fail, their sequence
		// numbers are skipped and later records go to a new segment, so
		// that a record left whole is at worst moved unanswered, never
		// under a number used twice.
		if n > 0 {
			if terr := j.f.Truncate(j.size); terr != nil {
				j.seq += int64(len(recs))
				j.segs[len(j.segs)-1].last = j.seq
				if serr := j.newSegment(); serr != nil {
					err = errors.Join(err, serr)
				}
			}
		}
		return embargo.Errorf(embargo.EUNAVAILABLE, "audit journal: %v", err)
	}
	j.size += int64(n)
	for _, r := range recs {
		j.seq++
		j.pending = append(j.pending, journaled{seq: j.seq, rec: r})
	}
	j.segs[len(j.segs)-1].last = j.seq
	if j.Sync {
		// A new segment's name must be on disk too: its directory is
		// synced once.
		err := j.f.Sync()
		if err == nil && !j.fSynced {
			if err = syncDir(j.dir); err == nil {
				j.fSynced = true
			}
		}
		if err != nil {
			// Written but not known to be on disk: the caller answers
			// nothing, and the records are moved all the same.
			return embargo.Errorf(embargo.EUNAVAILABLE, "audit journal: %v", err)
		}
	}
	if j.size >= j.SegmentBytes {
		if err := j.newSegment(); err != nil {
			return err
		}
	}
	if len(j.pending) >= j.MoveBatch { // a full transaction waits: move now
		select {
		case j.full <- struct{}{}:
		default:
		}
	}
	return nil
}

// Flush moves the pending records into the audit log and returns how many
// it moved. On failure the records stay pending.
func (j *Journal) Flush(ctx context.Context) (int, error) {
	j.moveMu.Lock()
	defer j.moveMu.Unlock()
	moved := 0
	for {
		j.mu.Lock()
		batch := j.pending[:min(len(j.pending), j.MoveBatch)]
		j.mu.Unlock()
		if len(batch) == 0 {
			return moved, nil
		}
		recs := make([]*embargo.AuditRecord, len(batch))
		for i, p := range batch {
			recs[i] = p.rec
		}
		last := batch[len(batch)-1].seq
		if err := j.store.RecordJournaled(ctx, j.name, last, recs...); err != nil {
			return moved, err
		}
		moved += len(batch)
		j.mu.Lock()
		// Only this mover removes from the front; Record appends.
		clear(j.pending[:len(batch)])
		j.pending = j.pending[len(batch):]
		j.removeMoved(last)
		j.mu.Unlock()
	}
}

// removeMoved deletes the segments, but the one being written, whose
// records are all in the audit log.
func (j *Journal) removeMoved(pos int64) {
	keep := j.segs[:0]
	for i, s := range j.segs {
		if i < len(j.segs)-1 && s.last <= pos {
			os.Remove(s.path) // a failure leaves a segment that replay skips
			continue
		}
		keep = append(keep, s)
	}
	j.segs = keep
}

// Run moves records every interval, and sooner when MoveBatch of them
// wait, until ctx is done. Failures are reported to onError (once until
// a move succeeds again), and the records wait for the next try.
func (j *Journal) Run(ctx context.Context, interval time.Duration, onError func(error), onRecover func(moved int)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-j.full:
		}
		n, err := j.Flush(ctx)
		switch {
		case err != nil && !failing && ctx.Err() == nil:
			failing = true
			if onError != nil {
				onError(err)
			}
		case err == nil && failing:
			failing = false
			if onRecover != nil {
				onRecover(n)
			}
		}
	}
}

// Close moves what is pending and closes the journal; records that cannot
// be moved stay in it for the next OpenJournal.
func (j *Journal) Close(ctx context.Context) error {
	j.mu.Lock()
	j.closed = true
	j.mu.Unlock()
	_, err := j.Flush(ctx)
	j.mu.Lock()
	defer j.mu.Unlock()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	defer j.lock.Close()
	if err == nil && len(j.pending) == 0 {
		// Everything is in the audit log.
		for _, s := range j.segs {
			os.Remove(s.path)
		}
		j.segs = nil
	}
	return err
}

// syncDir syncs a directory, so that the files created in it stay after a
// crash of the machine.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// writeSynced writes a new file and syncs it.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
