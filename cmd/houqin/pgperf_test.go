package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// perfSamples is `perf script -F comm,ip,sym` output recorded during a
// bench run on the development machine (2026-11-30), one sample of each
// kind the breakdown tells apart, and one of another process.
const perfSamples = `postgres 
	          2f8dff [unknown]
	          2fa0bb ExecBuildProjectionInfo
	          310fca ExecAssignProjectionInfo
	          33335f ExecInitNestLoop
	          30ae11 ExecInitNode
	          3045d0 standard_ExecutorStart
	            7add [unknown]
	          47f305 [unknown]
	          4803ef PortalRun
	          47dabf PostgresMain
	          3fa2b5 PostmasterMain
	          155976 main

postgres 
	          595b2e [unknown]
	          20d86a pg_class_aclmask_ext
	          303fef ExecCheckRTEPerms
	          3043a9 standard_ExecutorStart
	            7add [unknown]
	          3411a4 SPI_execute_snapshot
	          2e5778 AfterTriggerEndQuery
	          303f30 standard_ExecutorFinish
	            42f5 [unknown]
	          4803ef PortalRun
	          47dabf PostgresMain
	          3fa2b5 PostmasterMain
	          155976 main

postgres 
	ffffffff81b3ba91 blkdev_issue_flush
	ffffffff817cf7d2 ext4_sync_file
	ffffffff81730042 __x64_sys_fdatasync
	           fece0 fdatasync
	          1ef610 XLogFlush
	          1ea115 CommitTransactionCommand
	          47d359 PostgresMain
	          3fa2b5 PostmasterMain
	          155976 main

postgres 
	ffffffff8225fd19 pvm_irq_enable
	ffffffff813ae292 finish_task_switch.isra.0
	ffffffff82265c84 __schedule
	ffffffff81750f98 do_epoll_wait
	          108ef3 epoll_wait
	          34d4d5 secure_read
	          354d45 pq_getbyte
	          47d051 PostgresMain
	          3fa2b5 PostmasterMain
	          155976 main

postgres 
	          7ae2f1 hash_search_with_hash_value
	          47d051 PostgresMain
	          3fa2b5 PostmasterMain
	          155976 main

postgres 
	ffffffff82265c84 __schedule
	          108ef3 epoll_wait
	          458568 WaitLatch
	          3fc803 WalWriterMain
	          3f0dbb AuxiliaryProcessMain
	               0 [unknown]

houqin 
	          10d497 internal/poll.setDeadlineImpl.deferwrap1
	          24f588 net.(*conn).SetReadDeadline
	          4e3b74 net/http.(*conn).serve
	           97761 runtime.goexit.abi0
`

func stageOf(t *testing.T, name string) int {
	t.Helper()
	for i, s := range pgStages {
		if strings.HasPrefix(s.name, name) {
			return i
		}
	}
	t.Fatalf("no stage %q", name)
	return -1
}

func TestReadPerfScript(t *testing.T) {
	b, err := readPerfScript(strings.NewReader(perfSamples), "postgres")
	if err != nil {
		t.Fatal(err)
	}
	if b.total != 6 {
		t.Fatalf("counted %d samples of postgres, want 6 (houqin's is not the server's)", b.total)
	}
	want := map[int]int{
		stageOf(t, "executor start"):  1, // the first; the second is a foreign-key check's
		stageOf(t, "executor finish"): 1, // the outermost stage counts
		stageOf(t, "commit"):          1,
		stageOf(t, "waiting"):         1,
		stageOf(t, "other work"):      1, // PostgresMain and nothing else known
		len(pgStages):                 1, // the WAL writer
	}
	for i, n := range b.stages {
		if n != want[i] {
			name := "other processes"
			if i < len(pgStages) {
				name = pgStages[i].name
			}
			t.Errorf("%s: %d samples, want %d", name, n, want[i])
		}
	}
	across := map[string]int{"foreign-key checks (SPI)": 1, "fdatasync of the WAL": 1, "context switches (kernel scheduler)": 2, "index inserts": 0}
	for i, s := range pgAcross {
		if b.across[i] != across[s.name] {
			t.Errorf("%s: %d samples, want %d", s.name, b.across[i], across[s.name])
		}
	}

	var out bytes.Buffer
	printPerf(&out, b, 3, b, 6)
	// 1 commit sample at 499 Hz over 3 messages: 668 µs each; the floor's
	// 6 messages make it half that, and houqin ÷ floor 2.0×.
	if line := lineWith(out.String(), "commit:"); !strings.Contains(line, "668 (16.7)") || !strings.Contains(line, "334 (16.7)") || !strings.HasSuffix(line, "2.0×") {
		t.Errorf("commit line %q", line)
	}
	if line := lineWith(out.String(), "  all"); !strings.Contains(line, "4008 (100.0)") {
		t.Errorf("all line %q", line)
	}
}

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimRight(l, " ")
		}
	}
	return ""
}

func TestPrintPerfWithoutSamples(t *testing.T) {
	var out bytes.Buffer
	printPerf(&out, pgBreakdown{}, 10, pgBreakdown{}, 10)
	if !strings.Contains(out.String(), "no samples") {
		t.Fatalf("%q", out.String())
	}
}

func TestPgperfWithoutPerf(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if err := perfUsable(); err != errNoPerf {
		t.Fatalf("perfUsable without perf on PATH: %v", err)
	}
	if _, err := startPerf(t.TempDir() + "/x.perf"); err != errNoPerf {
		t.Fatalf("startPerf without perf on PATH: %v", err)
	}
	// The bench says so before it opens a database or runs a phase.
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &out, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	err := cmdBench(context.Background(), env, []string{"--pgperf", t.TempDir() + "/x.perf", "--config", t.TempDir() + "/missing.toml"})
	var usage usageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), "linux-perf") {
		t.Fatalf("bench --pgperf without perf: %v", err)
	}
}
