// Package transport carries raft messages between the nodes of a cluster over TCP, with the
// defences a network exposed to mistakes and hostile peers needs.
//
// Each node dials one connection to every peer it sends to and accepts one from every peer
// that sends to it, so a connection carries frames in one direction only. The dialer opens
// with a hello frame naming the cluster, itself and the node it wants; the acceptor refuses
// (and logs) a connection from an unknown peer, for another node or of another cluster, and
// then accepts only message frames from the peer the hello named. Every frame is checked
// before its payload is read: magic, version, kind, zero flags, and a length within
// Config.MaxFrameSize; the payload is checked by its CRC-32C and decoded with
// raft.UnmarshalMessage. A bad frame closes its connection and nothing else: the peer
// reconnects, raft retransmits.
//
// Send never blocks: each peer has a bounded queue and a goroutine that writes it out, so a
// slow or dead peer costs dropped messages (which raft recovers from), never a stalled core.
// A peer that cannot be reached is redialled with exponential backoff and jitter, and what was
// queued for it meanwhile is dropped as stale. Config.TLS turns on TLS for both directions;
// with client certificates required on both sides it is mutual TLS.
//
// Every message frame carries the sender's vector clock as opaque bytes, which dsref's runtime
// fills with a clocks.Vector in its binary encoding (VC-7): the traces of real processes are
// then ordered by happened-before, not by wall clocks. The package leaves the bytes alone, so
// that raft/ and its subfolders import nothing outside the standard library.
//
// The wire format is in frame.go; frames are self-describing (magic, cluster, sender,
// receiver, CRC) so that a packet capture that starts in the middle of a stream can find the
// next frame with Resync and decode everything after it.
package transport
