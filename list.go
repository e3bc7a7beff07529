package embargo

import (
	"fmt"
	"strconv"
	"time"
)

// Source names of the official lists. Any other name may be used for
// FollowTheMoney datasets and in-house lists.
const (
	SourceOFACSDN  = "ofac-sdn"
	SourceOFACCons = "ofac-cons"
	SourceUN       = "un-sc"
	SourceEU       = "eu-fsf"
	SourceUKOFSI   = "uk-ofsi"
	SourceUKFCDO   = "uk-fcdo"
	SourceUSCSL    = "us-csl"
)

// ParsedList is one source's complete list as a parser read it from one or
// more files.
type ParsedList struct {
	Source string
	// AsOf is the date printed inside the files, zero when they give none.
	AsOf     time.Time
	Entities []Entity
	// Files are the paths that were read.
	Files []string
	// Unknown names the fields (FieldAliases, FieldAddresses) this list has
	// no data for, because the files that carry them were missing (the
	// daily OFAC scrapes hold sdn.csv alone). The store keeps such fields
	// from each entity's previous version instead of recording their loss
	// as a change.
	Unknown []string
	// Warnings say what was missing or skipped (a missing alt.csv, a row
	// that could not be read and was left out on purpose). An import that
	// has warnings still imports what it read.
	Warnings []string
}

// Fields a list can lack (ParsedList.Unknown).
const (
	FieldAliases   = "aliases"
	FieldAddresses = "addresses"
)

// MergeUnknown fills the fields of e that its list did not carry (see
// ParsedList.Unknown) from prev, the entity's previous version: aliases
// prev had that e lacks are added after e's own; addresses are taken from
// prev when e has none.
func MergeUnknown(e, prev *Entity, unknown []string) {
	for _, f := range unknown {
		switch f {
		case FieldAliases:
			have := map[Alias]bool{}
			for _, a := range e.Aliases {
				have[a] = true
			}
			for _, a := range prev.Aliases {
				if !have[a] {
					e.Aliases = append(e.Aliases, a)
				}
			}
		case FieldAddresses:
			if len(e.Addresses) == 0 {
				e.Addresses = prev.Addresses
			}
		}
	}
}

// ParseOptions are the settings every parser takes.
type ParseOptions struct {
	// Source overrides the source name (FollowTheMoney datasets, custom lists).
	Source string
	// MaxEntities bounds the entities of one list (0: no bound): a parser
	// stops at the first record beyond it, so that a file of well-formed
	// rows (a decompression bomb) cannot take memory without end.
	MaxEntities int
}

// EntityLimit returns an error, for the parser to place at the record's
// line, when a list that already holds n entities may take no more.
func (o ParseOptions) EntityLimit(n int) error {
	if o.MaxEntities > 0 && n >= o.MaxEntities {
		return fmt.Errorf("more than %d entities in one list (the limit; raise it with --max-entities)", o.MaxEntities)
	}
	return nil
}

// ParseError is a problem with an input file, at a line where known.
type ParseError struct {
	File string // base name or path of the file
	Line int    // 1-based; 0 when not known
	Msg  string
}

// Error implements the error interface: "FILE line N: MSG".
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return e.File + " line " + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}
