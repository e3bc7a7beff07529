package sqlstore

import (
	"io/fs"
	"sort"
	"strings"
	"testing"
	"text/template"
)

// TestMigrationsRender renders every migration for both dialects, without
// a database: a template that one dialect's file does not define fails
// here, not only where a PostgreSQL server runs the tests.
func TestMigrationsRender(t *testing.T) {
	fsys, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil || len(names) < 8 {
		t.Fatalf("migrations: %v, %v", names, err)
	}
	defined := map[string]string{}
	for _, dialect := range []string{"sqlite", "postgres"} {
		words, err := template.ParseFS(fsys, dialect+".tmpl")
		if err != nil {
			t.Fatal(err)
		}
		var defs []string
		for _, tm := range words.Templates() {
			if tm.Name() != dialect+".tmpl" {
				defs = append(defs, tm.Name())
			}
		}
		sort.Strings(defs)
		defined[dialect] = strings.Join(defs, " ")
		for _, name := range names {
			stmts, err := render(fsys, words, name)
			if err != nil {
				t.Errorf("%s: %v", dialect, err)
			} else if len(stmts) == 0 {
				t.Errorf("%s %s: no statements", dialect, name)
			}
		}
	}
	if defined["sqlite"] != defined["postgres"] {
		t.Errorf("sqlite.tmpl defines %q, postgres.tmpl %q: each must define the same words", defined["sqlite"], defined["postgres"])
	}
}
