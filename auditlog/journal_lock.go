package auditlog

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockJournal opens the journal's lock file and takes it for this process
// (see lockFile): two servers writing one journal would number records
// twice.
func lockJournal(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit journal: %w", err)
	}
	if err := lockFile(f, dir); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
