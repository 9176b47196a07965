// Package fault holds the outbox's fault tests, built only with the fault
// tag (go test -tags fault -count=1 -v ./bot/fault/):
//
//   - a real worker process, the test binary re-executed, delivers to a fake
//     Telegram Bot API on 127.0.0.1 while 20 producers queue notifications;
//     the fake kills it (SIGKILL or SIGTERM) in the middle of a send, again
//     and again, and a new one starts; at the end every notification must
//     have arrived, at most once more per kill;
//   - the fake answers 429 (with retry_after) and 5xx for ten minutes of an
//     injected clock, then recovers: nothing may be lost or failed.
//
// The tests start a PostgreSQL cluster (store/pglocal/pgtest) and print
// their figures with t.Logf.
package fault
