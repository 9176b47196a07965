package parse

// cnDigits are the Chinese digits; 两 is the counting form of 二.
var cnDigits = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var cnUnits = map[rune]int{'十': 10, '百': 100, '千': 1000}

// Numeral parses a Chinese numeral from 0 to 9999 as people write it in
// chat: 三, 十二, 二十, 一百零五, and the colloquial 一百三 (130) and 两千五
// (2500), where a digit after a unit counts in the next lower unit.
func Numeral(s string) (int, bool) {
	total, digit, prevUnit := 0, -1, 10000
	zero, seen := false, false
	for _, r := range s {
		seen = true
		if d, ok := cnDigits[r]; ok {
			if d == 0 {
				if digit >= 0 || zero {
					return 0, false
				}
				zero = true
				continue
			}
			if digit >= 0 {
				return 0, false // 一三: a digit string, not a numeral
			}
			digit = d
			continue
		}
		u, ok := cnUnits[r]
		if !ok || u >= prevUnit {
			return 0, false
		}
		d := digit
		if d < 0 {
			if total != 0 || zero || u != 10 {
				return 0, false
			}
			d = 1 // 十二 = 12
		}
		total += d * u
		digit, prevUnit, zero = -1, u, false
	}
	if !seen {
		return 0, false
	}
	if digit >= 0 {
		if !zero && prevUnit >= 100 && prevUnit < 10000 {
			total += digit * prevUnit / 10
		} else {
			total += digit
		}
	}
	return total, true
}
