package canteen

import (
	"github.com/houqin/houqin/internal/rx"
)

// tempUnseenRE is a cook saying the fridge's temperature was not read,
// at the end of a record (the eighteenth user test's 「…每样都有一百五左右 温度
// 没看」): nothing to record, the temperature is asked for as when unsaid.
var tempUnseenRE = rx.MustCompile(`[\s,，。;；]*(?:冰箱)?(?:的)?(?:温度)(?:还|也)?(?:没看|没量|没测|忘了看|忘看了|没来得及看|不知道|没注意)(?:了|呢)?[\s,，。.;；!！]*$|[\s,，。;；]*(?:没看|忘了看|没量)(?:冰箱)?(?:的)?温度(?:了|呢)?[\s,，。.;；!！]*$`)
