package engine

import (
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"os"
	"sync"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// The index cache: a process that builds the screening index stores it
// (encoded, match.Index.MarshalBinary) in the store, for the next process
// to load instead of analysing every name again. A key names everything an
// index is made of, so that no change can load a stale one:
//   - the snapshots, each by id, seq, date, import time, size and content
//     hash: the stored versions change only with them (an import adds a
//     snapshot; a retraction removes one, and a later import of the same
//     date has another import time);
//   - the program's build (the executable's Go build id): a build with
//     another matcher, name analysis or index layout has another id.
// A process whose build id cannot be read (not an ELF executable) neither
// loads nor stores indexes.

// indexKey returns the key of the index of the versions of snaps, "" when
// the build cannot be told.
func indexKey(snaps []*embargo.Snapshot) string {
	build := buildID()
	if build == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "embargo screening index\x00%s\x00", build)
	for _, s := range snaps {
		fmt.Fprintf(h, "%q %q %d %d %d %d %q\n", s.ID, s.Source, s.Seq, s.AsOf.UnixNano(), s.ImportedAt.UnixNano(), s.Entities, s.ContentHash)
	}
	return hex.EncodeToString(h.Sum(nil))
}

var buildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	if err != nil || len(note) == 0 {
		return ""
	}
	return hex.EncodeToString(note)
})

// cachedIndex returns the index stored under key, nil when there is none
// or it cannot be read (then the caller builds it).
func (e *Engine) cachedIndex(ctx context.Context, key string) *match.Index {
	if key == "" || e.NoIndexCache {
		return nil
	}
	data, err := e.Store.IndexCache(ctx, key)
	if err != nil {
		if embargo.ErrorCode(err) != embargo.ENOTFOUND {
			e.Logger.Warn("index cache: read failed, building the index", "err", err)
		}
		return nil
	}
	ix, err := match.UnmarshalIndex(data)
	if err != nil {
		e.Logger.Warn("index cache: stored index unreadable, building the index", "err", err)
		return nil
	}
	return ix
}

// cacheIndex stores ix under key, when the snapshots are still those key
// names (an import may have committed while the index was built, and the
// index may hold its versions). A failure only costs the next process a
// build.
func (e *Engine) cacheIndex(ctx context.Context, key string, ix *match.Index) {
	if key == "" || e.NoIndexCache {
		return
	}
	snaps, err := e.Store.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil || indexKey(snaps) != key {
		return
	}
	data, err := ix.MarshalBinary()
	if err == nil {
		err = e.Store.PutIndexCache(ctx, key, data)
	}
	if err != nil {
		e.Logger.Warn("index cache: not stored", "err", err)
	}
}
