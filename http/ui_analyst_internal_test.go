package http

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	nethttp "net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// postForm posts a form as role, with the sign-in cookie as a browser
// does, and returns the status, the Location and the body.
func (ts *monitorTestServer) postForm(tb testing.TB, role embargo.Role, path, contentType string, body io.Reader, origin string) (int, string, string) {
	tb.Helper()
	req, err := nethttp.NewRequest("POST", ts.URL()+path, body)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if role != "" {
		req.AddCookie(&nethttp.Cookie{Name: sessionCookie, Value: ts.session(tb, role)})
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(data)
}

var noFollow = &nethttp.Client{CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}

func multipartCSV(tb testing.TB, list, name, content string) (string, *bytes.Buffer) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("list", list)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		tb.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.Close()
	return mw.FormDataContentType(), &buf
}

// TestAnalystPages: upload customers (bad rows listed, nothing saved;
// then a good file), see the alert, decide it in the browser's forms.
func TestAnalystPages(t *testing.T) {
	ts := newMonitorTestServer(t)
	ctx := context.Background()
	// The 2021 list designates Derkach.
	importSDN(t, ts.db, testutil.SDN2021, "2021-04-25")
	if err := ts.eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	origin := ts.URL()

	bad := "id,name,type,dob\nc1,Andriy Derkach,person,1967\nc2,,person,\nc3,Somebody,planet,\nc4,Someone Else,person,1968-02-30\n"
	ct, body := multipartCSV(t, "kyc", "customers.csv", bad)
	st, _, page := ts.postForm(t, embargo.RoleAnalyst, "/watchlists", ct, body, origin)
	if st != 400 || !strings.Contains(page, "Nothing was saved") {
		t.Fatalf("bad upload: %d\n%s", st, page)
	}
	for _, want := range []string{"customers.csv line 3", "customers.csv line 4"} {
		if !strings.Contains(page, want) {
			t.Errorf("upload errors lack %q", want)
		}
	}
	if strings.Contains(page, "line 2:") {
		t.Error("the good row 2 is reported as an error")
	}
	var lists []embargo.Watchlist
	if ts.do(t, embargo.RoleViewer, "GET", "/api/v1/watchlists", "", "", &lists); len(lists) != 0 {
		t.Fatalf("a bad upload saved %v", lists)
	}

	good := "id,name,type,dob,country\nc1,Andriy Derkach,person,,UA\nc2,Wilburn Kuvalis,person,1980,US\n"
	ct, body = multipartCSV(t, "kyc", "customers.csv", good)
	st, _, page = ts.postForm(t, embargo.RoleAnalyst, "/watchlists", ct, body, origin)
	if st != 200 || !strings.Contains(page, "<strong>2</strong> added") || !strings.Contains(page, "alert") {
		t.Fatalf("good upload: %d\n%s", st, page)
	}
	// Another site's form, a viewer, nobody: refused.
	ct, body = multipartCSV(t, "kyc", "c.csv", good)
	if st, _, _ := ts.postForm(t, embargo.RoleAnalyst, "/watchlists", ct, body, "http://evil.example"); st != 403 {
		t.Fatalf("cross-site upload: %d, want 403", st)
	}
	ct, body = multipartCSV(t, "kyc", "c.csv", good)
	if st, _, _ := ts.postForm(t, embargo.RoleViewer, "/watchlists", ct, body, origin); st != 403 {
		t.Fatalf("viewer upload: %d, want 403", st)
	}

	var alerts struct {
		Alerts []*embargo.Alert `json:"alerts"`
	}
	if ts.do(t, embargo.RoleViewer, "GET", "/api/v1/alerts?status=open", "", "", &alerts); len(alerts.Alerts) == 0 {
		t.Fatal("no open alert for Derkach")
	}
	a := alerts.Alerts[0]
	var html string
	ts.page(t, embargo.RoleAnalyst, "/alerts?status=open", &html)
	if !strings.Contains(html, `action="/alerts/`) || !strings.Contains(html, "false positive") {
		t.Fatal("the alerts page has no decision form for an analyst")
	}
	form := url.Values{"status": {"true_match"}, "note": {"same person: name and country"}, "back": {"/alerts?status=open"}}
	st, loc, _ := ts.postForm(t, embargo.RoleAnalyst, "/alerts/"+itoa(int(a.ID))+"/decision", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), origin)
	if st != 303 || loc != "/alerts?status=open" {
		t.Fatalf("decide: %d → %q", st, loc)
	}
	var got struct {
		embargo.Alert
		Decisions []*embargo.Decision `json:"decisions"`
	}
	if ts.do(t, embargo.RoleViewer, "GET", "/api/v1/alerts/"+itoa(int(a.ID)), "", "", &got); got.Status != embargo.AlertTrueMatch ||
		len(got.Decisions) != 1 || got.Decisions[0].Note != "same person: name and country" || !strings.Contains(got.Decisions[0].By, "analyst") {
		t.Fatalf("after the decision: %+v %+v", got.Alert, got.Decisions)
	}
	if st, _, _ := ts.postForm(t, embargo.RoleViewer, "/alerts/"+itoa(int(a.ID))+"/decision", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), origin); st != 403 {
		t.Fatalf("viewer decision: %d, want 403", st)
	}
}

// session signs role's key in and returns the session token, as the
// sign-in form sets it in the cookie.
func (ts *monitorTestServer) session(tb testing.TB, role embargo.Role) string {
	tb.Helper()
	k, err := ts.db.Authenticate(context.Background(), ts.keys[role])
	if err != nil {
		tb.Fatal(err)
	}
	token, err := ts.db.CreateSession(context.Background(), k.ID, time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return token
}
