package http

import (
	"context"
	"slices"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/textscan"
)

// foundBy explains in words each rule that finds a mention.
var foundBy = map[string]string{
	"full_name":    "the full listed name, in any order",
	"partial_name": "part of a listed name (given and family name)",
	"distinctive":  "the distinctive word of an organisation's listed name",
	"follow_up":    "a surname alone, after the full name earlier in the text",
	"identifier":   "an identifier the list gives (passport, IMO, …)",
}

// scanGroup is one entity a text mentions, with all its mentions.
type scanGroup struct {
	Mention  textscan.Mention // the best-scored mention
	Count    int
	Texts    []string // distinct spellings in the text
	FoundBy  []string // the rules, in words
	Programs []string
	ListedOn string
	// AlsoListedBy are the other lists naming the same party.
	AlsoListedBy []listing
}

// groupMentions groups a scan's mentions per entity, in order of first
// mention, with programs and listing dates (of the version the scan saw: for
// a delisted entity, the last version listed) and the other lists naming
// the same party from the cross-list index when it is at hand.
func (s *Server) groupMentions(ctx context.Context, res *engine.ScanResult) []*scanGroup {
	var ci *crossIndex
	if s.Engine.Ready() {
		ci, _ = s.crossIndexFor(ctx) // without it the groups lack other lists, nothing more
	}
	var out []*scanGroup
	byID := map[string]*scanGroup{}
	for _, m := range res.Mentions {
		g := byID[m.EntityID]
		if g == nil {
			g = &scanGroup{Mention: m}
			byID[m.EntityID] = g
			out = append(out, g)
			if e := s.scannedVersion(ctx, res, &m); e != nil {
				g.Programs, g.ListedOn = e.Programs, e.ListedOn
			}
			if ci != nil {
				g.AlsoListedBy = ci.alsoListedBy(ctx, s.Store, m.EntityID)
			}
		}
		g.Count++
		if m.Score > g.Mention.Score {
			g.Mention = m
		}
		if !slices.Contains(g.Texts, m.Text) {
			g.Texts = append(g.Texts, m.Text)
		}
		words := foundBy[m.Rule]
		if words == "" {
			words = m.Rule
		}
		if !slices.Contains(g.FoundBy, words) {
			g.FoundBy = append(g.FoundBy, words)
		}
	}
	return out
}

// scannedVersion returns the version of a mention's entity that the scan
// matched: the one in the snapshot scanned or, for an entity delisted by
// then, the one in the last snapshot that held it; nil if it cannot be
// read (the group then lacks programs, nothing more).
func (s *Server) scannedVersion(ctx context.Context, res *engine.ScanResult, m *textscan.Mention) *embargo.Entity {
	snapID := res.Snapshots[m.Source]
	if !m.Listed {
		if m.Between == nil {
			return nil
		}
		snapID = m.Between.From.SnapshotID
	}
	if snapID == "" {
		return nil
	}
	snap, err := s.Store.ResolveSnapshot(ctx, m.Source, snapID)
	if err != nil {
		return nil
	}
	e, err := s.Store.FindEntityByID(ctx, m.EntityID, snap)
	if err != nil {
		return nil
	}
	return e
}
