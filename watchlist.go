package embargo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Customer is a party a firm watches: it is screened when it is registered
// and re-screened whenever a list changes. List and ID identify it; saving a
// customer with the same list and id again updates it.
type Customer struct {
	List        string       `json:"list"`
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Schema      Schema       `json:"type,omitempty"`
	BirthDate   string       `json:"dob,omitempty"`     // YYYY[-MM[-DD]]
	Country     string       `json:"country,omitempty"` // ISO 3166-1 alpha-2 or a country name
	Identifiers []Identifier `json:"identifiers,omitempty"`
	// Rev is the watchlist revision of the customer's latest change.
	Rev       int64      `json:"rev"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	RemovedAt *time.Time `json:"removed_at,omitempty"`
}

// Customer limits.
const (
	// MaxCustomerName is the longest customer name accepted, in bytes.
	MaxCustomerName = 1000
	// MaxCustomerKey is the longest list name or customer id, in bytes.
	MaxCustomerKey = 200
)

// Normalize trims the customer's fields and drops empty identifiers, so that
// equal content hashes the same.
func (c *Customer) Normalize() {
	c.List = strings.TrimSpace(c.List)
	c.ID = strings.TrimSpace(c.ID)
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	c.BirthDate = strings.TrimSpace(c.BirthDate)
	c.Country = strings.TrimSpace(c.Country)
	ids := c.Identifiers[:0]
	for _, id := range c.Identifiers {
		id.Type = strings.TrimSpace(id.Type)
		id.Value = strings.TrimSpace(id.Value)
		id.Country = strings.TrimSpace(id.Country)
		if id.Value != "" {
			ids = append(ids, id)
		}
	}
	c.Identifiers = nilIfEmpty(ids)
}

// Validate checks a normalised customer. Returns EINVALID when the list,
// id or name is missing, too long or not valid UTF-8.
func (c *Customer) Validate() error {
	where := "customer"
	if c.ID != "" {
		where = "customer " + strconv.Quote(c.ID)
	}
	switch {
	case c.List == "":
		return Errorf(EINVALID, "%s: list name required", where)
	case c.ID == "":
		return Errorf(EINVALID, "customer %q: id required", c.Name)
	case c.Name == "":
		return Errorf(EINVALID, "%s: name required", where)
	case len(c.List) > MaxCustomerKey || len(c.ID) > MaxCustomerKey:
		return Errorf(EINVALID, "%s: list name and id may be at most %d bytes", where, MaxCustomerKey)
	case len(c.Name) > MaxCustomerName:
		return Errorf(EINVALID, "%s: name longer than %d bytes", where, MaxCustomerName)
	case !utf8.ValidString(c.List + c.ID + c.Name + c.BirthDate + c.Country):
		return Errorf(EINVALID, "%s: not valid UTF-8", where)
	case strings.ContainsAny(c.List, "/?#"):
		return Errorf(EINVALID, "%s: list name %q may not contain / ? or #", where, c.List)
	}
	return nil
}

// Query returns what the customer is screened as.
func (c *Customer) Query() Query {
	return Query{ID: c.ID, Name: c.Name, Schema: c.Schema, BirthDate: c.BirthDate, Country: c.Country, Identifiers: c.Identifiers}
}

// Ref returns the customer's reference, as alerts and audit records hold it.
func (c *Customer) Ref() CustomerRef { return CustomerRef{List: c.List, ID: c.ID, Name: c.Name} }

// Hash returns a content hash of what the customer is screened as (list,
// id, name, type, date of birth, country, identifiers): equal for equal
// content. Call Normalize first.
func (c *Customer) Hash() string {
	b, err := json.Marshal(struct {
		List string
		ID   string
		Query
	}{c.List, c.ID, c.Query()})
	if err != nil {
		panic("embargo: marshal customer: " + err.Error()) // plain data
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// CustomerRef names a customer in alerts, decisions and audit records.
type CustomerRef struct {
	List string `json:"list"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Watchlist is a named set of customers.
type Watchlist struct {
	Name      string `json:"name"`
	Customers int    `json:"customers"`
}

// Customer changes, as CustomerChange.Change says.
const (
	ChangeAdded   = "added"
	ChangeUpdated = "updated"
	ChangeRemoved = "removed"
)

// CustomerChange is one change to a watchlist: a customer added, updated
// or removed. Rev orders changes; it only grows.
type CustomerChange struct {
	Rev       int64     `json:"rev"`
	Change    string    `json:"change"`
	Customer  Customer  `json:"customer"`
	ChangedAt time.Time `json:"changed_at"`
}

// SaveResult reports what SaveCustomers did.
type SaveResult struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Changed holds the customers added or updated, as stored, in input
	// order: those to screen.
	Changed []*Customer `json:"-"`
}

// CustomerFilter selects customers. Nil fields match everything.
type CustomerFilter struct {
	List   *string
	Offset int
	Limit  int // 0: no limit
}

// WatchlistService keeps the customers that are monitored.
type WatchlistService interface {
	// SaveCustomers adds customers, and updates those whose list and id
	// exist, in one transaction: all or nothing. A customer whose content
	// did not change is left as it was. A removed customer saved again is
	// added anew. Returns EINVALID for a customer without list, id or name,
	// or two customers with the same list and id.
	SaveCustomers(ctx context.Context, customers []*Customer) (*SaveResult, error)

	// FindCustomer returns a customer. Returns ENOTFOUND if there is none
	// with that list and id, or it was removed.
	FindCustomer(ctx context.Context, list, id string) (*Customer, error)

	// FindCustomers returns the customers filter selects, by list then id,
	// and how many there are in all.
	FindCustomers(ctx context.Context, filter CustomerFilter) ([]*Customer, int, error)

	// RemoveCustomer removes a customer from its list; its history stays.
	// Returns ENOTFOUND if there is no such customer.
	RemoveCustomer(ctx context.Context, list, id string) error

	// Watchlists returns every list that has customers, by name.
	Watchlists(ctx context.Context) ([]*Watchlist, error)

	// WatchRev returns the revision of the latest change to any watchlist
	// (0 when there has been none).
	WatchRev(ctx context.Context) (int64, error)

	// CustomerChanges calls fn for every change with a revision above
	// since, in revision order: replayed from 0 they rebuild every list.
	CustomerChanges(ctx context.Context, since int64, fn func(*CustomerChange) error) error

	// CustomerHistory returns every change of one customer, oldest first.
	// Returns ENOTFOUND if the customer never existed.
	CustomerHistory(ctx context.Context, list, id string) ([]*CustomerChange, error)
}
