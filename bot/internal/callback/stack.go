package callback

// A flight is a new goroutine for every message (see Dispatcher.Await),
// and the engine's calls run deeper than the stack a goroutine starts
// with: the runtime sizes new stacks by the average of all goroutines,
// most of them idle connections. Growing by doubling copied the flight's
// stack three or four times a message, each copy walking every frame:
// runtime.newstack was 3.8 % and 6.8 % of the CPU profile of houqin
// bench's houqin phase (two runs), almost all of it under the engine.
// A flight therefore grows its stack once, while it is still shallow
// and the copy is small, to the size the engine needs: with a 32 KiB
// stack no engine frame grew it any more in the profile (newstack 1.8 %
// and 2.7 % in two runs, of which the pre-growth itself 0.5 and 1.0 %,
// the rest the HTTP connections' goroutines and the collector's
// shrinking); with 16 KiB the engine still grew it. BenchmarkFlightStack
// shows the mechanism on a goroutine running 24 KiB deep.

// flightFrame is the frame preGrowStack asks for: the runtime rounds a
// stack up to a power of two that holds the frame and the little already
// used, which is 32 KiB.
const flightFrame = 28 << 10

// preGrowStack grows the calling goroutine's stack to 32 KiB at once.
//
//go:noinline
func preGrowStack() byte {
	var b [flightFrame]byte
	return touch(b[:])
}

// touch keeps preGrowStack's frame from being optimised away.
//
//go:noinline
func touch(b []byte) byte { return b[len(b)-1] }
