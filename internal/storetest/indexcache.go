package storetest

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/embargo-dev/embargo"
)

// testIndexCache: an index put under a key comes back byte for byte under
// that key only, and a put replaces what was stored before.
func testIndexCache(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	if _, err := s.IndexCache(ctx, "k1"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("IndexCache of an empty store: %v, want ENOTFOUND", err)
	}
	// Several megabytes of every byte value, as an encoded index holds.
	big := make([]byte, 5<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	if err := s.PutIndexCache(ctx, "k1", big); err != nil {
		t.Fatal(err)
	}
	got, err := s.IndexCache(ctx, "k1")
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("IndexCache(k1): %d bytes, %v; want the %d put", len(got), err, len(big))
	}
	if _, err := s.IndexCache(ctx, "k2"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("IndexCache(k2), never put: %v, want ENOTFOUND", err)
	}
	if err := s.PutIndexCache(ctx, "k2", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.IndexCache(ctx, "k2"); err != nil || string(got) != "second" {
		t.Fatalf("IndexCache(k2): %q, %v", got, err)
	}
	if _, err := s.IndexCache(ctx, "k1"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("IndexCache(k1) after k2 was put: %v, want ENOTFOUND (one index is kept)", err)
	}
	// Putting the same key again (two processes built the same index).
	if err := s.PutIndexCache(ctx, "k2", []byte("again")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.IndexCache(ctx, "k2"); err != nil || string(got) != "again" {
		t.Fatalf("IndexCache(k2) put twice: %q, %v", got, err)
	}
}
