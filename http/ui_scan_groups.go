package http

import (
	"context"
	"slices"

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
// mention, with programs, listing dates and other lists from the
// cross-list index when it is at hand.
func (s *Server) groupMentions(ctx context.Context, res *engine.ScanResult) []*scanGroup {
	var ci *crossIndex
	if s.Engine.Ready() {
		ci, _ = s.crossIndexFor(ctx) // without it the groups lack programs, nothing more
	}
	var out []*scanGroup
	byID := map[string]*scanGroup{}
	for _, m := range res.Mentions {
		g := byID[m.EntityID]
		if g == nil {
			g = &scanGroup{Mention: m}
			byID[m.EntityID] = g
			out = append(out, g)
			if ci != nil {
				if l := ci.entities[m.EntityID]; l != nil {
					g.Programs, g.ListedOn = l.Programs, l.ListedOn
				}
				g.AlsoListedBy = ci.alsoListedBy(m.EntityID)
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
