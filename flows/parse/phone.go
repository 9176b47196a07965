package parse

import "strings"

// ValidatePhone checks a mainland mobile number and returns its 11 digits.
// It accepts full-width digits, the country code as +86, 0086 or 86, and
// the spaces, dashes, dots and parentheses people group digits with
// ("+86 138-1234-5678", "(+86)13812345678"). Mobile numbers are 11 digits
// starting 13 to 19; landlines are refused with ErrPhone, because the
// number is used to reach a person at once.
func ValidatePhone(s string) (string, error) {
	digits := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')':
			return -1
		}
		return r
	}, Normalize(s))
	digits = strings.TrimPrefix(digits, "+")
	switch {
	case len(digits) == 15 && strings.HasPrefix(digits, "0086"):
		digits = digits[4:]
	case len(digits) == 13 && strings.HasPrefix(digits, "86"):
		digits = digits[2:]
	}
	if len(digits) != 11 || digits[0] != '1' || digits[1] < '3' {
		return "", ErrPhone
	}
	for _, r := range digits {
		if !isDigit(r) {
			return "", ErrPhone
		}
	}
	return digits, nil
}
