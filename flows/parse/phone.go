package parse

import (
	"fmt"
	"strings"
)

// ValidatePhone checks a mainland mobile number and returns its 11 digits.
// It accepts full-width digits, the country code as +86, 0086 or 86, and
// the spaces, dashes, dots and parentheses people group digits with
// ("+86 138-1234-5678", "(+86)13812345678"). Mobile numbers are 11 digits
// starting 13 to 19; landlines are refused with ErrPhone (ValidateLandline
// reads them, where a flow takes one).
func ValidatePhone(s string) (string, error) {
	digits := phoneDigits(s)
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

// ValidateLandline checks a mainland landline number with its area code
// and returns it as area code, a dash and the local number: 025-83456789,
// 0571-87654321. It accepts the separators ValidatePhone does, the area
// code in parentheses ("(025)83456789") and the country code (+86 25 …,
// the area code then without its 0). Area codes are 010 and 02x, whose
// local numbers have 8 digits, or 0 and three digits, whose local numbers
// have 7 or 8; a local number never starts with 0 or 1. A number that is
// not one is refused with ErrLandline; one whose local number has the
// wrong length with a *LandlineLengthError saying so.
func ValidateLandline(s string) (string, error) {
	digits := phoneDigits(s)
	switch {
	case strings.HasPrefix(digits, "+86"):
		digits = "0" + strings.TrimPrefix(digits[3:], "0")
	case strings.HasPrefix(digits, "0086"):
		digits = "0" + strings.TrimPrefix(digits[4:], "0")
	}
	if len(digits) < 4 || digits[0] != '0' {
		return "", ErrLandline
	}
	for _, r := range digits {
		if !isDigit(r) {
			return "", ErrLandline
		}
	}
	area, sizes := digits[:4], []int{7, 8}
	switch {
	case digits[1] == '0':
		return "", ErrLandline // no area code starts 00
	case digits[1] == '1' && digits[2] == '0' || digits[1] == '2':
		area, sizes = digits[:3], []int{8}
	}
	local := digits[len(area):]
	if local != "" && (local[0] == '0' || local[0] == '1') {
		return "", ErrLandline
	}
	if len(local) < sizes[0] || len(local) > sizes[len(sizes)-1] {
		return "", &LandlineLengthError{Area: area, Got: len(local), Want: sizes}
	}
	return area + "-" + local, nil
}

// ErrLandline is a number that is no mainland landline with its area code.
var ErrLandline = &Error{"phone: not a mainland landline", "座机号码要带区号，如 025-83456789、0571-87654321。"}

// LandlineLengthError is a landline whose local number, after its area
// code, has the wrong number of digits. It matches ErrLandline with
// errors.Is.
type LandlineLengthError struct {
	Area string // the area code read: 025
	Got  int    // digits after it
	Want []int  // the lengths allowed: 8, or 7 and 8
}

func (e *LandlineLengthError) Error() string { return "parse: landline: wrong length" }

// Is makes errors.Is(err, ErrLandline) hold.
func (e *LandlineLengthError) Is(target error) bool { return target == ErrLandline }

// Text is the explanation to show: the area code read, the length it
// needs and the length typed.
func (e *LandlineLengthError) Text() string {
	want := "8 位"
	if len(e.Want) > 1 {
		want = "7 或 8 位"
	}
	return fmt.Sprintf("座机号码不对：区号 %s 后面的号码应是 %s，你发的是 %d 位，请再核对一下。", e.Area, want, e.Got)
}

// phoneDigits is s normalised without the spaces, dashes, dots and
// parentheses people group a phone number's digits with.
func phoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')':
			return -1
		}
		return r
	}, Normalize(s))
}
