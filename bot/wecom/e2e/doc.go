// Package e2e holds the WeCom channel's end-to-end tests: signed, encrypted
// callbacks through bot/wecom into the real engine on a throwaway
// PostgreSQL database (store/pglocal/pgtest), and outbox delivery back out
// to a fake WeCom API on loopback.
package e2e
