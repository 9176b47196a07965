package parse

import (
	"strings"
	"time"
)

// ValidateID checks a mainland resident ID number (居民身份证号, GB 11643-1999)
// and returns it normalised: 18 characters, a lower-case x check character
// upper-cased. Spaces and dashes people type to group the digits are removed.
//
// It returns ErrIDChars for anything but digits and a final X, ErrIDLength
// unless there are 18 characters (the 15-digit first-generation numbers
// expired in 2013), ErrIDBirthDate when characters 7–14 are not a real date
// between 1900-01-01 and today, and ErrIDCheckDigit when the ISO 7064
// MOD 11-2 check character does not match.
//
// The region code (characters 1–6) is not checked against a list: codes are
// retired as counties merge while old cards stay valid, so a list would
// refuse real cards, and the check character already catches a mistyped
// digit there.
func ValidateID(s string) (string, error) {
	return validateID(s, time.Now())
}

func validateID(s string, now time.Time) (string, error) {
	id := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-':
			return -1
		case 'x':
			return 'X'
		}
		return r
	}, Normalize(s))
	for i, r := range id {
		if !isDigit(r) && (r != 'X' || i != len(id)-1) {
			return "", ErrIDChars
		}
	}
	if len(id) != 18 {
		return "", ErrIDLength
	}
	if !validBirthDate(id[6:14], now) {
		return "", ErrIDBirthDate
	}
	if idCheckChar(id[:17]) != id[17] {
		return "", ErrIDCheckDigit
	}
	return id, nil
}

// validBirthDate reports whether yyyymmdd is a real date from 1900 to the
// day of now in China; time.Date normalises 0229 of a common year to 0301,
// which the round trip catches.
func validBirthDate(yyyymmdd string, now time.Time) bool {
	y := atoi(yyyymmdd[:4])
	m := atoi(yyyymmdd[4:6])
	d := atoi(yyyymmdd[6:])
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != time.Month(m) || t.Day() != d {
		return false
	}
	ty, tm, td := now.In(chinaTime).Date()
	return !t.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC))
}

// chinaTime is UTC+8 without daylight saving, which Asia/Shanghai has been
// since 1991; a fixed zone avoids depending on the tz database for a check
// that only needs the calendar day.
var chinaTime = time.FixedZone("CST", 8*3600)

// idCheckChar computes the ISO 7064 MOD 11-2 check character of the first
// 17 digits: weights 2^(17-i) mod 11, and the sum mod 11 indexes "10X98765432".
func idCheckChar(first17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// MaskID hides an ID number for display: a resident ID keeps its first 6
// characters (the region) and last 4, so staff can tell two visitors apart
// without seeing the birth date: 110105********002X. Any other document
// number of 8 or more characters keeps only its last 4; shorter ones are
// masked entirely, since 4 characters would be most of them.
func MaskID(s string) string {
	id := []rune(strings.ToUpper(strings.ReplaceAll(Normalize(s), " ", "")))
	n := len(id)
	switch {
	case n == 18:
		return string(id[:6]) + strings.Repeat("*", 8) + string(id[14:])
	case n >= 8:
		return strings.Repeat("*", n-4) + string(id[n-4:])
	}
	return strings.Repeat("*", n)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// atoi parses a string the caller has checked to be ASCII digits.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
