// Package wal is a durable write-ahead log for package raft: it stores the hard states,
// entries and snapshots of a node's Readys so that a restarted node finds everything it
// acknowledged, and it says exactly what went wrong when a disk did not keep its promises.
//
// # Files
//
// A log lives in a directory: segment files in dir/wal, named
// <sequence number>-<first index>.wal in 16 hex digits each, and snapshot files in dir/snap,
// named <term>-<index>.snap. A segment is preallocated (fallocate) to Options.SegmentSize so
// that fdatasync need not update its size, and the log keeps the 4 MiB ahead of its last
// record written with zeros, so that fdatasync need not commit the conversion of unwritten
// blocks either (an ext4 journal commit). It holds length-prefixed records, each protected
// by a CRC-32C (Castagnoli) over its header and payload; see record.go for the layout. The
// first batch of every segment is its header record followed by the hard state and snapshot
// marker current when the segment was cut, so that older segments can be deleted (Release)
// without losing them. A new segment is written under a temporary name, synced, renamed and
// its directory synced before anything is written to it; so is a snapshot file, and only then
// is its marker logged.
//
// # Batches and group commit
//
// SaveBatch appends one batch: what one Ready persists (an installed snapshot's marker, the
// hard state, the entries) and, optionally, opaque trace records of the steps that produced it,
// so that a node's trace is exactly as durable as its state (Options.ReadTrace returns them at
// recovery). Recovery applies whole batches only, so a Ready is persisted entirely or not at
// all. Save is SaveBatch without a snapshot or trace. Flush writes the saved batches to the
// files without an fsync: they then survive the process being killed, not the machine failing. Sync makes every batch saved
// before it durable; callers that arrive while another Sync is writing wait for it, and the
// next one writes and syncs all their batches with one fdatasync (group commit). A failed
// write or fsync poisons the log: the page cache may have dropped the data, so retrying the
// fsync could report success for data that is gone.
//
// # Recovery
//
// Open replays the segments in order. Damage in the last segment that a crash can explain is
// a torn tail: Open truncates it, zeroes the space again, syncs, and reports it in
// State.TornTail. Everything else is a *CorruptionError naming the file and the offset:
// damage in an earlier segment, a missing segment, a gap in the entries, a damaged or missing
// snapshot file. To tell the two apart, every record carries the offset below which its
// segment was durable when the record was written; damage at an offset that a later record
// proves durable cannot be a torn write. (Damage to the very last synced batch, with nothing
// written after it, looks exactly like a torn write of that batch and is reported as one.)
// Recovery reads each segment forward through a 1 MiB window, so its memory is the window,
// the largest batch and the recovered entries; entries older than the newest snapshot file cost
// 8 bytes each (their term) until its marker is read, and their data is never copied. Open locks the directory (flock on Linux) so that two processes never write one log.
//
// # Snapshots and Storage
//
// SaveSnapshot logs a snapshot of the node's own state machine (the log keeps the entries
// after it); a snapshot installed from a leader goes in a batch (Batch.Snapshot) and replaces
// the whole log. Either way its file is durable before its marker is logged, and Release
// deletes only segments that a durable marker covers. Storage is a raft.Storage on top of a
// log: it keeps the newest snapshot and the entries after the compaction point in memory
// (raft.MemoryStorage), writes each Ready as one batch, and CreateSnapshot makes a snapshot
// durable, compacts, and releases the segments it covers; a restarted node reads the newest
// snapshot and the entries after it, never the released history.
//
// Package vfs supplies the file system: the real one, and an in-memory one with a crash model
// (unsynced writes dropped, torn at any byte, persisted out of order; bits flipped) against
// which TestCrashAtEveryStep crashes a scripted workload at every file-system call and checks
// that every acknowledged batch survives.
//
// The requirements this implements are RAFT-PERSIST-1 and RAFT-WAL-1..3 of spec/raft.md: a
// node persists its term, vote and log before it answers, and recovers all it acknowledged.
package wal
