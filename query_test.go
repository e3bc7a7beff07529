package embargo_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

func TestQuery_Validate(t *testing.T) {
	for _, c := range []struct {
		name string
		q    embargo.Query
		want string // part of the error message; "" for none
	}{
		{"name only", embargo.Query{Name: "Oleg Deripaska"}, ""},
		{"everything", embargo.Query{Name: "Oleg Deripaska", Schema: "individual", BirthDate: "1968-01-02", Country: "RU"}, ""},
		{"empty name", embargo.Query{}, "name is required"},
		{"spaces only", embargo.Query{Name: "  \t"}, "name is required"},
		{"too long", embargo.Query{Name: strings.Repeat("a", embargo.MaxQueryLen+1)}, "longer than 1000 characters"},
		{"longest", embargo.Query{Name: strings.Repeat("é", embargo.MaxQueryLen)}, ""},
		{"invalid UTF-8", embargo.Query{Name: "Oleg \xff"}, "not valid UTF-8"},
		{"control characters only", embargo.Query{Name: "\x00\x01\t"}, "no printable characters"},
		{"unknown type", embargo.Query{Name: "x", Schema: "planet"}, `unknown type "planet"`},
		{"invalid date of birth", embargo.Query{Name: "x", BirthDate: "sometime"}, `date of birth "sometime"`},
		{"country name", embargo.Query{Name: "x", Country: "Russia"}, ""},
		{"unknown country", embargo.Query{Name: "x", Country: "Narnia"}, `unknown country "Narnia"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.q.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("Validate()=%v, want nil", err)
			case c.want != "" && (embargo.ErrorCode(err) != embargo.EINVALID || !strings.Contains(embargo.ErrorMessage(err), c.want)):
				t.Fatalf("Validate()=%v (code %q), want EINVALID with %q", err, embargo.ErrorCode(err), c.want)
			}
		})
	}
	// The name alone: what the matcher checks of batch rows.
	if err := (embargo.Query{Name: "x", BirthDate: "sometime"}).ValidateName(); err != nil {
		t.Fatalf("ValidateName with an invalid date of birth: %v, want nil", err)
	}
}

func TestQuery_Validate_BirthDate(t *testing.T) {
	for _, c := range []struct {
		dob string
		ok  bool
	}{
		{"", true}, // none given
		{"1968", true},
		{"1968-01", true},
		{"1968-01-02", true},
		{"1960..1965", true},
		{"1960-05..1965-02-28", true},
		{"2000-02-29", true},
		{"1900-02-29", false}, // not a leap year
		{"1968-02-30", false},
		{"1968-13", false},
		{"1968-00-05", false},
		{"68-01-02", false},
		{"02.01.1968", false},
		{"yesterday", false},
		{"1968-1-2-3", false},
		{"1960..", false},
		{"0000", false},
	} {
		err := embargo.Query{Name: "x", BirthDate: c.dob}.Validate()
		if (err == nil) != c.ok {
			t.Errorf("Validate(dob %q) = %v, want ok %v", c.dob, err, c.ok)
		} else if err != nil && embargo.ErrorCode(err) != embargo.EINVALID {
			t.Errorf("Validate(dob %q): code %s, want invalid", c.dob, embargo.ErrorCode(err))
		}
	}
}
