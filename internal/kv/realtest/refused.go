package realtest

import (
	"errors"
	"syscall"
)

// isRefused reports whether a request failed because the connection was refused: nothing was
// sent, so nothing took effect.
func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
