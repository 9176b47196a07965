package store

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"
)

// CPU readings for the benchmarks (houqin bench, store/e2e's idle
// benchmark): a process's user + system time from /proc, on Linux.

// ServerCPU reads the CPU time used so far by each of the PostgreSQL
// server's processes (pg_stat_activity: backends and background
// processes), by pid; ok is false when /proc cannot tell, as for a server
// on another machine.
func (db *DB) ServerCPU(ctx context.Context) (cpu map[int]time.Duration, ok bool) {
	var pids []int
	if err := db.SQL().SelectContext(ctx, &pids, `SELECT pid FROM pg_stat_activity`); err != nil {
		return nil, false
	}
	cpu = map[int]time.Duration{}
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || !strings.Contains(string(b), "(postgres)") {
			continue
		}
		cpu[pid] = statCPU(string(b))
	}
	return cpu, len(cpu) > 0
}

// CPUDelta is the CPU the processes used between two ServerCPU readings; a
// process that started in between counts from zero.
func CPUDelta(before, after map[int]time.Duration) time.Duration {
	var d time.Duration
	for pid, t := range after {
		d += t - before[pid]
	}
	return d
}

// SelfCPU is this process's user + system CPU time so far (0 without /proc).
func SelfCPU() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	return statCPU(string(b))
}

// statCPU reads utime + stime from a /proc/PID/stat line (clock ticks of
// 1/100 s, the Linux USER_HZ).
func statCPU(s string) time.Duration {
	j := strings.LastIndexByte(s, ')')
	if j < 0 {
		return 0
	}
	f := strings.Fields(s[j+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+st) * 10 * time.Millisecond
}
