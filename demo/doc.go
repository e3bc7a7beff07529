// Package demo bundles real, published sanctions lists (OFAC SDN full sets
// of 2019-01-04 and 2021-04-25 and 308 daily snapshots from 2021-08 to
// 2024-05, the UN Security Council list, the UK OFSI list and EU excerpts)
// and imports them into a store, so that `embargo serve --demo` shows real
// data to a newcomer at once.
//
// Imports are resumable: a list whose date is not after its source's latest
// snapshot is skipped, so an interrupted import goes on where it stopped.
// The daily series is parsed by several workers and stored in date order.
package demo
