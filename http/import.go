package http

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	nethttp "net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source"
)

func (s *Server) registerImportRoutes() {
	s.handle("POST /api/v1/import", route{role: embargo.RoleAdmin, api: true}, s.handleImport)
}

// handleImport serves POST /api/v1/import?source=&format=&as_of=&filename=:
// imports an uploaded list as new snapshots (admin only), then reloads the
// screening index. The body is either multipart/form-data with one or more
// files (one list: e.g. sdn.csv, alt.csv and add.csv together), or the raw
// file, named by the filename parameter (format detection uses the name).
// The snapshot's date is as_of, else the date printed in the file, else a
// date in the file's name, else today. The answer is one result per source,
// as `embargo import --json` prints them.
func (s *Server) handleImport(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	var forced time.Time
	if a := strings.TrimSpace(p.Get("as_of")); a != "" {
		t, err := embargo.ParseAsOf(a, false)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		forced = t
	}
	dir, err := os.MkdirTemp("", "embargo-import-*")
	if err != nil {
		s.Error(w, r, fmt.Errorf("import: %w", err))
		return
	}
	defer os.RemoveAll(dir)
	body := nethttp.MaxBytesReader(w, r.Body, s.Config.MaxImportBytes)
	names, err := saveUpload(r, body, dir, p.Get("filename"))
	var mbe *nethttp.MaxBytesError
	if errors.As(err, &mbe) {
		s.Error(w, r, embargo.Errorf(embargo.ETOOLARGE, "upload too large: the limit is %d bytes", mbe.Limit))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	path := dir
	if len(names) == 1 {
		path = filepath.Join(dir, names[0])
	}
	lists, err := source.Read(path, source.Options{Format: p.Get("format"), Source: p.Get("source"), MaxBytes: s.Config.MaxDecompressedBytes})
	if err != nil {
		s.Error(w, r, relativeError(err, dir))
		return
	}
	type job struct {
		list *embargo.ParsedList
		asOf time.Time
	}
	var jobs []job
	for _, l := range lists {
		jobs = append(jobs, job{l, snapshotDate(forced, l, names, s.now())})
	}
	sort.SliceStable(jobs, func(i, j int) bool {
		return jobs[i].list.Source == jobs[j].list.Source && jobs[i].asOf.Before(jobs[j].asOf)
	})

	// One import at a time: each ends with an index reload.
	s.importMu.Lock()
	defer s.importMu.Unlock()
	ctx := context.WithoutCancel(r.Context())
	results := make([]*embargo.ImportResult, 0, len(jobs))
	created := false
	for _, j := range jobs {
		res, err := s.Store.ImportList(ctx, j.list, j.asOf)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		results = append(results, res)
		created = created || !res.Unchanged
		s.logger().Info("list imported", "source", res.Source, "snapshot", res.SnapshotID, "entities", res.Entities,
			"added", res.Added, "removed", res.Removed, "changed", res.Changed, "unchanged", res.Unchanged)
	}
	status := nethttp.StatusOK
	if created {
		status = nethttp.StatusCreated
		if err := s.Engine.Load(ctx); err != nil {
			s.Error(w, r, fmt.Errorf("reload index: %w", err))
			return
		}
		// The lists are stored whatever monitoring says; a failure here is
		// logged, and monitoring catches up at the next import.
		for _, res := range results {
			if err := s.Monitor.OnImport(callerContext(ctx), res); err != nil {
				s.logger().Error("re-screening watchlists after an import failed", "err", err)
				break
			}
		}
	}
	s.writeJSON(w, r, status, results)
}

// saveUpload writes the request's files into dir and returns their names.
func saveUpload(r *nethttp.Request, body io.Reader, dir, filename string) ([]string, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		name, err := cleanFileName(filename, "upload")
		if err != nil {
			return nil, err
		}
		n, err := writeFile(filepath.Join(dir, name), body)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, embargo.Errorf(embargo.EINVALID, "the request body is empty: send the list file, or multipart/form-data with files")
		}
		return []string{name}, nil
	}
	mr := multipart.NewReader(body, params["boundary"])
	var names []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			var mbe *nethttp.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, err
			}
			return nil, embargo.Errorf(embargo.EINVALID, "malformed multipart body: %v", err)
		}
		if part.FileName() == "" {
			part.Close()
			continue // a plain form field
		}
		name, err := cleanFileName(part.FileName(), "")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if n == name {
				return nil, embargo.Errorf(embargo.EINVALID, "file %q sent twice", name)
			}
		}
		if _, err := writeFile(filepath.Join(dir, name), part); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, embargo.Errorf(embargo.EINVALID, "no file in the multipart body")
	}
	return names, nil
}

// cleanFileName keeps the base name of an uploaded file; path elements
// from the client never reach the file system.
func cleanFileName(name, def string) (string, error) {
	name = filepath.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "." || name == "/" || name == "" {
		if def == "" {
			return "", embargo.Errorf(embargo.EINVALID, "an uploaded file has no name")
		}
		name = def
	}
	if strings.HasPrefix(name, ".") || len(name) > 255 {
		return "", embargo.Errorf(embargo.EINVALID, "invalid file name %q", name)
	}
	return name, nil
}

func writeFile(path string, r io.Reader) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// relativeError removes the temporary directory from error messages: the
// client knows its files by their own names.
func relativeError(err error, dir string) error {
	code := embargo.ErrorCode(err)
	if code == embargo.EINTERNAL {
		return err
	}
	msg := strings.ReplaceAll(embargo.ErrorMessage(err), dir+string(filepath.Separator), "")
	return &embargo.Error{Code: code, Message: strings.ReplaceAll(msg, dir, "upload")}
}

// snapshotDate picks an imported list's date: the forced one, the list's
// own, a date in a file name, or today.
func snapshotDate(forced time.Time, l *embargo.ParsedList, names []string, now time.Time) time.Time {
	switch {
	case !forced.IsZero():
		return forced
	case !l.AsOf.IsZero():
		return l.AsOf.UTC()
	}
	for _, n := range names {
		base := strings.TrimSuffix(n, filepath.Ext(n))
		for _, part := range strings.FieldsFunc(base, func(r rune) bool { return r == '_' || r == ' ' }) {
			if t, err := embargo.ParseAsOf(part, false); err == nil {
				return t
			}
		}
		if len(base) >= 10 {
			if t, err := embargo.ParseAsOf(base[len(base)-10:], false); err == nil {
				return t
			}
		}
	}
	return now.UTC().Truncate(24 * time.Hour)
}
