package monitor_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/monitor"
)

func TestReadCustomers(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string // id|name|type|dob|country|identifiers
	}{
		{"csv", "id,name,type,dob,country\n1,Jane Roe,person,1980-02-03,GB\n2,Acme Ltd,entity,,CY\n",
			[]string{"1|Jane Roe|person|1980-02-03|GB|", "2|Acme Ltd|organization||CY|"}},
		{"csv columns in any order, extra ones ignored", "Name,ID,segment\nJane Roe,7,retail\n",
			[]string{"7|Jane Roe||||"}},
		{"csv with byte order mark and identifiers", "\ufeffid,name,identifiers\n1,Jane Roe,passport:X123:GB; tax_id:99 ;AB-1\n",
			[]string{"1|Jane Roe||||passport:X123:GB tax_id:99: other:AB-1:"}},
		{"csv blank lines", "id,name\n\n1,  Jane   Roe \n\n",
			[]string{"1|Jane Roe||||"}},
		{"json lines, numeric id", `{"id": 12, "name": "Jane Roe", "type": "individual", "identifiers": [{"type": "passport", "value": "X1"}]}` + "\n\n" + `{"id": "a-2", "name": "Ship One", "type": "vessel"}`,
			[]string{"12|Jane Roe|person|||passport:X1:", "a-2|Ship One|vessel|||"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := monitor.ReadCustomers(strings.NewReader(tt.in), "in", "l")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				if c.List != "l" {
					t.Errorf("list %q, want l", c.List)
				}
				var ids []string
				for _, id := range c.Identifiers {
					ids = append(ids, id.Type+":"+id.Value+":"+id.Country)
				}
				got = append(got, strings.Join([]string{c.ID, c.Name, string(c.Schema), c.BirthDate, c.Country, strings.Join(ids, " ")}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestReadCustomers_Errors(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
		line           int
	}{
		{"empty", "", "no customers", 0},
		{"header only", "id,name\n", "no customers", 0},
		{"no id column", "name,dob\nJane,1980\n", `no "id" column`, 1},
		{"missing name", "id,name\n1,Jane\n2,\n", "name required", 3},
		{"missing id", "id,name\n,Jane\n", "id required", 2},
		{"bad type", "id,name,type\n1,Jane,alien\n", `type "alien"`, 2},
		{"bad identifier", "id,name,identifiers\n1,Jane,a:b:c:d\n", "identifier", 2},
		{"broken quote", "id,name\n1,\"Jane\n", "quote", 2},
		{"bad json", `{"id": 1, "name": "Jane"}` + "\n{\"id\": 2,\n", "invalid JSON", 2},
		{"unknown field", `{"id": 1, "nmae": "Jane"}`, "unknown field", 1},
		{"id object", `{"id": {"a": 1}, "name": "Jane"}`, "id: want", 1},
		{"invalid utf-8", "{\"id\": 1, \"name\": \"J\xe9r\xf4me\"}", "UTF-8", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := monitor.ReadCustomers(strings.NewReader(tt.in), "in.csv", "l")
			var pe *embargo.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a ParseError", err)
			}
			if !strings.Contains(pe.Msg, tt.want) || pe.Line != tt.line || pe.File != "in.csv" {
				t.Fatalf("err = %q (line %d), want %q at line %d", err, pe.Line, tt.want, tt.line)
			}
			if embargo.ErrorCode(err) != embargo.EINVALID {
				t.Fatalf("code %s, want EINVALID", embargo.ErrorCode(err))
			}
		})
	}
}
