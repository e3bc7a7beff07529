package http

import (
	nethttp "net/http"
	"sort"

	"github.com/embargo-dev/embargo"
)

// entityPage is the data of an entity's page.
type entityPage struct {
	*entityView
	AsOf    string
	History *embargo.History
	// Events are the history's events, latest first.
	Events []embargo.HistoryEvent
	// Properties are the entity's other properties, by name.
	Properties []property
}

type property struct {
	Name   string
	Values []string
}

// handleEntityPage serves GET /entities/{id}[?as_of=DATE|SNAPSHOT]: every field of an
// entity, its links, and its history across snapshots with field changes.
func (s *Server) handleEntityPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	id := r.PathValue("id")
	asOf := r.URL.Query().Get("as_of")
	v, err := s.lookupEntity(r.Context(), id, asOf)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	h := v.history
	data := &entityPage{entityView: v, AsOf: asOf, History: h}
	for i := len(h.Events) - 1; i >= 0; i-- {
		data.Events = append(data.Events, h.Events[i])
	}
	for k, vals := range v.Entity.Properties {
		data.Properties = append(data.Properties, property{k, vals})
	}
	sort.Slice(data.Properties, func(i, j int) bool { return data.Properties[i].Name < data.Properties[j].Name })
	s.render(w, r, nethttp.StatusOK, "entity", v.Entity.Name, "search", data)
}
