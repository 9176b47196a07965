package wechat

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// kvTimeout bounds one KV call made through the SDK's cache interface,
// which takes no context.
const kvTimeout = 3 * time.Second

// kvCache is the SDK's cache.Cache (and cache.ContextCache) on bot.KV, so
// the access token lives in PostgreSQL and every houqin instance shares it.
// Values are strings, which is all the SDK stores.
type kvCache struct {
	kv bot.KV
}

var _ cache.ContextCache = (*kvCache)(nil)

func (c *kvCache) Get(key string) any {
	ctx, cancel := context.WithTimeout(context.Background(), kvTimeout)
	defer cancel()
	return c.GetContext(ctx, key)
}

func (c *kvCache) GetContext(ctx context.Context, key string) any {
	v, err := c.kv.GetKV(ctx, key)
	if err != nil {
		return nil // missing, expired or unreachable: the caller fetches anew
	}
	return v
}

func (c *kvCache) Set(key string, val any, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), kvTimeout)
	defer cancel()
	return c.SetContext(ctx, key, val, timeout)
}

func (c *kvCache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	s, ok := val.(string)
	if !ok {
		return fmt.Errorf("wechat: cache value for %s is %T, want string", key, val)
	}
	return c.kv.PutKV(ctx, key, s, time.Now().Add(timeout))
}

func (c *kvCache) IsExist(key string) bool {
	return c.Get(key) != nil
}

func (c *kvCache) IsExistContext(ctx context.Context, key string) bool {
	return c.GetContext(ctx, key) != nil
}

func (c *kvCache) Delete(key string) error {
	ctx, cancel := context.WithTimeout(context.Background(), kvTimeout)
	defer cancel()
	return c.DeleteContext(ctx, key)
}

func (c *kvCache) DeleteContext(ctx context.Context, key string) error {
	return c.kv.DeleteKV(ctx, key)
}

// tokenSource is the SDK's AccessTokenContextHandle on WeChat's
// stable_token endpoint, cached in kvCache.
//
// It wraps the SDK's StableAccessToken rather than using it as is so that
// the cache key is ours (Invalidate must delete exactly what was cached)
// and a stale token can be dropped after 40001/42001. stable_token returns
// the same token to every caller while it is valid, so concurrent
// instances need no distributed lock: the mutex only saves this instance
// redundant calls.
type tokenSource struct {
	stable *credential.StableAccessToken
	cache  *kvCache
	key    string
	mu     sync.Mutex
	memo   bot.TokenMemo // the token, kept a minute in this process (see bot.TokenMemoFor)
}

var _ credential.AccessTokenContextHandle = (*tokenSource)(nil)

func newTokenSource(appID, appSecret string, c *kvCache) *tokenSource {
	return &tokenSource{
		stable: credential.NewStableAccessToken(appID, appSecret, credential.CacheKeyOfficialAccountPrefix, c).(*credential.StableAccessToken),
		cache:  c,
		key:    "wechat:access_token:" + appID,
	}
}

// tokenMargin is taken off the token's lifetime so a cached token is never
// used in its last minutes (the SDK uses the same margin).
const tokenMargin = 5 * time.Minute

func (t *tokenSource) GetAccessToken() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()
	return t.GetAccessTokenContext(ctx)
}

func (t *tokenSource) GetAccessTokenContext(ctx context.Context) (string, error) {
	if v, ok := t.memo.Get(time.Now()); ok {
		return v, nil
	}
	if v, ok := t.cache.GetContext(ctx, t.key).(string); ok && v != "" {
		t.memo.Set(v, time.Now(), bot.TokenMemoFor)
		return v, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, ok := t.cache.GetContext(ctx, t.key).(string); ok && v != "" {
		t.memo.Set(v, time.Now(), bot.TokenMemoFor)
		return v, nil
	}
	res, err := t.stable.GetAccessTokenDirectly(ctx, false)
	if err != nil {
		// The error names no secret: the app secret travels in the body.
		return "", fmt.Errorf("wechat: stable_token: %w", scrubbed(err))
	}
	if res.AccessToken == "" {
		return "", errors.New("wechat: stable_token: empty access_token")
	}
	ttl := time.Duration(res.ExpiresIn)*time.Second - tokenMargin
	if ttl < time.Minute {
		ttl = time.Minute
	}
	// A failed cache write costs only a fetch on the next call.
	_ = t.cache.SetContext(ctx, t.key, res.AccessToken, ttl)
	t.memo.Set(res.AccessToken, time.Now(), ttl)
	return res.AccessToken, nil
}

// Invalidate drops the cached token if it is still bad, so the next call
// fetches a fresh one. A token another instance already replaced is kept.
func (t *tokenSource) Invalidate(ctx context.Context, bad string) error {
	t.memo.Drop(bad)
	t.mu.Lock()
	defer t.mu.Unlock()
	v, err := t.cache.kv.GetKV(ctx, t.key)
	if errors.Is(err, flows.ErrNotFound) || (err == nil && v != bad) {
		return nil
	}
	return t.cache.DeleteContext(ctx, t.key)
}
