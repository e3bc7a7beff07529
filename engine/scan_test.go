package engine_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/source/ofac"
)

// MustSDNEngine returns an engine over a temporary SQLite store holding
// the SDN snapshots of 2019-01-04 and 2021-04-25.
func MustSDNEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	ctx := context.Background()
	db := mustDB(tb)
	for _, s := range []struct {
		dir  string
		asOf time.Time
	}{
		{"sdn-2019-01-04", time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC)},
		{"sdn-2021-04-25", time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC)},
	} {
		paths, _ := filepath.Glob(filepath.Join("..", "source", "ofac", "testdata", s.dir, "*.csv"))
		l, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := db.ImportList(ctx, l, s.asOf); err != nil {
			tb.Fatal(err)
		}
	}
	eng := engine.New(db)
	if err := eng.Load(ctx); err != nil {
		tb.Fatal(err)
	}
	eng.PrepareScan()
	return eng
}

const news = `Shares of Rusal rose after Treasury lifted sanctions. Oleg Deripaska
kept his own designation. In Kyiv, Andrii Derkach denied the charges.`

func TestEngine_Scan(t *testing.T) {
	eng := MustSDNEngine(t)
	ctx := context.Background()
	ids := func(res *engine.ScanResult) string {
		var out []string
		for _, m := range res.Mentions {
			s := m.EntityID
			if !m.Listed {
				s += " delisted " + m.DelistedOn
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	}
	t.Run("AsOf2021", func(t *testing.T) {
		res, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{AsOf: time.Date(2021, 4, 25, 23, 0, 0, 0, time.UTC), Threshold: -1})
		if err != nil {
			t.Fatal(err)
		}
		want := "ofac-sdn:24228 delisted 2021-04-25, ofac-sdn:24283, ofac-sdn:29366"
		if got := ids(res); got != want {
			t.Fatalf("mentions=%s, want %s", got, want)
		}
		if res.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" || res.Bytes != int64(len(news)) {
			t.Fatalf("snapshots=%v bytes=%d", res.Snapshots, res.Bytes)
		}
	})
	t.Run("AsOf2019", func(t *testing.T) {
		res, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{AsOf: time.Date(2019, 1, 4, 23, 0, 0, 0, time.UTC), Threshold: -1})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(res), "ofac-sdn:24228, ofac-sdn:24283"; got != want {
			t.Fatalf("mentions=%s, want %s (Derkach not yet listed)", got, want)
		}
	})
	t.Run("BeforeFirstSnapshot", func(t *testing.T) {
		res, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{AsOf: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), Threshold: -1})
		if err != nil || len(res.Mentions) != 0 {
			t.Fatalf("got %+v, %v; want no mentions", res, err)
		}
	})
	t.Run("MaxMentions", func(t *testing.T) {
		res, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{Threshold: -1, MaxMentions: 1})
		if err != nil || len(res.Mentions) != 1 || !res.Truncated {
			t.Fatalf("got %+v, %v; want 1 mention, truncated", res, err)
		}
	})
	t.Run("ErrUnknownSource", func(t *testing.T) {
		_, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{Sources: []string{"nope"}, Threshold: -1})
		// An unknown source is a bad request naming the valid ones.
		if embargo.ErrorCode(err) != embargo.EINVALID || !strings.Contains(err.Error(), "ofac-sdn") {
			t.Fatalf("err=%v, want EINVALID naming the valid sources", err)
		}
	})
	t.Run("ErrThreshold", func(t *testing.T) {
		_, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{Threshold: 2})
		if embargo.ErrorCode(err) != embargo.EINVALID {
			t.Fatalf("err=%v, want EINVALID", err)
		}
	})
	t.Run("Binary", func(t *testing.T) {
		in := bytes.Repeat([]byte{0xff, 0x00, 'O', 0xc3}, 1<<18)
		if _, err := eng.Scan(ctx, bytes.NewReader(in), engine.ScanOptions{Threshold: -1}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEngine_ScanNotLoaded(t *testing.T) {
	eng := engine.New(nil)
	eng.PrepareScan() // before Load: nothing to build
	if _, err := eng.Scan(context.Background(), strings.NewReader(news), engine.ScanOptions{}); embargo.ErrorCode(err) != embargo.EINTERNAL {
		t.Fatalf("err=%v, want EINTERNAL", err)
	}
}
