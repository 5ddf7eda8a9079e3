// Package capture records what the nodes of a real dsref cluster say to each other on the
// network, and reads it back: live capture of the peer traffic into pcap files, decoding of
// pcap and pcapng files into dsref's peer wire frames, and the checks built on them.
//
// # Capture
//
// Live opens a Linux packet socket on an interface (gopacket's pure-Go
// pcapgo.EthernetHandle: no cgo, no libpcap) with a capture length of 256 KiB and a classic
// BPF program (Filter) that keeps the TCP segments from or to the cluster's peer ports and
// drops the outgoing copy of each packet: the loopback interface shows every packet twice,
// once as it leaves and once as it arrives. Packets are written with pcapgo's nanosecond
// writer, so tcpdump, tshark and Wireshark open the file unchanged (docs/tools/dsref.lua
// dissects the frames in Wireshark). Opening the socket needs CAP_NET_RAW.
//
// # Decoding
//
// A capture is read by Reader (pcap or pcapng, gzip-compressed or not) and decoded by
// Decoder: gopacket decodes the link, IP and TCP headers, gopacket's reassembly package puts
// each TCP direction's bytes back in order (dropping retransmitted and overlapping bytes,
// waiting for out-of-order segments), and the bytes are cut into frames with the DSRF layer,
// a gopacket layer type registered for dsref's wire format (raft/transport: magic, version,
// kind, cluster, sender, receiver, length, CRC-32C, then the sender's vector clock and the
// raft message). A direction whose opening the capture missed, or that lost bytes, is
// resynchronised on the frame magic, confirmed by the CRC. Nothing is skipped silently:
// Stats counts truncated packets, missing, skipped and retransmitted bytes, corrupt frames
// and streams of other traffic, and names the packet of each of the first problems; bad
// input of any kind (a damaged file, a record longer than the snap length, a pcapng block
// that lies about its length) is an error naming the packet and its offset in the file.
// Capture.Complete says whether the capture can be trusted to hold every frame.
//
// # Validation from the wire
//
// ValidateCapture turns a complete capture into a trace of sends (BuildWireTrace: the
// frames in an order consistent with their vector clocks, grouped into the batches each node
// sent together) and asks the trace validator whether some behavior of tla/Raft.tla sends
// exactly those messages, with every node-local variable unobserved (tla/TraceRaftWire.tla).
// A Validation names the packet of the first frame no behavior explains.
//
// The validator keeps, batch by batch, the states of Raft.tla that explain the capture so far
// (its frontier). Three rules keep that set small on long captures, and none can make it
// accept a capture no behavior of the specification produces: each only narrows which
// sequences of specification steps are tried, or which of two states reached is kept, and
// every state kept is still reached by steps of Raft.tla that send exactly the captured
// frames so far (with the same checks on each frame's message and clock). Whatever the
// validator accepts, some behavior explains. What the rules could cost is the other
// direction, a capture rejected although a behavior explains it; each comes with the reason
// it loses none:
//
//   - A frame may be lost (its receiver never steps it) only when its connection broke and a
//     frame of a later connection follows it on the channel, together with the rest of its
//     connection's frames there. TCP hands a connection's bytes over in order, so a receiver
//     that read a later frame of the connection read this one; a frame nothing follows needs
//     no loss, as it may stay unhandled to the end.
//   - A request frame (a vote request, an append, a heartbeat, a TimeoutNow, a snapshot) that
//     its sender can send now, with another frame of its batch left after it, is explained at
//     once, the first receiver's first (tla/TraceRaftWire.tla EagerGroups). Those steps only
//     add their message, addressed to another node, to the network, and the frame fixes the
//     message: moving such a send before the sender's other steps of the batch reaches the
//     same state. Without it the frontier held every order of a batch's frames and its
//     sender's other steps.
//   - States are told apart by a view that leaves out the history variables and stands for
//     each node's log by its length and last term (TraceView): a capture pins the logs'
//     entries, and a fingerprint of whole logs would cost as much as the logs grow.
//
// Before the first two, a capture of 134,768 frames left thousands of states open after 248
// of its 88,962 batches; with them one or two states are open after most batches, and it
// validates to the end (README.md, "Packet capture").
//
// # Replay
//
// Replay feeds the captured messages into fresh deterministic raft cores, one per node whose
// trace is given, driven by the trace (a message handled, as many ticks as the node's core
// had taken, a client request with its data from the capture, a restart from what the
// replay persisted), and reports the first step or frame the cores do not reproduce.
//
// # Simulator schedule
//
// BuildSchedule turns a capture into a fault schedule of harness/sim (the crashes and
// restarts it shows, at times scaled to the simulator's election timeout), so that a run seen
// in the field becomes a simulated run that replays from a seed. The order of deliveries and
// the nodes' timer draws are the seed's: the simulator has no step that forces them.
//
// The protocol packages (raft/, paxos/, quorum/, clocks/) never import gopacket: only this
// harness does.
package capture
