//go:build unix

package auditlog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/embargo-dev/embargo"
)

// lockJournal takes the journal directory for this process: two servers
// writing one journal would number records twice. The lock goes with the
// process, however it ends.
func lockJournal(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit journal: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, embargo.Errorf(embargo.ECONFLICT, "audit journal %s is in use by another process: give each server its own --audit-journal", dir)
		}
		return nil, fmt.Errorf("audit journal %s: lock: %w", dir, err)
	}
	return f, nil
}
