package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dsref/dsref/internal/kv"
)

func init() {
	register(&command{
		name: "kv", summary: "run or query a replicated key-value store on real raft nodes",
		args: "COMMAND [flags] [ARGS]", minArgs: 1, maxArgs: -1,
		doc: kvUsage + `
Each node keeps a write-ahead log (fsync before answering) in its data directory, talks to its
peers over TCP (framed, CRC-checked, with the sender's vector clock on every message) and serves
the client API on loopback. Exit status: 0 on success (serve and local: after Ctrl-C), 1 when a
request fails or a node cannot start, 2 on bad usage.`,
		setup: func(fs *flag.FlagSet) func(*invocation) int {
			return func(inv *invocation) int { return runKV(inv) }
		},
	})
}

const kvUsage = `Commands:

  serve   -id N -cluster 1=host:port,2=host:port,...   run one node
  local   [-nodes 3] [-base-port 7001]                  run a whole cluster of processes on loopback
  get     [-addr URL] key                               linearizable read (ReadIndex)
  put     [-addr URL] key value
  delete  [-addr URL] key
  cas     [-addr URL] [-absent] key old new             compare-and-swap (-absent: only if key has no value)
  status  [-addr URL]
  merge-traces [-o FILE] TRACE...                      merge per-node traces (-trace) into one,
                                                        ordered by their vector clocks

Clients talk HTTP/JSON to a node's client address (default peer port + 1000, e.g. 8001).
Run "dsref kv COMMAND -h" for a command's flags.
`

func runKV(inv *invocation) int {
	args, stdout, stderr := inv.args, inv.stdout, inv.stderr
	switch args[0] {
	case "serve":
		return kvServe(args[1:], stdout, stderr)
	case "local":
		return kvLocal(args[1:], stdout, stderr)
	case "get", "put", "delete", "cas", "status":
		return kvClient(args[0], args[1:], stdout, stderr)
	case "merge-traces":
		return kvMergeTraces(args[1:], stdout, stderr)
	}
	return inv.usageError("unknown command %q (want serve, local, get, put, delete, cas, status or merge-traces)", args[0])
}

// kvFlags returns a flag set for a kv command that prints its usage to stdout on -h and its
// errors to stderr.
func kvFlags(name, args string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("dsref kv "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: dsref kv %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseKV parses a kv command's flags: -h prints the usage to stdout (exit 0), an error prints
// it to stderr (exit 2).
func parseKV(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, false
	}
	if err != nil {
		return exitUsage, false
	}
	return 0, true
}

func kvServe(args []string, stdout, stderr io.Writer) int {
	fs := kvFlags("serve", "", stdout, stderr)
	id := fs.Uint64("id", 0, "this node's ID (a member of -cluster)")
	cluster := fs.String("cluster", "", "every member as id=host:port (peer addresses), comma-separated")
	clusterID := fs.Uint64("cluster-id", 1, "cluster ID carried by every peer frame; frames of another cluster are rejected")
	httpAddr := fs.String("http", "", "client API address (default: the peer host, peer port + 1000)")
	data := fs.String("data", "", "data directory (default: ./dsref-kv-<id>)")
	trace := fs.String("trace", "", "append the node's trace events (NDJSON with vector clocks) to this file")
	tick := fs.Duration("tick", 10*time.Millisecond, "raft tick")
	election := fs.Int("election-ticks", 30, "election timeout in ticks")
	timeout := fs.Duration("timeout", 3*time.Second, "client request timeout")
	nosync := fs.Bool("nosync", false, "never fsync (measuring only: a crash loses acknowledged writes)")
	snapEvery := fs.Int("snapshot-entries", kv.DefaultSnapshotEntries, "snapshot the store and compact the log every this many applied entries (-1: never)")
	snapChunk := fs.Uint64("snapshot-chunk", 0, "bytes of snapshot data per InstallSnapshot message to a lagging follower (0: 1 MiB)")
	asyncWrites := fs.Bool("async-writes", false, "persist through raft's AsyncStorageWrites: messages to peers leave before this node's own write is durable")
	tlsCert := fs.String("peer-cert", "", "PEM certificate for peer mutual TLS (with -peer-key and -peer-ca)")
	tlsKey := fs.String("peer-key", "", "PEM private key for peer mutual TLS")
	tlsCA := fs.String("peer-ca", "", "PEM CA certificate that signs every peer's certificate")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if code, ok := parseKV(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dsref kv serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *snapEvery == 0 || *snapEvery < -1 {
		fmt.Fprintf(stderr, "dsref kv serve: -snapshot-entries %d: want a positive count, or -1 for never\n", *snapEvery)
		return 2
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "dsref kv serve: -log-level %q: %v\n", *level, err)
		return 2
	}
	peers, err := kv.ParseCluster(*cluster)
	if err != nil {
		fmt.Fprintf(stderr, "dsref kv serve: %v\n", err)
		return 2
	}
	cfg := kv.Config{ID: *id, ClusterID: *clusterID, Peers: peers, HTTPAddr: *httpAddr, DataDir: *data,
		Tick: *tick, ElectionTicks: *election, RequestTimeout: *timeout, TracePath: *trace, NoSync: *nosync,
		SnapshotEntries: *snapEvery, SnapshotChunk: *snapChunk, AsyncWrites: *asyncWrites,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))}
	if _, ok := peers[*id]; !ok || *id == 0 {
		fmt.Fprintf(stderr, "dsref kv serve: -id %d is not a member of -cluster %s\n", *id, *cluster)
		return 2
	}
	if cfg.HTTPAddr == "" {
		if cfg.HTTPAddr, err = kv.DefaultHTTPAddr(peers[*id]); err != nil {
			fmt.Fprintf(stderr, "dsref kv serve: %v; set -http\n", err)
			return 2
		}
	}
	if cfg.DataDir == "" {
		cfg.DataDir = fmt.Sprintf("dsref-kv-%d", *id)
	}
	if *tlsCert != "" || *tlsKey != "" || *tlsCA != "" {
		if cfg.PeerTLS, err = kv.LoadMutualTLS(*tlsCert, *tlsKey, *tlsCA); err != nil {
			fmt.Fprintf(stderr, "dsref kv serve: %v\n", err)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := kv.Run(ctx, cfg); err != nil {
		fmt.Fprintf(stderr, "dsref kv serve: %v\n", err)
		return 1
	}
	return 0
}

func kvLocal(args []string, stdout, stderr io.Writer) int {
	fs := kvFlags("local", "", stdout, stderr)
	nodes := fs.Int("nodes", 3, "number of nodes")
	basePort := fs.Int("base-port", 7001, "peer port of node 1; node i uses base-port+i-1, its client API that plus 1000")
	dir := fs.String("dir", "", "data directory (default: a new temporary directory)")
	traces := fs.Bool("trace", false, "write each node's trace to <dir>/node-<id>.ndjson")
	if code, ok := parseKV(fs, args, stdout); !ok {
		return code
	}
	if *nodes < 1 || *nodes > 9 {
		fmt.Fprintf(stderr, "dsref kv local: -nodes %d: want 1 to 9\n", *nodes)
		return 2
	}
	if *basePort < 1 || *basePort+*nodes-1+1000 > 65535 {
		fmt.Fprintf(stderr, "dsref kv local: -base-port %d leaves no room for %d nodes and their client ports\n", *basePort, *nodes)
		return 2
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "dsref-kv-local-")
		if err != nil {
			fmt.Fprintf(stderr, "dsref kv local: %v\n", err)
			return 1
		}
		*dir = d
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "dsref kv local: %v\n", err)
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "dsref kv local: %v\n", err)
		return 1
	}
	peers := map[uint64]string{}
	for i := 1; i <= *nodes; i++ {
		peers[uint64(i)] = net.JoinHostPort("127.0.0.1", strconv.Itoa(*basePort+i-1))
	}
	cluster := kv.FormatCluster(peers)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var procs []*exec.Cmd
	defer func() {
		for _, p := range procs {
			p.Process.Signal(syscall.SIGTERM)
		}
		for _, p := range procs {
			p.Wait()
		}
	}()
	var addrs, cmdlines []string
	for i := 1; i <= *nodes; i++ {
		nodeArgs := []string{"kv", "serve", "-id", strconv.Itoa(i), "-cluster", cluster, "-data", filepath.Join(*dir, fmt.Sprintf("node-%d", i))}
		if *traces {
			nodeArgs = append(nodeArgs, "-trace", filepath.Join(*dir, fmt.Sprintf("node-%d.ndjson", i)))
		}
		cmd := exec.Command(exe, nodeArgs...)
		logf, err := os.Create(filepath.Join(*dir, fmt.Sprintf("node-%d.log", i)))
		if err != nil {
			fmt.Fprintf(stderr, "dsref kv local: %v\n", err)
			return 1
		}
		defer logf.Close()
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(stderr, "dsref kv local: starting node %d: %v\n", i, err)
			return 1
		}
		procs = append(procs, cmd)
		cmdlines = append(cmdlines, "dsref "+strings.Join(nodeArgs, " "))
		httpAddr, _ := kv.DefaultHTTPAddr(peers[uint64(i)])
		addrs = append(addrs, "http://"+httpAddr)
	}
	fmt.Fprintf(stdout, "started %d nodes (cluster %s)\ndata and logs in %s\n", *nodes, cluster, *dir)
	for i, a := range addrs {
		fmt.Fprintf(stdout, "  node %d: client API %s  (pid %d)\n    restart with: %s\n", i+1, a, procs[i].Process.Pid, cmdlines[i])
	}
	fmt.Fprintf(stdout, "try: dsref kv put -addr %s greeting hello && dsref kv get -addr %s greeting\nCtrl-C stops the cluster.\n", addrs[0], addrs[len(addrs)-1])
	exited := make(chan int, len(procs))
	for i, p := range procs {
		go func() { p.Wait(); exited <- i + 1 }()
	}
	// A node that dies (kill -9, a crash) is reported, not restarted: run its line again to
	// watch it recover. The cluster stops on Ctrl-C, or when every node is gone.
	for alive := len(procs); alive > 0; {
		select {
		case <-ctx.Done():
			fmt.Fprintln(stdout, "stopping")
			return 0
		case id := <-exited:
			alive--
			fmt.Fprintf(stdout, "node %d exited (%s); log %s; restart it with: %s\n", id, procs[id-1].ProcessState,
				filepath.Join(*dir, fmt.Sprintf("node-%d.log", id)), cmdlines[id-1])
		}
	}
	fmt.Fprintln(stderr, "dsref kv: local: every node exited")
	return 1
}

func kvClient(op string, args []string, stdout, stderr io.Writer) int {
	fs := kvFlags(op, map[string]string{"get": "KEY", "put": "KEY VALUE", "delete": "KEY", "cas": "KEY OLD NEW (with -absent: KEY NEW)", "status": ""}[op], stdout, stderr)
	def := os.Getenv("DSREF_KV_ADDR")
	if def == "" {
		def = "http://127.0.0.1:8001"
	}
	addr := fs.String("addr", def, "the node's client API URL (or set DSREF_KV_ADDR)")
	timeout := fs.Duration("timeout", 5*time.Second, "request timeout")
	absent := fs.Bool("absent", false, "cas: swap only if the key has no value (then give only key and new)")
	if code, ok := parseKV(fs, args, stdout); !ok {
		return code
	}
	want := map[string]int{"get": 1, "put": 2, "delete": 1, "cas": 3, "status": 0}[op]
	if op == "cas" && *absent {
		want = 2
	}
	if fs.NArg() != want {
		fmt.Fprintf(stderr, "dsref kv %s: want %d arguments, got %d\n", op, want, fs.NArg())
		fs.Usage()
		return 2
	}
	if !strings.HasPrefix(*addr, "http://") && !strings.HasPrefix(*addr, "https://") {
		*addr = "http://" + *addr
	}
	c := &kv.Client{Base: *addr}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	a := fs.Args()
	var (
		out any
		err error
	)
	switch op {
	case "get":
		out, err = c.Get(ctx, a[0])
	case "put":
		out, err = c.Put(ctx, a[0], a[1])
	case "delete":
		out, err = c.Delete(ctx, a[0])
	case "cas":
		if *absent {
			out, err = c.CAS(ctx, a[0], "", true, a[1])
		} else {
			out, err = c.CAS(ctx, a[0], a[1], false, a[2])
		}
	case "status":
		out, err = c.Status(ctx)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dsref kv %s: %v\n", op, err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.Encode(out)
	return 0
}

func kvMergeTraces(args []string, stdout, stderr io.Writer) int {
	fs := kvFlags("merge-traces", "TRACE...", stdout, stderr)
	out := fs.String("o", "", "write the merged trace to this file (default: standard output)")
	if code, ok := parseKV(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "dsref kv merge-traces: want at least one trace file")
		fs.Usage()
		return 2
	}
	var traces [][]byte
	nodes := map[uint64]bool{}
	for _, name := range fs.Args() {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "dsref kv merge-traces: %v\n", err)
			return 1
		}
		ids, err := kv.TraceNodes(b)
		if err != nil {
			fmt.Fprintf(stderr, "dsref kv merge-traces: %s: %v\n", name, err)
			return 1
		}
		for _, id := range ids {
			nodes[id] = true
		}
		traces = append(traces, b)
	}
	var ids []uint64
	for id := range nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	merged, err := kv.MergeTraces(kv.NewTraceHeader(ids), traces)
	if err != nil {
		fmt.Fprintf(stderr, "dsref kv merge-traces: %v\n", err)
		return 1
	}
	if *out == "" {
		stdout.Write(merged)
		return 0
	}
	if err := os.WriteFile(*out, merged, 0o644); err != nil {
		fmt.Fprintf(stderr, "dsref kv merge-traces: %v\n", err)
		return 1
	}
	return 0
}
