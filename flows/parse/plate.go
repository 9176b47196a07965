package parse

import "strings"

// ValidatePlate checks a civilian vehicle plate (GA 36-2018) and returns it
// in canonical form: upper case, no separator dot or spaces (京A12345).
// People write plates with a middle dot, spaces or full-width letters; all
// are accepted.
//
// A plate is a province abbreviation (京 津 沪 渝 冀 豫 云 辽 黑 湘 皖 鲁 新 苏 浙
// 赣 鄂 桂 甘 晋 蒙 陕 吉 闽 贵 粤 青 藏 川 宁 琼), the letter of the issuing office
// (A–Z without I), and then one of:
//
//   - ordinary: 5 characters from the digits and the letters without I and
//     O, which are never used in serials because they read as 1 and 0
//     (京A12345, 粤B8C8M8);
//   - special ordinary: 4 such characters and one of 警 学 挂 领 港 澳 (police,
//     learner, trailer, consulate, Hong Kong and Macau cross-border:
//     京A1234警, 粤Z1234港);
//   - small new-energy: a letter for the kind of drive, one letter or digit,
//     then 4 digits (京AD12345, 沪AFA1234). The drive letter was D or F;
//     cities that ran out of numbers have since added A B C E and G H J K,
//     which are accepted too, because refusing a real plate at the gate is
//     worse than accepting one that is not issued yet;
//   - large new-energy: 5 digits then D or F (京A12345D).
//
// Military, armed-police (WJ) and embassy (使) plates follow other rules and
// return ErrPlate; a guard can note such a vehicle in free text.
func ValidatePlate(s string) (string, error) {
	p := []rune(strings.Map(func(r rune) rune {
		switch r {
		case ' ', '·', '•', '・', '･', '.', '-':
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, Normalize(s)))
	if (len(p) != 7 && len(p) != 8) || !strings.ContainsRune(provinces, p[0]) ||
		p[1] < 'A' || p[1] > 'Z' || p[1] == 'I' {
		return "", ErrPlate
	}
	serial := p[2:]
	var ok bool
	if len(serial) == 5 {
		ok = allOf(serial[:4], isSerialChar) &&
			(isSerialChar(serial[4]) || strings.ContainsRune(plateSuffixes, serial[4]))
	} else {
		small := strings.ContainsRune("ABCDEFGHJK", serial[0]) && isSerialChar(serial[1]) && allOf(serial[2:], isDigit)
		large := allOf(serial[:5], isDigit) && (serial[5] == 'D' || serial[5] == 'F')
		ok = small || large
	}
	if !ok {
		return "", ErrPlate
	}
	return string(p), nil
}

const (
	provinces     = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
	plateSuffixes = "警学挂领港澳"
)

// isSerialChar reports a character allowed in a plate serial: a digit or an
// upper-case letter other than I and O.
func isSerialChar(r rune) bool {
	return isDigit(r) || (r >= 'A' && r <= 'Z' && r != 'I' && r != 'O')
}

func allOf(rs []rune, f func(rune) bool) bool {
	for _, r := range rs {
		if !f(r) {
			return false
		}
	}
	return true
}
