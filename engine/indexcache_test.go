package engine_test

import (
	"bytes"
	"context"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/sqlite"
)

func cachePerson(id, name string) embargo.Entity {
	return embargo.Entity{ID: "test:" + id, Source: "test", SourceID: id, Schema: embargo.SchemaPerson, Name: name}
}

// loadEngine loads a new engine over db and returns it and whether its
// index came from the index cache.
func loadEngine(t *testing.T, db *sqlite.DB) (*engine.Engine, bool) {
	t.Helper()
	var log bytes.Buffer
	eng := engine.New(db)
	eng.Logger = slog.New(slog.NewTextHandler(&log, nil))
	if err := eng.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(log.String(), "level=WARN") {
		t.Logf("load logged: %s", log.String())
	}
	return eng, strings.Contains(log.String(), "cached=true")
}

// found returns the entity ids a screening of q finds.
func found(t *testing.T, eng *engine.Engine, q string) []string {
	t.Helper()
	res, err := eng.Screen(context.Background(), embargo.Query{Name: q}, embargo.ScreenOptions{Threshold: -1})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range res.Matches {
		ids = append(ids, m.EntityID)
	}
	return ids
}

// TestIndexCache: a second process (engine) over the same snapshots loads
// the index the first built and answers the same; an import, a
// retraction, and an import of other content under the retracted
// snapshot's date each make the next engine build its index again, so
// that no engine screens against a stale index.
func TestIndexCache(t *testing.T) {
	ctx := context.Background()
	db := mustDB(t)
	deripaska, derkach, kim := cachePerson("1", "Oleg Vladimirovich Deripaska"), cachePerson("2", "Andriy Derkach"), cachePerson("3", "Kim Jong Un")
	list := func(es ...embargo.Entity) *embargo.ParsedList {
		return &embargo.ParsedList{Source: "test", Entities: es}
	}
	storetest.MustImport(t, db, list(deripaska), "2021-01-01")

	first, cached := loadEngine(t, db)
	if cached {
		t.Fatal("the first load found a cached index in a new database")
	}
	second, cached := loadEngine(t, db)
	if !cached {
		t.Fatal("the second load over the same snapshots built the index again")
	}
	for _, q := range []string{"Oleg Deripaska", "Deripaska", "Andriy Derkach"} {
		a, err1 := first.Screen(ctx, embargo.Query{Name: q}, embargo.ScreenOptions{Threshold: -1})
		b, err2 := second.Screen(ctx, embargo.Query{Name: q}, embargo.ScreenOptions{Threshold: -1})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		a.AuditID, b.AuditID = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%q: the cached index answers %+v, the built one %+v", q, b, a)
		}
	}
	if got := found(t, second, "Oleg Deripaska"); len(got) != 1 {
		t.Fatalf("Oleg Deripaska: found %v, want test:1", got)
	}

	step := func(what string, want map[string]bool) {
		t.Helper()
		eng, cached := loadEngine(t, db)
		if cached {
			t.Errorf("after %s: the index came from the cache", what)
		}
		again, cached := loadEngine(t, db)
		if !cached {
			t.Errorf("after %s: the second load built the index again", what)
		}
		for q, listed := range want {
			for _, e := range []*engine.Engine{eng, again} {
				if got := found(t, e, q); (len(got) > 0) != listed {
					t.Errorf("after %s: %q finds %v, want listed %v", what, q, got, listed)
				}
			}
		}
	}
	storetest.MustImport(t, db, list(deripaska, derkach), "2021-01-02")
	step("an import", map[string]bool{"Andriy Derkach": true, "Kim Jong Un": false})
	if _, err := db.RetractSnapshot(ctx, "test@2021-01-02", "wrong file", "test"); err != nil {
		t.Fatal(err)
	}
	step("a retraction", map[string]bool{"Andriy Derkach": false, "Kim Jong Un": false})
	storetest.MustImport(t, db, list(deripaska, kim), "2021-01-02")
	step("an import of other content on the retracted date", map[string]bool{"Andriy Derkach": false, "Kim Jong Un": true})

	// A cached index that cannot be read is built again, not used.
	if _, err := db.DB.ExecContext(ctx, `UPDATE index_cache SET data = ?`, []byte("not an index")); err != nil {
		t.Fatal(err)
	}
	step("a damaged cache", map[string]bool{"Kim Jong Un": true})

	// NoIndexCache neither loads nor stores.
	eng := engine.New(db)
	eng.Logger = slog.New(slog.DiscardHandler)
	eng.NoIndexCache = true
	if _, err := db.DB.ExecContext(ctx, `DELETE FROM index_cache`); err != nil {
		t.Fatal(err)
	}
	if err := eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.DB.QueryRowContext(ctx, `SELECT count(*) FROM index_cache`).Scan(&n); err != nil || n != 0 {
		t.Errorf("NoIndexCache: %d indexes stored (%v), want none", n, err)
	}
}
