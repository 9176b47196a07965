package callback

import (
	"sync"
	"testing"
)

// The frame must stay on the stack: on the heap it would grow nothing and
// cost an allocation of 28 KiB a message.
func TestPreGrowStackDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { preGrowStack() }); n != 0 {
		t.Fatalf("preGrowStack allocated %v times a call; its frame escaped to the heap", n)
	}
}

// deep uses about depth × 256 bytes of stack, as the engine's calls do.
//
//go:noinline
func deep(depth int) byte {
	var pad [200]byte
	pad[depth%len(pad)] = byte(depth)
	if depth == 0 {
		return pad[0]
	}
	return deep(depth-1) + touch(pad[:])
}

// BenchmarkFlightStack compares a new goroutine running ~24 KiB deep,
// as a flight does, with and without growing its stack first:
//
//	go test -run '^$' -bench FlightStack -count 3 ./bot/internal/callback/
func BenchmarkFlightStack(b *testing.B) {
	for _, bc := range []struct {
		name string
		pre  bool
	}{{"grown-by-doubling", false}, {"pre-grown", true}} {
		b.Run(bc.name, func(b *testing.B) {
			var wg sync.WaitGroup
			for b.Loop() {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if bc.pre {
						preGrowStack()
					}
					deep(90)
				}()
				wg.Wait()
			}
		})
	}
}
