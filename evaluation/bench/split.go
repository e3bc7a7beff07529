// Package bench builds embargo's screening-quality benchmark from the real
// lists in the project's data folder: labelled name pairs and screening
// queries, each with a category (kind) and a frozen train/test split.
//
// The split is assigned per listed entity, never by row order: an entity
// key ("ofac-sdn:12345", "un-sc:QDi.001", "uk-ofsi:13349", "us-csl:<id>")
// is in the test split when the first byte pair of the SHA-256 of
// "embargo-bench-v1:" + key, read as a big-endian number, modulo 100 is
// below TestPercent. A row made from several entities (a hard negative
// pair of two listed persons) is a test row when any of them is a test
// entity, so no test entity is ever seen in training. Rows are also
// generated per entity from a random source seeded by the entity key and
// the kind, so adding data does not reshuffle existing rows.
package bench

import (
	"crypto/sha256"
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// TestPercent is the share of entities (in percent) in the test split.
const TestPercent = 30

// Split names.
const (
	Train = "train"
	Test  = "test"
)

// splitSalt versions the split: changing it reshuffles every row.
const splitSalt = "embargo-bench-v1:"

// IsTestKey reports whether one entity key is in the test split.
func IsTestKey(key string) bool {
	h := sha256.Sum256([]byte(splitSalt + key))
	return int(binary.BigEndian.Uint16(h[:2]))%100 < TestPercent
}

// SplitOf returns the split of a row made from the entities named in keys
// (space-separated): Test when any of them is a test entity.
func SplitOf(keys string) string {
	for _, k := range strings.Fields(keys) {
		if IsTestKey(k) {
			return Test
		}
	}
	return Train
}

// hash64 is a stable 64-bit hash of the parts, used to order candidates
// and to seed per-entity random sources.
func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// rng returns a random source seeded by the parts.
func rng(parts ...string) *rand.Rand {
	s := hash64(parts...)
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}
