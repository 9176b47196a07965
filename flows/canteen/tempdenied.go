package canteen

import "github.com/houqin/houqin/internal/rx"

var (
	// deniedReadingRE is a reading said to be the wrong one, with its
	// unit: 不是3度, 而不是3℃. User test 34's cook corrected the fridge
	// with 「温度说错了 冰箱是5度 不是3度」: 5℃ was taken and, in the same
	// reply, 「温度：没看懂温度」 said of the rest (T56).
	deniedReadingRE = rx.MustCompile(`(?:而)?不是\s*(?:零下|负|-)?(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十]{1,3})\s*(?:摄氏度|℃|°C|°c|度)`)
	// tempSlipRE is the slip itself told: 温度说错了, 度数写错了, 打错了.
	// meantReadingRE is the reading meant, said with 是 or 应该是: 是4度.
	meantReadingRE = rx.MustCompile(`(?:应该|其实|实际)?是\s*((?:零下|负|-)?\d+(?:\.\d+)?\s*(?:摄氏度|℃|°C|°c|度))`)
	tempSlipRE     = rx.MustCompile(`(?:冰箱)?(?:温度|度数)?(?:刚才)?(?:说|写|打|记|输|看|报)错了?`)
)

// withoutDeniedReadings is text without the readings it says are wrong
// (不是3度), and, when a reading is left, without the slip told (温度说错
// 了): what is left is the reading meant and any dishes.
func withoutDeniedReadings(text string) string {
	if !deniedReadingRE.MatchString(text) {
		return text
	}
	text = deniedReadingRE.ReplaceAllString(text, " ")
	if readingRE.MatchString(text) {
		text = tempSlipRE.ReplaceAllString(text, " ")
		text = meantReadingRE.ReplaceAllString(text, "$1") // 是4度: 4度
	}
	return text
}
