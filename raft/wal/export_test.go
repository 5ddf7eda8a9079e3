package wal

// SetReadChunk sets how much recovery reads at a time and returns a function that restores it.
func SetReadChunk(n int) (restore func()) {
	old := readChunk
	readChunk = n
	return func() { readChunk = old }
}
