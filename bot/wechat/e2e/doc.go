// Package e2e holds the WeChat channel's end-to-end tests and benchmarks:
// signed callbacks through bot/wechat into the real engine on a throwaway
// PostgreSQL database (store/pglocal/pgtest), and outbox delivery back out
// to a fake WeChat API.
//
// They live apart from bot/wechat so that its unit and fuzz tests do not
// start a database cluster.
package e2e
