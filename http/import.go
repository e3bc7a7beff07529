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
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/source"
)

// handleImport serves POST /api/v1/import?source=&format=&as_of=&filename=:
// imports an uploaded list as new snapshots (admin only) through the
// process's importer, whose observers reload the screening index and
// re-screen the watchlists. The body is either multipart/form-data with one
// or more files (one list: e.g. sdn.csv, alt.csv and add.csv together), or
// the raw file, named by the filename parameter (format detection uses the
// name). The snapshot's date follows package ingest: as_of, else the date
// printed in the file, else a date in the name of a single uploaded file,
// else today. The lists of one upload are stored all or none. The answer is
// one result per source, as `embargo import --json` prints them.
func (s *Server) handleImport(w nethttp.ResponseWriter, r *nethttp.Request) error {
	p := r.URL.Query()
	var forced time.Time
	if a := strings.TrimSpace(p.Get("as_of")); a != "" {
		t, err := embargo.ParseAsOf(a, false)
		if err != nil {
			return err
		}
		forced = t
	}
	dir, err := os.MkdirTemp("", "embargo-import-*")
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer os.RemoveAll(dir)
	body := nethttp.MaxBytesReader(w, r.Body, s.Config.MaxImportBytes)
	names, err := saveUpload(r, body, dir, p.Get("filename"))
	if err != nil {
		return tooLarge(err, "upload")
	}
	path := dir
	if len(names) == 1 {
		path = filepath.Join(dir, names[0])
	}
	ctx := callerContext(context.WithoutCancel(r.Context()))
	results, err := s.Importer.ImportPaths(ctx, []string{path}, source.Options{Format: p.Get("format"), Source: p.Get("source"), MaxBytes: s.Config.MaxDecompressedBytes, MaxEntities: s.Config.MaxEntities}, forced)
	var oe *ingest.ObserverError
	if errors.As(err, &oe) {
		// The lists are stored whatever the observers say: logged, and
		// monitoring catches up at the next import.
		s.logger().Error("after an import", "err", err)
	} else if err != nil {
		return relativeError(err, dir)
	}
	status := nethttp.StatusOK
	for _, res := range results {
		if !res.Unchanged {
			status = nethttp.StatusCreated
		}
		s.logger().Info("list imported", "source", res.Source, "snapshot", res.SnapshotID, "entities", res.Entities,
			"added", res.Added, "removed", res.Removed, "changed", res.Changed, "unchanged", res.Unchanged)
	}
	s.writeJSON(w, r, status, results)
	return nil
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
