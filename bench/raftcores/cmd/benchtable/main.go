// Command benchtable runs the side-by-side benchmarks of bench/ (dsref and hashicorp/raft in
// bench/raftcores, go.etcd.io/raft/v3 v3.6.0 in bench/etcd36 and v3.7.0 in bench/etcd37) in
// interleaved rounds and prints a Markdown table of medians: commits/s, allocations and bytes
// per commit for every library and shape, the dsref/peer ratio (the median of the ratios each
// round measured, so both sides of a ratio ran minutes apart at most), and the quorum
// comparison with etcd's quorum package.
//
// Run it from bench/raftcores:
//
//	go run ./cmd/benchtable -rounds 5 -benchtime 1s
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// module is one benchmarked Go module and the library each of its benchmarks measures.
type module struct {
	dir  string
	libs map[string]string // benchmark name prefix -> library
}

var modules = []module{
	{dir: ".", libs: map[string]string{"BenchmarkCommit/": "dsref", "BenchmarkHashicorp/": "hashicorp v1.7.2"}},
	{dir: "../etcd36", libs: map[string]string{"BenchmarkCommit/": "etcd v3.6.0", "BenchmarkCommittedIndex/": "", "BenchmarkVoteResult/": ""}},
	{dir: "../etcd37", libs: map[string]string{"BenchmarkCommit/": "etcd v3.7.0", "BenchmarkCommittedIndex/": "", "BenchmarkVoteResult/": ""}},
}

// result is one benchmark line's metrics by unit.
type result map[string]float64

func main() {
	rounds := flag.Int("rounds", 5, "interleaved rounds; the table shows medians")
	benchtime := flag.String("benchtime", "1s", "go test -benchtime for every benchmark")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./cmd/benchtable [-rounds N] [-benchtime D]   (from bench/raftcores)")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || *rounds < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdout, *rounds, *benchtime); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, rounds int, benchtime string) error {
	tmp, err := os.MkdirTemp("", "benchtable")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bins := make([]string, len(modules))
	for i, m := range modules {
		bins[i] = filepath.Join(tmp, fmt.Sprintf("bench%d.test", i))
		cmd := exec.Command("go", "test", "-c", "-o", bins[i], ".")
		cmd.Dir = m.dir
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building the benchmarks of %s: %w", m.dir, err)
		}
	}
	// byRound[r][library][benchmark] = metrics.
	byRound := make([]map[string]map[string]result, rounds)
	for r := range rounds {
		byRound[r] = map[string]map[string]result{}
		for i, m := range modules {
			fmt.Fprintf(os.Stderr, "round %d/%d: %s\n", r+1, rounds, m.dir)
			cmd := exec.Command(bins[i], "-test.run", "^$", "-test.bench", ".", "-test.benchmem", "-test.benchtime", benchtime)
			cmd.Dir = m.dir
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err != nil {
				return fmt.Errorf("benchmarks of %s: %w\n%s", m.dir, err, out)
			}
			for name, res := range parse(out) {
				for prefix, lib := range m.libs {
					if !strings.HasPrefix(name, prefix) {
						continue
					}
					case_ := strings.TrimPrefix(name, prefix)
					if lib == "" { // the quorum benchmarks name the library last
						k := strings.LastIndexByte(case_, '/')
						if k < 0 {
							continue
						}
						lib = "quorum " + case_[k+1:] + " (" + strings.TrimPrefix(m.dir, "../") + ")"
						case_ = strings.TrimPrefix(prefix, "Benchmark") + case_[:k]
					}
					if byRound[r][lib] == nil {
						byRound[r][lib] = map[string]result{}
					}
					byRound[r][lib][case_] = res
				}
			}
		}
	}
	return report(w, byRound, rounds, benchtime)
}

// parse reads the benchmark lines of go test's output: name (without the -GOMAXPROCS suffix),
// iterations, then value-unit pairs.
func parse(out []byte) map[string]result {
	res := map[string]result{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if k := strings.LastIndexByte(name, '-'); k > 0 {
			if _, err := strconv.Atoi(name[k+1:]); err == nil {
				name = name[:k]
			}
		}
		r := result{}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				r[f[i+1]] = v
			}
		}
		res[name] = r
	}
	return res
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// series is one metric of one library's case over the rounds.
func series(byRound []map[string]map[string]result, lib, case_, unit string) []float64 {
	var xs []float64
	for _, r := range byRound {
		if v, ok := r[lib][case_][unit]; ok {
			xs = append(xs, v)
		}
	}
	return xs
}

// ratios is a/b of one metric per round, for the rounds that measured both.
func ratios(byRound []map[string]map[string]result, libA, caseA, libB, caseB, unit string) []float64 {
	var xs []float64
	for _, r := range byRound {
		a, okA := r[libA][caseA][unit]
		b, okB := r[libB][caseB][unit]
		if okA && okB && b != 0 {
			xs = append(xs, a/b)
		}
	}
	return xs
}

func report(w io.Writer, byRound []map[string]map[string]result, rounds int, benchtime string) error {
	peers := []string{"etcd v3.6.0", "etcd v3.7.0", "hashicorp v1.7.2"}
	cases := []string{"sequential", "pipelined-256", "batched-256"}
	fmt.Fprintf(w, "Commits applied on all 3 nodes (medians of %d interleaved rounds, -benchtime %s)\n\n", rounds, benchtime)
	fmt.Fprintln(w, "| shape | library | commits/s | allocs/commit | B/commit | dsref / library |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|")
	for _, c := range cases {
		for _, lib := range append([]string{"dsref"}, peers...) {
			cps := series(byRound, lib, c, "commits/s")
			if len(cps) == 0 {
				return fmt.Errorf("no result for %s %s", lib, c)
			}
			ratio := "-"
			if lib != "dsref" {
				ratio = fmt.Sprintf("%.2fx", median(ratios(byRound, "dsref", c, lib, c, "commits/s")))
			}
			fmt.Fprintf(w, "| %s | %s | %.0f | %.1f | %.0f | %s |\n", c, lib, median(cps),
				median(series(byRound, lib, c, "allocs/op")), median(series(byRound, lib, c, "B/op")), ratio)
		}
	}
	fmt.Fprintf(w, "\nQuorum decisions, dsref's quorum beside etcd's (ns per call, medians of %d rounds)\n\n", rounds)
	fmt.Fprintln(w, "| case | module | dsref ns | etcd ns | etcd allocs | etcd / dsref time |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|")
	var qcases []string
	for c := range byRound[0]["quorum dsref (etcd36)"] {
		qcases = append(qcases, c)
	}
	sort.Strings(qcases)
	for _, c := range qcases {
		for _, mod := range []string{"etcd36", "etcd37"} {
			d, e := "quorum dsref ("+mod+")", "quorum etcd ("+mod+")"
			fmt.Fprintf(w, "| %s | %s | %.1f | %.1f | %.0f | %.1fx |\n", c, mod, median(series(byRound, d, c, "ns/op")),
				median(series(byRound, e, c, "ns/op")), median(series(byRound, e, c, "allocs/op")),
				median(ratios(byRound, e, c, d, c, "ns/op")))
		}
	}
	return nil
}
