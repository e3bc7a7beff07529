package textscan_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/textscan"
)

// want is a mention a test expects: the text as written, the entities it
// may be (the first is required; the others are accepted), and whether
// the entity was listed.
type want struct {
	text     string
	ids      []string
	listed   bool
	delisted string
}

func scanAt(tb testing.TB, sc *textscan.Scanner, text []byte, seq int) []textscan.Mention {
	tb.Helper()
	return sc.Scan(text, textscan.ScanOptions{Seqs: map[string]int{embargo.SourceOFACSDN: seq}, AsOf: sdnAsOf, Threshold: -1})
}

// checkMentions checks that every wanted mention was reported, in order,
// with the right entity, and that nothing else was: each mention in the
// text must be one of wants.
func checkMentions(t *testing.T, text []byte, got []textscan.Mention, wants []want) {
	t.Helper()
	used := make([]bool, len(wants))
	for _, m := range got {
		if string(text[m.Start:m.End]) != m.Text {
			t.Errorf("mention %q at [%d,%d): input there is %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
		ok := false
		for i, w := range wants {
			if w.text != m.Text || !contains(w.ids, m.EntityID) || used[i] && m.EntityID == w.ids[0] {
				continue
			}
			if m.Listed != w.listed || m.DelistedOn != w.delisted {
				t.Errorf("%q (%s): listed=%v delisted_on=%q, want listed=%v delisted_on=%q", m.Text, m.EntityID, m.Listed, m.DelistedOn, w.listed, w.delisted)
			}
			if m.EntityID == w.ids[0] {
				used[i] = true
			}
			ok = true
			break
		}
		if !ok {
			t.Errorf("unexpected mention %q at %d: %s %q score %.3f (%s)", m.Text, m.Start, m.EntityID, m.Name, m.Score, m.Rule)
		}
		if m.Score < embargo.DefaultThreshold || m.Score > 1 {
			t.Errorf("%q: score %v out of range", m.Text, m.Score)
		}
		if m.Explanation == nil || m.Explanation.Summary == "" {
			t.Errorf("%q: no explanation", m.Text)
		}
	}
	for i, w := range wants {
		if !used[i] {
			t.Errorf("mention %q of %s not found", w.text, w.ids[0])
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

const (
	rusal      = "ofac-sdn:24228"
	enPlus     = "ofac-sdn:24226"
	eurosib    = "ofac-sdn:24227"
	basicEl    = "ofac-sdn:24224"
	deripaska  = "ofac-sdn:24283"
	vekselberg = "ofac-sdn:24306"
	renova     = "ofac-sdn:24303"
	derkach    = "ofac-sdn:29366"
)

func TestScan_News(t *testing.T) {
	sc := MustSDNScanner(t)
	const delisted = "2021-04-25"
	tests := []struct {
		name  string
		file  string
		seq   int
		wants []want
	}{
		{"rusal deal as of 2019-01-04", "news/rusal.txt", 1, []want{
			{"Rusal", []string{rusal}, true, ""},
			{"En+ Group", []string{enPlus}, true, ""},
			{"Oleg Deripaska", []string{deripaska}, true, ""},
			{"Deripaska", []string{deripaska}, true, ""}, // "Deripaska's own sanctions"
			{"Deripaska", []string{deripaska}, true, ""}, // "Mr. Deripaska remains"
			{"Rusal", []string{rusal}, true, ""},         // "Rusal's chief executive"
			{"JSC EuroSibEnergo", []string{eurosib}, true, ""},
			{"Basic\nElement Limited", []string{basicEl}, true, ""},
			{"Basic Element", []string{basicEl}, true, ""},
			{"Viktor Vekselberg", []string{vekselberg}, true, ""},
			{"Renova Group", []string{renova}, true, ""},
		}},
		{"rusal deal as of 2021-04-25: the Rusal group delisted", "news/rusal.txt", 2, []want{
			{"Rusal", []string{rusal}, false, delisted},
			{"En+ Group", []string{enPlus}, false, delisted},
			{"Oleg Deripaska", []string{deripaska}, true, ""},
			{"Deripaska", []string{deripaska}, true, ""},
			{"Deripaska", []string{deripaska}, true, ""},
			{"Rusal", []string{rusal}, false, delisted},
			{"JSC EuroSibEnergo", []string{eurosib}, false, delisted},
			{"Basic\nElement Limited", []string{basicEl}, true, ""},
			{"Basic Element", []string{basicEl}, true, ""},
			{"Viktor Vekselberg", []string{vekselberg}, true, ""},
			{"Renova Group", []string{renova}, true, ""},
		}},
		{"derkach designation as of 2021-04-25", "news/derkach.txt", 2, []want{
			{"Andrii Derkach", []string{derkach}, true, ""},
			{"Derkach", []string{derkach}, true, ""},
			{"Derkach", []string{derkach}, true, ""},
			{"Era-Media TOV", []string{"ofac-sdn:30863"}, true, ""},
			{"NabuLeaks", []string{"ofac-sdn:30864"}, true, ""},
			{"Derkach", []string{derkach}, true, ""},
			{"Internet Research Agency", []string{"ofac-sdn:23943"}, true, ""},
			{"Yevgeniy Prigozhin", []string{"ofac-sdn:21171"}, true, ""},
			{"Prigozhin", []string{"ofac-sdn:21171"}, true, ""},
			{"Islamic Revolutionary Guard\nCorps", []string{"ofac-sdn:10391"}, true, ""},
		}},
		{"derkach story as of 2019-01-04: Derkach not yet listed", "news/derkach.txt", 1, []want{
			{"Internet Research Agency", []string{"ofac-sdn:23943"}, true, ""},
			{"Yevgeniy Prigozhin", []string{"ofac-sdn:21171"}, true, ""},
			{"Prigozhin", []string{"ofac-sdn:21171"}, true, ""},
			{"Islamic Revolutionary Guard\nCorps", []string{"ofac-sdn:10391"}, true, ""},
		}},
		{"cyrillic names", "news/cyrillic.txt", 2, []want{
			{"Олег Дерипаска", []string{deripaska}, true, ""},
			{"Дерипаски", []string{deripaska}, true, ""}, // genitive after a full mention
			{"Oleg Deripaska", []string{deripaska}, true, ""},
			{"Gennady Timchenko", []string{"ofac-sdn:16666"}, true, ""},
			{"Аркадий Ротенберг", []string{"ofac-sdn:16669"}, true, ""},
			{"Виктор Вексельберг", []string{vekselberg}, true, ""},
			{"Nicolás Maduro Moros", []string{"ofac-sdn:22790"}, true, ""},
			// Listed since 2017 as "ZERPA DELGADO, Simon Alejandro".
			{"Simón Zerpa", []string{"ofac-sdn:22746"}, true, ""},
		}},
		{"vessels and aircraft need context", "news/vessels.txt", 2, []want{
			{"ARTAVIL", []string{"ofac-sdn:15036"}, true, ""},
			{"IMO 9187629", []string{"ofac-sdn:15036"}, true, ""},
			// N.I.T.C. REPRESENTATIVE OFFICE has the same alias: ambiguous, both reported.
			{"National Iranian Tanker Company", []string{"ofac-sdn:15117", "ofac-sdn:15119"}, true, ""},
			{"Hermann", []string{"ofac-sdn:4234"}, true, ""},
			{"Tifon", []string{"ofac-sdn:4249"}, true, ""},
			{"Mar Azul", []string{"ofac-sdn:4238"}, true, ""},
			{"Mahan Air", []string{"ofac-sdn:12927"}, true, ""},
		}},
		{"common words, given names, places and a vessel named like a person", "news/traps.txt", 2, nil},
		{"traps as of 2019-01-04", "news/traps.txt", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := MustReadFile(t, tt.file)
			checkMentions(t, text, scanAt(t, sc, text, tt.seq), tt.wants)
		})
	}
}

// TestScan_AsOf checks the cases: as of 2021-04-25 Rusal is
// reported delisted (removed in that snapshot), as of 2019-01-04 it is
// listed and Derkach (designated 2020) is not reported at all.
func TestScan_AsOf(t *testing.T) {
	sc := MustSDNScanner(t)
	text := []byte("Rusal and Andrii Derkach were in the news.")
	got := scanAt(t, sc, text, 2)
	if len(got) != 2 || got[0].EntityID != rusal || got[0].Listed || got[0].DelistedOn != "2021-04-25" {
		t.Fatalf("as of 2021-04-25: got %+v, want Rusal delisted on 2021-04-25, then Derkach", got)
	}
	if got[1].EntityID != derkach || !got[1].Listed {
		t.Fatalf("as of 2021-04-25: got %+v, want Derkach listed", got[1])
	}
	got = scanAt(t, sc, text, 1)
	if len(got) != 1 || got[0].EntityID != rusal || !got[0].Listed || got[0].DelistedOn != "" {
		t.Fatalf("as of 2019-01-04: got %+v, want Rusal listed and nothing else", got)
	}
	// Without seqs, each source at its latest snapshot.
	got = sc.Scan(text, textscan.ScanOptions{Threshold: -1})
	if len(got) != 2 || got[0].Listed || !got[1].Listed {
		t.Fatalf("latest: got %+v, want Rusal delisted and Derkach listed", got)
	}
	// A source not asked for is not scanned.
	got = sc.Scan(text, textscan.ScanOptions{Seqs: map[string]int{"un-sc": 1}, Threshold: -1})
	if len(got) != 0 {
		t.Fatalf("other source: got %+v, want nothing", got)
	}
}

func TestScan_Threshold(t *testing.T) {
	sc := MustSDNScanner(t)
	text := []byte("Oleg Deripaska and Rusal.")
	if got := sc.Scan(text, textscan.ScanOptions{Threshold: 0.99}); len(got) != 0 {
		t.Fatalf("threshold 0.99: got %d mentions, want 0", len(got))
	}
	if got := sc.Scan(text, textscan.ScanOptions{Threshold: 0.5}); len(got) != 2 {
		t.Fatalf("threshold 0.5: got %d mentions, want 2", len(got))
	}
}

func TestScan_Forms(t *testing.T) {
	sc := MustSDNScanner(t)
	tests := []struct {
		name, text, want, id string
	}{
		{"possessive", "It was Oleg Deripaska's plan.", "Oleg Deripaska", deripaska},
		{"curly possessive", "It was Oleg Deripaska’s plan.", "Oleg Deripaska", deripaska},
		{"plural possessive without apostrophe", "Oleg Deripaskas plan.", "Oleg Deripaskas", deripaska},
		{"title and middle initial", "Mr. Oleg V. Deripaska said.", "Oleg V. Deripaska", deripaska},
		{"initials", "said O. V. Deripaska on Monday.", "O. V. Deripaska", deripaska},
		{"list order", "DERIPASKA, Oleg Vladimirovich (Russia)", "DERIPASKA, Oleg Vladimirovich", deripaska},
		{"line break", "the tycoon Oleg\nDeripaska said", "Oleg\nDeripaska", deripaska},
		{"hyphenated at line end", "the tycoon Oleg Deri-\npaska said", "Oleg Deri-\npaska", deripaska},
		{"crlf", "the tycoon Oleg\r\nDeripaska said", "Oleg\r\nDeripaska", deripaska},
		{"all caps", "BENEFICIARY: OLEG DERIPASKA", "OLEG DERIPASKA", deripaska},
		{"cyrillic", "Олег Дерипаска", "Олег Дерипаска", deripaska},
		{"cyrillic instrumental", "с Олегом Дерипаской", "Олегом Дерипаской", deripaska},
		{"transliteration variant", "Andriy Derkach spoke", "Andriy Derkach", derkach},
		{"accents", "Nicolás Maduro Moros", "Nicolás Maduro Moros", "ofac-sdn:22790"},
		{"ampersand", "AL-BARAKAAT BANKING & REMITTANCES", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanAt(t, sc, []byte(tt.text), 2)
			if tt.want == "" {
				return // must not panic; result not asserted
			}
			if len(got) == 0 || got[0].Text != tt.want || got[0].EntityID != tt.id {
				t.Fatalf("got %+v, want %q as %s", got, tt.want, tt.id)
			}
		})
	}
}

// TestScan_NoSubstrings: names are matched on whole tokens only.
func TestScan_NoSubstrings(t *testing.T) {
	sc := MustSDNScanner(t)
	for _, text := range []string{
		"Jerusalem", "JERUSALEM", "Rusalka", "rusal", "Rusalian", "ArusalB", "the rusal of it",
		"Deripaskaya", "Hamza", "Bilal", "Islamic", "May", "Iran", "United Company",
	} {
		if got := scanAt(t, sc, []byte(text), 1); len(got) != 0 {
			t.Errorf("%q: got %+v, want nothing", text, got)
		}
	}
}

// TestScan_FollowUpNeedsFullMention: a surname alone is only a mention
// after the person was named in full.
func TestScan_FollowUpNeedsFullMention(t *testing.T) {
	sc := MustSDNScanner(t)
	got := scanAt(t, sc, []byte("Deripaska said. Then Oleg Deripaska left. Deripaska returned."), 2)
	if len(got) != 2 || got[0].Text != "Oleg Deripaska" || got[1].Text != "Deripaska" || got[1].Rule != textscan.RuleFollowUp {
		t.Fatalf("got %+v, want the full mention and one follow-up after it", got)
	}
}

func TestScan_InvalidUTF8(t *testing.T) {
	sc := MustSDNScanner(t)
	text := []byte("\xff\xfe\x00Oleg Deripaska\x80\xc3 and \xe2\x82Rusal\xed\xa0\x80.")
	got := scanAt(t, sc, text, 1)
	if len(got) != 2 {
		t.Fatalf("got %+v, want 2 mentions", got)
	}
	for _, m := range got {
		if string(text[m.Start:m.End]) != m.Text || !utf8.ValidString(m.Text) {
			t.Errorf("mention %q at [%d,%d): input there is %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
	}
}

// TestScanReader_ChunkBoundaries scans a text of several chunks with a
// name every few dozen bytes, through a reader returning short reads,
// and checks that every name is found once, with its offsets.
func TestScanReader_ChunkBoundaries(t *testing.T) {
	sc := MustSDNScanner(t)
	var b bytes.Buffer
	var starts []int
	fill := []string{"x", "the talks ", "in a long and winding sentence about nothing ", "ab "}
	for i := 0; b.Len() < 3<<20; i++ {
		b.WriteString(fill[i%len(fill)])
		b.WriteString(strings.Repeat(" ", i%7))
		b.WriteString(" ")
		starts = append(starts, b.Len())
		b.WriteString("Oleg Deripaska")
		b.WriteString(". ")
	}
	text := b.Bytes()
	var got []textscan.Mention
	err := sc.ScanReader(context.Background(), iotest.HalfReader(bytes.NewReader(text)), textscan.ScanOptions{Threshold: -1}, func(m textscan.Mention) error {
		got = append(got, m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(starts) {
		t.Fatalf("found %d mentions, want %d", len(got), len(starts))
	}
	for i, m := range got {
		if int(m.Start) != starts[i] || m.Text != "Oleg Deripaska" {
			t.Fatalf("mention %d: %q at %d, want at %d", i, m.Text, m.Start, starts[i])
		}
	}
	// Scan (in memory) finds the same.
	if mem := sc.Scan(text, textscan.ScanOptions{Threshold: -1}); len(mem) != len(got) {
		t.Fatalf("Scan found %d, ScanReader %d", len(mem), len(got))
	}
}

func TestScanReader_Errors(t *testing.T) {
	sc := MustSDNScanner(t)
	errRead := iotest.ErrReader(context.DeadlineExceeded)
	if err := sc.ScanReader(context.Background(), errRead, textscan.ScanOptions{}, func(textscan.Mention) error { return nil }); err == nil {
		t.Fatal("read error: got nil")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sc.ScanReader(ctx, strings.NewReader("Oleg Deripaska"), textscan.ScanOptions{}, func(textscan.Mention) error { return nil }); err == nil {
		t.Fatal("canceled: got nil")
	}
	stop := context.Canceled
	err := sc.ScanReader(context.Background(), strings.NewReader("Oleg Deripaska"), textscan.ScanOptions{Threshold: -1}, func(textscan.Mention) error { return stop })
	if err != stop {
		t.Fatalf("callback error: got %v, want %v", err, stop)
	}
}

// TestScan_Binary scans random bytes: nothing may crash, every mention
// must point into the input.
func TestScan_Binary(t *testing.T) {
	sc := MustSDNScanner(t)
	text := make([]byte, 1<<20)
	x := uint32(2463534242)
	for i := range text {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		text[i] = byte(x)
	}
	for _, m := range sc.Scan(text, textscan.ScanOptions{Threshold: 0}) {
		if m.Start < 0 || m.End > int64(len(text)) || m.Start >= m.End {
			t.Fatalf("mention %+v out of the input", m)
		}
	}
}

func FuzzScan(f *testing.F) {
	sc := MustSDNScanner(f)
	f.Add([]byte("Mr. Oleg V. Deripaska's Rusal, Олег Дерипаска, Deri-\npaska"))
	f.Add([]byte("the tanker ARTAVIL (IMO 9187629) & M/V Mar Azul"))
	f.Add([]byte("\xff\xfeO'Brien \xe2\x80\x99s Derkach's"))
	f.Fuzz(func(t *testing.T, text []byte) {
		last := int64(-1)
		for _, m := range sc.Scan(text, textscan.ScanOptions{Threshold: 0}) {
			if m.Start < 0 || m.End > int64(len(text)) || m.Start >= m.End {
				t.Fatalf("mention %+v out of the input", m)
			}
			if m.Start < last {
				t.Fatalf("mention at %d before the previous one at %d", m.Start, last)
			}
			last = m.Start
			if !utf8.ValidString(m.Text) {
				t.Fatalf("mention text %q is not valid UTF-8", m.Text)
			}
			if utf8.Valid(text[m.Start:m.End]) && string(text[m.Start:m.End]) != m.Text {
				t.Fatalf("mention %q, input there is %q", m.Text, text[m.Start:m.End])
			}
		}
	})
}

// TestScan_Concurrent scans from several goroutines at once (run with
// -race): a Scanner is read-only after Build.
func TestScan_Concurrent(t *testing.T) {
	sc := MustSDNScanner(t)
	text := MustReadFile(t, "news/rusal.txt")
	want := len(scanAt(t, sc, text, 1))
	done := make(chan int)
	for range 4 {
		go func() { done <- len(scanAt(t, sc, text, 1)) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent scan found %d mentions, want %d", got, want)
		}
	}
}

// TestScan_Allocs checks that the per-word path does not allocate: a
// megabyte of English without names costs the same few allocations as a
// sentence.
func TestScan_Allocs(t *testing.T) {
	sc := MustSDNScanner(t)
	text := bytes.Repeat([]byte("The quick brown fox, who had lived in the United States, jumps over the lazy dog's kennel. "), 12000)
	opts := textscan.ScanOptions{Threshold: -1}
	if n := len(sc.Scan(text, opts)); n != 0 {
		t.Fatalf("found %d mentions in plain English, want 0", n)
	}
	small := testing.AllocsPerRun(3, func() { sc.Scan(text[:91], opts) })
	big := testing.AllocsPerRun(3, func() { sc.Scan(text, opts) })
	if big > small+20 {
		t.Fatalf("scanning %d bytes allocates %v times, %d bytes %v times: the per-word path allocates", len(text), big, 91, small)
	}
}
