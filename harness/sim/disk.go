package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// ErrDiskCrashed is returned by every Disk operation after the node crashed in the middle of a write.
var ErrDiskCrashed = errors.New("disk: node crashed during I/O")

// Disk is a node's simulated disk: an append-only log of records. Append only buffers a record, as
// a write to the page cache does; Sync makes every buffered record durable. A crash (Crash) loses
// everything not yet synced. A crash in the middle of I/O (ArmCrash) may additionally leave the
// first unsynced record torn (cut short) or corrupted (a flipped bit) on the platter; each record
// carries a length and a CRC-32C, so Records stops at the first record that does not verify, exactly
// as a real write-ahead log's recovery does.
//
// The disk outlives node incarnations: the simulator hands the same Disk to a restarted node.
type Disk struct {
	durable []byte // bytes on the platter
	pending []byte // bytes written but not yet synced
	// armed is set by ArmCrash: the next Sync fails, persisting a damaged prefix of pending.
	armed  bool
	damage DiskDamage
	dead   bool
	// records are the durable records Records found so far, up to byte parsed of durable:
	// durable bytes never change once synced, so a restart parses only what was synced since.
	records [][]byte
	parsed  int

	Writes, Syncs int // counters, for tests and the event log
}

// DiskDamage says what a crash during I/O leaves of the unsynced bytes.
type DiskDamage int

const (
	// DamageLost: unsynced bytes vanish entirely.
	DamageLost DiskDamage = iota
	// DamageTorn: a prefix of the first unsynced record reaches the platter.
	DamageTorn
	// DamageCorrupt: the first unsynced record reaches the platter with one bit flipped.
	DamageCorrupt
)

func (d DiskDamage) String() string {
	switch d {
	case DamageLost:
		return "lost"
	case DamageTorn:
		return "torn"
	case DamageCorrupt:
		return "corrupt"
	}
	return fmt.Sprintf("DiskDamage(%d)", int(d))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const recordHeader = 8 // uint32 length + uint32 CRC-32C

// Append buffers one record. It is not durable until Sync returns nil.
func (d *Disk) Append(record []byte) error {
	if d.dead {
		return ErrDiskCrashed
	}
	var hdr [recordHeader]byte
	binary.LittleEndian.PutUint32(hdr[0:4], uint32(len(record)))
	binary.LittleEndian.PutUint32(hdr[4:8], crc32.Checksum(record, castagnoli))
	d.pending = append(d.pending, hdr[:]...)
	d.pending = append(d.pending, record...)
	d.Writes++
	return nil
}

// Sync makes every appended record durable, unless a crash was armed: then the node dies in the
// middle of the fsync and the damage chosen by ArmCrash is applied.
func (d *Disk) Sync() error {
	if d.dead {
		return ErrDiskCrashed
	}
	if d.armed {
		d.armed = false
		d.dead = true
		d.applyDamage()
		return ErrDiskCrashed
	}
	d.durable = append(d.durable, d.pending...)
	d.pending = d.pending[:0]
	d.Syncs++
	return nil
}

func (d *Disk) applyDamage() {
	if len(d.pending) < recordHeader {
		d.pending = d.pending[:0]
		return
	}
	first := recordHeader + int(binary.LittleEndian.Uint32(d.pending[0:4]))
	switch d.damage {
	case DamageTorn:
		// Keep the header and part of the body: the length no longer matches what is there.
		cut := recordHeader + (first-recordHeader)/2
		d.durable = append(d.durable, d.pending[:cut]...)
	case DamageCorrupt:
		rec := append([]byte(nil), d.pending[:first]...)
		rec[len(rec)-1] ^= 0x10 // flip a bit in the body (or the CRC if the body is empty)
		d.durable = append(d.durable, rec...)
	}
	d.pending = d.pending[:0]
}

// ArmCrash makes the next Sync fail as if the node lost power during it, leaving damage behind.
func (d *Disk) ArmCrash(damage DiskDamage) {
	d.armed = true
	d.damage = damage
}

// Crash discards every unsynced write, as a power loss does, and readies the disk for the next
// incarnation of the node.
func (d *Disk) Crash() {
	d.pending = d.pending[:0]
	d.armed = false
	d.dead = false
}

// Records returns the durable records in order; callers must not modify them. Recovery stops at
// the first record that is cut short or fails its checksum; that tail is truncated away (it can
// only be the remains of a write that was never acknowledged as synced) and reported in
// discarded.
func (d *Disk) Records() (records [][]byte, discarded int, err error) {
	if d.dead {
		return nil, 0, ErrDiskCrashed
	}
	b := d.durable
	off := d.parsed
	records = d.records
	for off < len(b) {
		if len(b)-off < recordHeader {
			break
		}
		n := int(binary.LittleEndian.Uint32(b[off : off+4]))
		sum := binary.LittleEndian.Uint32(b[off+4 : off+8])
		if n > len(b)-off-recordHeader {
			break
		}
		body := b[off+recordHeader : off+recordHeader+n]
		if crc32.Checksum(body, castagnoli) != sum {
			break
		}
		records = append(records, body)
		off += recordHeader + n
	}
	discarded = len(b) - off
	d.durable = d.durable[:off]
	d.records, d.parsed = records, off
	return records[:len(records):len(records)], discarded, nil
}

// Rewrite replaces the durable contents with the given records, synced; nodes use it to compact
// their log (it models writing a new file and renaming it over the old one, which is atomic).
func (d *Disk) Rewrite(records [][]byte) error {
	if d.dead {
		return ErrDiskCrashed
	}
	d.durable = nil // not [:0]: records handed out still point into the old bytes
	d.pending = d.pending[:0]
	d.records, d.parsed = nil, 0
	for _, r := range records {
		if err := d.Append(r); err != nil {
			return err
		}
	}
	d.durable = append(d.durable, d.pending...)
	d.pending = d.pending[:0]
	d.Syncs++
	return nil
}

// Size is the number of durable bytes.
func (d *Disk) Size() int { return len(d.durable) }
