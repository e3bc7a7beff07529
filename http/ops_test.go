package http_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	embhttp "github.com/embargo-dev/embargo/http"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/sqlite"
)

func TestReadyz(t *testing.T) {
	db, _ := sharedFixture(t)
	eng := engine.New(db)
	eng.Logger = discard()
	ts := MustOpenServerOn(t, db, eng, func(s *embhttp.Server) { s.SetStatus("importing the demo lists (3 of 313)") })

	MustStatus(t, ts.Get(t, "/healthz"), 200)
	r := ts.Get(t, "/readyz")
	MustStatus(t, r, 503)
	var body struct{ Status, Detail string }
	r.JSON(t, &body)
	if body.Status != "loading" || !strings.Contains(body.Detail, "3 of 313") || r.Header.Get("Retry-After") == "" {
		t.Fatalf("readyz before load: %s", r.Body)
	}
	// Screening waits for the index; the UI says it is loading.
	MustStatus(t, ts.Get(t, "/api/v1/screen?name=x"), 503)
	page := ts.Get(t, "/")
	MustStatus(t, page, 200)
	if !containsAll(string(page.Body), "Loading lists…", "3 of 313", `http-equiv="refresh"`) {
		t.Fatalf("UI does not say it is loading")
	}

	if err := eng.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The index is loaded but the server still has work to do.
	MustStatus(t, ts.Get(t, "/readyz"), 503)
	ts.SetStatus("")
	r = ts.Get(t, "/readyz")
	MustStatus(t, r, 200)
	var ready struct {
		Status    string
		IndexSize int               `json:"index_size"`
		Snapshots map[string]string `json:"snapshots"`
	}
	r.JSON(t, &ready)
	if ready.Status != "ready" || ready.IndexSize == 0 || ready.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" {
		t.Fatalf("readyz after load: %s", r.Body)
	}
	if strings.Contains(string(ts.Get(t, "/").Body), "Loading lists") {
		t.Fatal("UI still says it is loading")
	}
}

func TestMetrics(t *testing.T) {
	ts := MustOpenServer(t)
	MustStatus(t, ts.Get(t, "/api/v1/screen?name=Deripaska"), 200)
	MustStatus(t, ts.Get(t, "/api/v1/screen"), 400)
	MustStatus(t, ts.Get(t, "/api/v1/entities/ofac-sdn:24224"), 200)
	MustStatus(t, ts.Get(t, "/nope"), 404)
	r := ts.Get(t, "/metrics")
	MustStatus(t, r, 200)
	body := string(r.Body)
	for _, want := range []string{
		`embargo_http_requests_total{code="200",route="GET /api/v1/screen"} 1`,
		`embargo_http_requests_total{code="400",route="GET /api/v1/screen"} 1`,
		`embargo_http_requests_total{code="200",route="GET /api/v1/entities/{id}"} 1`,
		`embargo_http_requests_total{code="404",route="unmatched"} 1`,
		`embargo_http_request_duration_seconds_bucket{code="200",route="GET /api/v1/screen",le="0.005"}`,
		`embargo_index_entity_versions `,
		`embargo_ready 1`,
		`embargo_snapshot_age_seconds{source="ofac-sdn"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "embargo_") {
			t.Errorf("metric outside the embargo namespace: %s", line)
		}
	}
}

func TestMatchCompat(t *testing.T) {
	ts := MustOpenServer(t)
	key := ts.MustCreateKey(t, embargo.RoleAnalyst)
	req := `{"queries": {
		"q1": {"schema": "Person", "properties": {"name": ["Oleg Deripaska"], "birthDate": ["1968-01-02"], "nationality": ["ru"]}},
		"q2": {"schema": "Company", "properties": {"name": "Basic Element Limited", "registrationNumber": ["84039"]}},
		"q3": {"schema": "Person", "properties": {"firstName": ["Zzyzx"], "lastName": ["Qwvbnm"]}}
	}}`
	r := ts.PostJSON(t, "/match/default?limit=3", req, key...)
	MustStatus(t, r, 200)
	var resp struct {
		Limit     int
		Matcher   map[string]any
		Responses map[string]struct {
			Status int
			Total  struct {
				Value    int
				Relation string
			}
			Query struct {
				Schema     string
				Properties map[string][]string
			}
			Results []struct {
				ID         string
				Caption    string
				Schema     string
				Properties map[string][]string
				Datasets   []string
				Score      float64
				Match      bool
				Features   map[string]float64
			}
		}
	}
	r.JSON(t, &resp)
	if resp.Limit != 3 || len(resp.Responses) != 3 || len(resp.Matcher) == 0 || r.Header.Get("X-Batch-Size") != "3" {
		t.Fatalf("response: %s", truncate(r.Body, 800))
	}
	q1 := resp.Responses["q1"]
	if q1.Status != 200 || len(q1.Results) == 0 || q1.Total.Relation != "eq" || q1.Query.Schema != "Person" || q1.Query.Properties["name"][0] != "Oleg Deripaska" {
		t.Fatalf("q1: %+v", q1)
	}
	best := q1.Results[0]
	if !strings.Contains(best.Caption, "DERIPASKA") || best.Schema != "Person" || !best.Match || best.Datasets[0] != "ofac-sdn" ||
		len(best.Properties["name"]) == 0 || len(best.Properties["birthDate"]) == 0 || best.Features["name"] == 0 {
		t.Fatalf("q1 best: %+v", best)
	}
	if len(q1.Results) > 3 {
		t.Fatalf("q1: %d results, limit 3", len(q1.Results))
	}
	q2 := resp.Responses["q2"]
	if len(q2.Results) == 0 || q2.Results[0].ID != "ofac-sdn:24224" || q2.Results[0].Schema != "Organization" {
		t.Fatalf("q2: %+v", q2.Results)
	}
	if q3 := resp.Responses["q3"]; len(q3.Results) != 0 || q3.Total.Value != 0 {
		t.Fatalf("q3: %+v", q3)
	}

	t.Run("Dataset", func(t *testing.T) {
		MustStatus(t, ts.PostJSON(t, "/match/ofac-sdn", req, key...), 200)
		r := ts.PostJSON(t, "/match/nope", req, key...)
		MustStatus(t, r, 404)
		var e struct{ Detail string }
		r.JSON(t, &e)
		if !strings.Contains(e.Detail, "Dataset not found") {
			t.Fatalf("detail %q", e.Detail)
		}
	})
	t.Run("Threshold", func(t *testing.T) {
		// A cutoff below the threshold returns weaker candidates with
		// match=false.
		r := ts.PostJSON(t, "/match/default?threshold=0.99&cutoff=0.5&limit=10", `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Oleg Deripaska"]}}}}`, key...)
		MustStatus(t, r, 200)
		var resp struct {
			Responses map[string]struct {
				Results []struct {
					Score float64
					Match bool
				}
			}
		}
		r.JSON(t, &resp)
		for _, res := range resp.Responses["q"].Results {
			if res.Match != (res.Score >= 0.99) {
				t.Fatalf("score %v match %v with threshold 0.99", res.Score, res.Match)
			}
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for _, body := range []string{
			`{"queries": {}}`,
			`{"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}`,
			`{"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1968"]}}}}`,
			`{"queries": {"q": {"schema": "Person", "properties": {"name": [{"a": 1}]}}}}`,
		} {
			r := ts.PostJSON(t, "/match/default", body, key...)
			MustStatus(t, r, 400)
		}
		MustStatus(t, ts.PostJSON(t, "/match/default", `{"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}}`), 401)
	})
}

func TestImport(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "import.db"), sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	eng := engine.New(db)
	eng.Logger = discard()
	if err := eng.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts := MustOpenServerOn(t, db, eng)
	admin := ts.MustCreateKey(t, embargo.RoleAdmin)

	// Multipart: the 2019 set's files together.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, name := range []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"} {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(testutil.SDN2019, name))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(fw, f)
		f.Close()
	}
	mw.Close()
	r := ts.Do(t, "POST", "/api/v1/import?as_of=2019-01-04", &body, append([]string{"Content-Type", mw.FormDataContentType()}, admin...)...)
	MustStatus(t, r, 201)
	var res []embargo.ImportResult
	r.JSON(t, &res)
	if len(res) != 1 || res[0].SnapshotID != "ofac-sdn@2019-01-04" || res[0].Entities != 7379 || res[0].Added != 7379 {
		t.Fatalf("import: %s", r.Body)
	}
	// The index was reloaded: the new list screens at once.
	r = ts.Get(t, "/api/v1/screen?name="+strings.ReplaceAll("United Company Rusal PLC", " ", "+"))
	MustStatus(t, r, 200)
	if !strings.Contains(string(r.Body), "ofac-sdn:24228") {
		t.Fatalf("Rusal not found after import: %s", truncate(r.Body, 400))
	}

	// A raw body, named by the filename parameter; the date comes from as_of.
	sdn, err := os.ReadFile(filepath.Join(testutil.SDN2021, "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r = ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv&as_of=2021-04-25", bytes.NewReader(sdn), admin...)
	MustStatus(t, r, 201)
	r.JSON(t, &res)
	if res[0].SnapshotID != "ofac-sdn@2021-04-25" || res[0].Entities != 8890 || len(res[0].Warnings) == 0 {
		t.Fatalf("raw import: %s", r.Body)
	}
	// The same content again creates nothing.
	r = ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv&as_of=2021-05-01", bytes.NewReader(sdn), admin...)
	MustStatus(t, r, 200)
	r.JSON(t, &res)
	if !res[0].Unchanged {
		t.Fatalf("re-import: %s", r.Body)
	}

	t.Run("BadInput", func(t *testing.T) {
		cases := []struct{ query, body, want string }{
			{"filename=notes.txt", "hello, world\nthis is no list\n", "notes.txt"},
			{"filename=sdn.csv", string(sdn[:len(sdn)/2]) + `,"unterminated`, "sdn.csv line"},
			{"filename=un.xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<broken", "un.xml line"},
			{"filename=sdn.csv", "", "empty"},
			{"filename=sdn.csv&as_of=someday", "x", "invalid date"},
			{"filename=../../etc/passwd", "root:x:0:0", "passwd"},
		}
		for _, c := range cases {
			r := ts.Do(t, "POST", "/api/v1/import?"+c.query, strings.NewReader(c.body), admin...)
			MustStatus(t, r, 400)
			msg, _ := r.Error(t)
			if !strings.Contains(msg, c.want) || strings.Contains(msg, os.TempDir()) {
				t.Errorf("%s: error %q, want it to name %q and not the temporary directory", c.query, msg, c.want)
			}
		}
		// An older date than the latest snapshot is refused.
		r := ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv&as_of=2020-01-01", bytes.NewReader(sdn[:len(sdn)/3]), admin...)
		if r.Status != 400 && r.Status != 409 {
			t.Fatalf("older import: %d %s", r.Status, r.Body)
		}
		r = ts.Get(t, "/api/v1/snapshots")
		var snaps []struct {
			SnapshotID string `json:"snapshot_id"`
		}
		r.JSON(t, &snaps)
		if len(snaps) != 2 {
			t.Fatalf("failed imports changed the database: %s", r.Body)
		}
	})
}
