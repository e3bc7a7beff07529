//go:build unix

package auditlog

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/embargo-dev/embargo"
)

// lockFile takes f, the lock file of the journal in dir, for this process.
// The lock goes with the process, however it ends.
func lockFile(f *os.File, dir string) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return embargo.Errorf(embargo.ECONFLICT, "audit journal %s is in use by another process: give each server its own --audit-journal", dir)
		}
		return fmt.Errorf("audit journal %s: lock: %w", dir, err)
	}
	return nil
}
