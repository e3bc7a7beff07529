//go:build !unix

package auditlog

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockJournal opens the journal's lock file; without flock, two servers
// sharing one journal are not detected here.
func lockJournal(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit journal: %w", err)
	}
	return f, nil
}
