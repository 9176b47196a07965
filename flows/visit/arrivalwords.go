package visit

import "github.com/houqin/houqin/internal/rx"

// Words of how people came or of a typing slip, which are neither why
// they came nor how many they are (user test 34's gate).
var (
	// arrivalOnlyRE is a word that only says someone came: 来了个师傅,
	// 来了两个人, 来了一位. It starts with 来, a verb reasons start with
	// (来修空调的), and was taken as the purpose: 「电力公司来了个师傅叫黄伟 …
	// 来看配电箱的 找孙师傅」 gave 事由「其他（来了个师傅）」 (T52).
	arrivalOnlyRE = rx.MustCompile(`^(?:又|刚)?(?:来了|到了)(?:[0-9]{1,3}|[一二两三四五六七八九十几]{1,3})?[个位名]?(?:人|师傅|同志|家长|领导|工作人员|男的|女的|小伙子?|姑娘)?(?:的)?$`)
	// digitSlipRE is a slip of the keys told: 刚才少打了一位 (of a plate
	// or a number), 多打了一位, 打错了一位. Its 一位 is a digit, not a
	// person: 「车牌是粤B77881 刚才少打了一位」 made the party of two one (T51).
	digitSlipRE = rx.MustCompile(`(?:刚才|前面|上面)?(?:少|多|漏)(?:打|输|写|敲)了?(?:[一两1-2])位(?:数)?|(?:打|输|写)错了?(?:[一两1-2])位(?:数)?`)
)
