package flows

import (
	"github.com/houqin/houqin/internal/rx"
)

// whatsUpRE is someone asking what is up, often right after notifications
// came, with no more words: 咋了, 怎么了, 又咋了, 啥事, 出什么事了 (user test 18's
// 总务主任, who opened his chat to fourteen notices and asked 「咋了」, was
// told 「抱歉，我没有看懂这句话」). What waits for them (「我的」) answers it.
var whatsUpRE = rx.MustCompile(`^(?:又|这是|这又|都)?(?:咋了|咋啦|怎么了|怎么啦|咋回事|怎么回事|什么事|啥事|出啥事了|出什么事了|发生什么事了|有啥事|有什么事)(?:啊|呀|呢|吗|嘛|哦)?[？?。！!～~]*$`)
