package wal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"path"
	"strings"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/wal/vfs"
)

// Snapshot is a state machine snapshot with the raft metadata that goes with it.
type Snapshot struct {
	SnapshotMeta
	ConfState raft.ConfState
	Data      []byte
}

// Snapshot file layout (integers little-endian unless uvarint):
//
//	offset size field
//	0      8    magic "dsrefsnp"
//	8      1    format version (2; 1 is still read)
//	9      3    zero
//	12     4    CRC-32C of the body
//	16     8    body length
//	24     ...  body, version 2: uvarint index, uvarint term, uvarint n, n bytes of metadata:
//	            a MsgSnap in raft's wire encoding (raft.MarshalMessage) that carries the
//	            snapshot's metadata and no data, then the data (the rest of the body).
//	            Version 1: uvarint index, uvarint term, uvarint voter count, uvarint
//	            voters..., then the data.
//
// Version 2 keeps the membership in raft's own encoding, so that a snapshot file carries every
// field of raft.ConfState that raft's messages carry (voters, and whatever membership changes
// add), with no second encoding to keep in step.
const (
	snapMagic      = "dsrefsnp"
	snapHeaderSize = 24
	snapVersion    = 2
	// MaxSnapshotSize bounds a snapshot file to 4 GiB.
	MaxSnapshotSize = 4 << 30
)

func snapshotName(m SnapshotMeta) string { return fmt.Sprintf("%016x-%016x.snap", m.Term, m.Index) }

func parseSnapshotName(name string) (SnapshotMeta, bool) {
	var m SnapshotMeta
	if len(name) != 16+1+16+5 || !strings.HasSuffix(name, ".snap") {
		return m, false
	}
	if _, err := fmt.Sscanf(name, "%016x-%016x.snap", &m.Term, &m.Index); err != nil {
		return m, false
	}
	return m, snapshotName(m) == name
}

// encodeSnapshotMeta is a snapshot file's metadata: a MsgSnap that carries only m.
func encodeSnapshotMeta(m raft.SnapshotMetadata) []byte {
	return raft.MarshalMessage(raft.Message{Type: raft.MsgSnap, Snapshot: &raft.Snapshot{Metadata: m}})
}

// EncodeSnapshot returns the file content of s.
func EncodeSnapshot(s *Snapshot) []byte {
	return append(encodeSnapshotHead(s, len(s.Data)), s.Data...)
}

// encodeSnapshotHead returns the file content of s up to its data: the header, whose checksum
// and length cover the data as well, and the metadata. The data follows it in the file
// (writeSnapshot writes it from s.Data, without copying it into one buffer with the rest).
func encodeSnapshotHead(s *Snapshot, extra int) []byte {
	meta := encodeSnapshotMeta(raft.SnapshotMetadata{Index: s.Index, Term: s.Term, ConfState: s.ConfState})
	out := make([]byte, snapHeaderSize, snapHeaderSize+3*binary.MaxVarintLen64+len(meta)+extra)
	copy(out, snapMagic)
	out[8] = snapVersion
	out = binary.AppendUvarint(out, s.Index)
	out = binary.AppendUvarint(out, s.Term)
	out = binary.AppendUvarint(out, uint64(len(meta)))
	out = append(out, meta...)
	crc := crc32.Update(crc32.Checksum(out[snapHeaderSize:], crcTable), crcTable, s.Data)
	binary.LittleEndian.PutUint32(out[12:], crc)
	binary.LittleEndian.PutUint64(out[16:], uint64(len(out)-snapHeaderSize+len(s.Data)))
	return out
}

// DecodeSnapshot parses a snapshot file's content; file names it in errors.
func DecodeSnapshot(file string, b []byte) (*Snapshot, error) {
	bad := func(off int64, format string, args ...any) (*Snapshot, error) {
		return nil, &CorruptionError{File: file, Offset: off, Reason: fmt.Sprintf(format, args...)}
	}
	if len(b) < snapHeaderSize {
		return bad(0, "truncated: %d bytes, the header alone takes %d", len(b), snapHeaderSize)
	}
	if string(b[:8]) != snapMagic {
		return bad(0, "not a snapshot file (bad magic %q)", b[:8])
	}
	version := b[8]
	if version != 1 && version != snapVersion {
		return bad(8, "unsupported format version %d (want 1 or %d)", version, snapVersion)
	}
	if !allZero(b[9:12]) {
		return bad(9, "reserved header bytes are not zero")
	}
	n := binary.LittleEndian.Uint64(b[16:])
	if have := uint64(len(b) - snapHeaderSize); n != have {
		if n > have {
			return bad(int64(len(b)), "truncated: the header announces a %d-byte body, the file holds %d", n, have)
		}
		return bad(int64(snapHeaderSize+n), "%d bytes after the %d-byte body", have-n, n)
	}
	body := b[snapHeaderSize:]
	if want, got := binary.LittleEndian.Uint32(b[12:]), crc32.Checksum(body, crcTable); want != got {
		return bad(snapHeaderSize, "checksum mismatch: stored %#08x, computed %#08x", want, got)
	}
	r := payloadReader{b: body}
	s := &Snapshot{SnapshotMeta: SnapshotMeta{Index: r.uvarint("index"), Term: r.uvarint("term")}}
	if version == 1 {
		count := r.uvarint("voter count")
		if r.err == "" && count > uint64(len(body)-r.off) {
			return bad(snapHeaderSize+int64(r.off), "voter count %d exceeds the remaining %d bytes", count, len(body)-r.off)
		}
		for i := uint64(0); i < count && r.err == ""; i++ {
			s.ConfState.Voters = append(s.ConfState.Voters, r.uvarint("voter"))
		}
	} else {
		n := r.uvarint("metadata length")
		if r.err == "" && n > uint64(len(body)-r.off) {
			return bad(snapHeaderSize+int64(r.off), "metadata length %d exceeds the remaining %d bytes", n, len(body)-r.off)
		}
		if r.err == "" {
			at := snapHeaderSize + int64(r.off)
			raw := body[r.off : r.off+int(n)]
			m, err := raft.UnmarshalMessage(raw)
			switch {
			case err != nil:
				return bad(at, "metadata: %v", err)
			case m.Type != raft.MsgSnap || m.Snapshot == nil:
				return bad(at, "metadata: a %v, not a MsgSnap with the snapshot's metadata", m.Type)
			case m.Snapshot.Metadata.Index != s.Index || m.Snapshot.Metadata.Term != s.Term:
				return bad(at, "metadata: index %d, term %d disagree with the file's %d, %d",
					m.Snapshot.Metadata.Index, m.Snapshot.Metadata.Term, s.Index, s.Term)
			case !bytes.Equal(encodeSnapshotMeta(m.Snapshot.Metadata), raw):
				return bad(at, "metadata: the MsgSnap carries more than the snapshot's metadata")
			}
			s.ConfState = m.Snapshot.Metadata.ConfState
			r.off += int(n)
		}
	}
	if r.err != "" {
		return bad(snapHeaderSize+int64(r.off), "%s", r.err)
	}
	if r.off < len(body) {
		s.Data = append([]byte(nil), body[r.off:]...)
	}
	return s, nil
}

// writeSnapshot writes s durably: a temporary file, synced, renamed, directory synced.
func writeSnapshot(fsys vfs.FS, dir string, s *Snapshot) error {
	head := encodeSnapshotHead(s, 0)
	if size := len(head) + len(s.Data); size > MaxSnapshotSize {
		return fmt.Errorf("wal: snapshot of %d bytes exceeds the limit %d", size, MaxSnapshotSize)
	}
	name := path.Join(dir, snapshotName(s.SnapshotMeta))
	tmp := name + ".tmp"
	if err := fsys.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := fsys.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.WriteAt(head, 0)
	if err == nil {
		_, err = f.WriteAt(s.Data, int64(len(head)))
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fsys.Rename(tmp, name)
	}
	if err != nil {
		fsys.Remove(tmp)
		return err
	}
	return fsys.SyncDir(dir)
}

func readSnapshot(fsys vfs.FS, file string) (*Snapshot, error) {
	b, err := fsys.ReadFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &CorruptionError{File: file, Offset: -1, Reason: "the log has a marker for this snapshot but the file is missing"}
		}
		return nil, err
	}
	return DecodeSnapshot(file, b)
}

// listSnapshots returns the snapshot files in dir, oldest first, removing leftover temporary
// files.
func listSnapshots(fsys vfs.FS, dir string) ([]SnapshotMeta, error) {
	names, err := fsys.List(dir)
	if err != nil {
		return nil, err
	}
	var out []SnapshotMeta
	for _, n := range names {
		if strings.HasSuffix(n, ".tmp") {
			if err := fsys.Remove(path.Join(dir, n)); err != nil {
				return nil, err
			}
			continue
		}
		if m, ok := parseSnapshotName(n); ok {
			out = append(out, m)
		}
	}
	// Names sort by term first; order by index, which is what "newest" means.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Index < out[j-1].Index; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// pruneSnapshotsBelow deletes the snapshot files older than index.
func pruneSnapshotsBelow(fsys vfs.FS, dir string, index uint64) error {
	snaps, err := listSnapshots(fsys, dir)
	if err != nil {
		return err
	}
	removed := false
	for _, m := range snaps {
		if m.Index >= index {
			continue
		}
		if err := fsys.Remove(path.Join(dir, snapshotName(m))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed = true
	}
	if !removed {
		return nil
	}
	return fsys.SyncDir(dir)
}
