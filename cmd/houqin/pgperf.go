package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

// bench --pgperf: where the PostgreSQL server's CPU goes during the houqin
// and the floor phases. Go's profile (--cpuprofile) sees only this
// process; the server is about three fifths of a message's CPU, and
// pg_stat_statements times only the executor, which on this machine was
// under half of what the server's processes used. perf samples every
// process of the machine with its call stack, and the breakdown below
// sorts the server's samples by the stage of a statement's life they fell
// in (docs/performance.md, "Round 10").

// errNoPerf is what --pgperf needs and did not find.
var errNoPerf = errors.New("--pgperf needs perf (Debian: apt-get install linux-perf) and the right to sample every process (root, or kernel.perf_event_paranoid ≤ 0)")

// perfUsable reports whether perf is installed, before a bench starts.
// Whether it may sample every process shows when it starts (startPerf).
func perfUsable() error {
	if _, err := exec.LookPath("perf"); err != nil {
		return errNoPerf
	}
	return nil
}

// startPerf starts `perf record -a -g` into path; the function it returns
// stops it (SIGINT, so that perf writes the file out) and waits for it.
func startPerf(path string) (func() error, error) {
	bin, err := exec.LookPath("perf")
	if err != nil {
		return nil, errNoPerf
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "record", "-a", "-g", "-F", "499", "-o", path)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("perf record: %w", err)
	}
	// perf record needs a moment before it samples; a failure to open the
	// events (permissions) shows as an early exit.
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return nil, fmt.Errorf("perf record exited at once: %v: %s", err, strings.TrimSpace(out.String()))
	case <-time.After(500 * time.Millisecond):
	}
	return func() error {
		_ = cmd.Process.Signal(syscall.SIGINT)
		var werr error
		select {
		case werr = <-done:
		case <-time.After(time.Minute):
			_ = cmd.Process.Kill()
			return errors.New("perf record did not stop within a minute")
		}
		// What perf's exit status after SIGINT is varies with its
		// version; the file it wrote is what counts (perf script reads
		// it next and says what is wrong with it).
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			return fmt.Errorf("perf record wrote no data (%v): %s", werr, strings.TrimSpace(out.String()))
		}
		return nil
	}, nil
}

// pgStage is one line of the breakdown: samples whose stack holds any of
// frames.
type pgStage struct {
	name   string
	frames []string
}

// pgStages are the stages of a statement's life in a backend, each named
// by the PostgreSQL functions that run it. A frame below them (an index
// scan, a heap insert) counts for the stage it ran in.
var pgStages = []pgStage{
	{"executor start: building the plan's run-time state", []string{"standard_ExecutorStart"}},
	{"executor run: scans, joins, inserts and their indexes", []string{"standard_ExecutorRun"}},
	{"executor finish: after-row triggers (foreign-key checks, plpgsql)", []string{"standard_ExecutorFinish"}},
	{"executor end: tearing the state down", []string{"standard_ExecutorEnd"}},
	{"commit: WAL flush and end of transaction", []string{"CommitTransactionCommand"}},
	{"waiting for the next command: socket reads, context switches", []string{"pq_getbyte", "secure_read", "ReadCommand"}},
	{"plan cache: finding and revalidating the prepared plan", []string{"GetCachedPlan"}},
	{"other work of a backend: protocol, snapshots, transaction start", []string{"PostgresMain"}},
}

// pgAcross are frames counted wherever they occur, across the stages.
var pgAcross = []pgStage{
	{"foreign-key checks (SPI)", []string{"RI_FKey_check_ins", "RI_FKey_check_upd", "SPI_execute_snapshot", "_SPI_execute_plan"}},
	{"index inserts", []string{"ExecInsertIndexTuples"}},
	{"fdatasync of the WAL", []string{"fdatasync"}},
	{"context switches (kernel scheduler)", []string{"__schedule"}},
}

// pgBreakdown is the classified samples of the server's processes.
type pgBreakdown struct {
	total  int
	stages []int // by pgStages, then one for the server's other processes
	across []int // by pgAcross
}

// readPerfScript classifies `perf script -F comm,ip,sym` output: a sample
// is a line naming its command followed by one line per frame (address
// and symbol), samples separated by a blank line. Only samples of comm
// are counted.
func readPerfScript(r io.Reader, comm string) (pgBreakdown, error) {
	b := pgBreakdown{stages: make([]int, len(pgStages)+1), across: make([]int, len(pgAcross))}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var frames []string
	in, ours := false, false
	flush := func() {
		if in && ours {
			b.add(frames)
		}
		frames, in, ours = frames[:0], false, false
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if line[0] != ' ' && line[0] != '\t' { // a sample's header
			flush()
			in, ours = true, strings.Fields(line)[0] == comm
			continue
		}
		if f := strings.Fields(line); len(f) >= 2 {
			frames = append(frames, f[1])
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return b, err
	}
	return b, nil
}

func (b *pgBreakdown) add(frames []string) {
	b.total++
	in := func(f string, names []string) bool {
		for _, n := range names {
			if f == n {
				return true
			}
		}
		return false
	}
	// The outermost stage counts: an executor started inside a trigger
	// (a foreign-key check) is the trigger's cost, not a statement's
	// start. frames run from the leaf to the root; the last stage,
	// PostgresMain, only counts when no other stage is on the stack.
	last := len(pgStages) - 1
	stage := len(pgStages) // the server's other processes
	for i := len(frames) - 1; i >= 0 && (stage == len(pgStages) || stage == last); i-- {
		for j, s := range pgStages {
			if in(frames[i], s.frames) && (j != last || stage == len(pgStages)) {
				stage = j
				break
			}
		}
	}
	b.stages[stage]++
	for i, s := range pgAcross {
		for _, f := range frames {
			if in(f, s.frames) {
				b.across[i]++
				break
			}
		}
	}
}

// perfPath is where --pgperf FILE records a phase: FILE for houqin's,
// FILE.floor for the floor's.
func perfPath(path string, floor bool) string {
	if floor {
		return path + ".floor"
	}
	return path
}

// perfHz is perf record's sampling frequency (-F): one sample stands for
// 1/perfHz of a second of one CPU.
const perfHz = 499

// printPerf writes houqin's and the floor's breakdowns side by side, as
// the share of each one's samples and as µs of server CPU per message,
// largest stage of houqin's first.
func printPerf(w io.Writer, hq pgBreakdown, hqMsgs int, fl pgBreakdown, flMsgs int) {
	if hq.total == 0 || fl.total == 0 || hqMsgs == 0 || flMsgs == 0 {
		fmt.Fprintln(w, "pgperf: no samples of the server's processes (was the server local, and its binary named postgres?)")
		return
	}
	us := func(n, msgs int) float64 { return 1e6 / perfHz * float64(n) / float64(msgs) }
	pct := func(n, total int) float64 { return 100 * float64(n) / float64(total) }
	fmt.Fprintf(w, "pgperf: the PostgreSQL server's processes, sampled by perf at %d Hz: houqin %d samples for %d messages, floor %d for %d\n",
		perfHz, hq.total, hqMsgs, fl.total, flMsgs)
	fmt.Fprintf(w, "  %-68s %13s %13s %8s\n", "stage of a statement", "houqin", "floor", "houqin")
	fmt.Fprintf(w, "  %-68s %13s %13s %8s\n", "", "µs/msg (%)", "µs/msg (%)", "÷ floor")
	line := func(name string, h, f int) {
		ratio := "—"
		if f > 0 {
			ratio = fmt.Sprintf("%.1f×", us(h, hqMsgs)/us(f, flMsgs))
		}
		fmt.Fprintf(w, "  %-68s %6.0f (%4.1f) %6.0f (%4.1f) %8s\n", name, us(h, hqMsgs), pct(h, hq.total), us(f, flMsgs), pct(f, fl.total), ratio)
	}
	order := make([]int, len(hq.stages))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return hq.stages[order[i]] > hq.stages[order[j]] })
	for _, i := range order {
		name := "the server's other processes: WAL writer, autovacuum, checkpointer"
		if i < len(pgStages) {
			name = pgStages[i].name
		}
		line(name, hq.stages[i], fl.stages[i])
	}
	line("all", hq.total, fl.total)
	fmt.Fprintln(w, "  across the stages:")
	for i, s := range pgAcross {
		line(s.name, hq.across[i], fl.across[i])
	}
}

// perfBreakdown runs perf script on a recording and classifies the samples
// of the server's processes (command name postgres).
func perfBreakdown(ctx context.Context, path string) (pgBreakdown, error) {
	cmd := exec.CommandContext(ctx, "perf", "script", "-i", path, "-F", "comm,ip,sym")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return pgBreakdown{}, err
	}
	if err := cmd.Start(); err != nil {
		return pgBreakdown{}, fmt.Errorf("perf script: %w", err)
	}
	b, rerr := readPerfScript(out, "postgres")
	if err := cmd.Wait(); err != nil {
		return b, fmt.Errorf("perf script: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return b, rerr
}
