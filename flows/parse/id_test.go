package parse

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// withCheck completes 17 digits with their check character, so tests use
// real, valid numbers rather than ones copied from somewhere.
func withCheck(tb testing.TB, first17 string) string {
	tb.Helper()
	if len(first17) != 17 {
		tb.Fatalf("withCheck(%q): need 17 digits", first17)
	}
	return first17 + string(idCheckChar(first17))
}

func TestIDCheckChar(t *testing.T) {
	// 11010519491231002X is the example of GB 11643-1999.
	if got, want := idCheckChar("11010519491231002"), byte('X'); got != want {
		t.Errorf("idCheckChar(11010519491231002) = %c, want %c", got, want)
	}
	// The product spec's example 110101199003071234 is not a valid number:
	// its check character would be 3.
	if got, want := idCheckChar("11010119900307123"), byte('3'); got != want {
		t.Errorf("idCheckChar(11010119900307123) = %c, want %c", got, want)
	}
}

func TestValidateID(t *testing.T) {
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, chinaTime)
	leap := withCheck(t, "11010520000229001")
	today := withCheck(t, "11010520250301001")
	tests := []struct {
		in      string
		want    string
		wantErr error
	}{
		{"11010519491231002X", "11010519491231002X", nil},
		{"11010519491231002x", "11010519491231002X", nil},
		{" 110105 19491231 002x ", "11010519491231002X", nil},
		{"110105-19491231-002X", "11010519491231002X", nil},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", nil},
		{"110101199003071233", "110101199003071233", nil},
		{leap, leap, nil},
		{today, today, nil},
		{"110101199003071234", "", ErrIDCheckDigit},
		{"11010519491231002Y", "", ErrIDChars},
		{"1101051949X231002X", "", ErrIDChars},
		{"身份证11010519491231002X", "", ErrIDChars},
		{"", "", ErrIDLength},
		{"1101051949123100", "", ErrIDLength},
		{"110105491231002", "", ErrIDLength}, // first-generation 15 digits
		{"11010519491231002X1", "", ErrIDChars},
		{"110105194912310021X", "", ErrIDLength},
		{withCheck(t, "11010519000229001"), "", ErrIDBirthDate}, // 1900 was not a leap year
		{withCheck(t, "11010520230229001"), "", ErrIDBirthDate},
		{withCheck(t, "11010520240230001"), "", ErrIDBirthDate},
		{withCheck(t, "11010520241301001"), "", ErrIDBirthDate},
		{withCheck(t, "11010520240100001"), "", ErrIDBirthDate},
		{withCheck(t, "11010518991231001"), "", ErrIDBirthDate},
		{withCheck(t, "11010520250302001"), "", ErrIDBirthDate}, // tomorrow
	}
	for _, tt := range tests {
		got, err := validateID(tt.in, now)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("validateID(%q) = %q, %v, want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestValidateIDNow(t *testing.T) {
	if _, err := ValidateID("11010519491231002X"); err != nil {
		t.Errorf("ValidateID(11010519491231002X) = %v, want nil", err)
	}
	future := withCheck(t, "110105"+time.Now().AddDate(1, 0, 0).Format("20060102")+"001")
	if _, err := ValidateID(future); !errors.Is(err, ErrIDBirthDate) {
		t.Errorf("ValidateID(born next year) = %v, want %v", err, ErrIDBirthDate)
	}
}

func TestIDErrorText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrIDCheckDigit, "身份证号校验位不对，可能有一位输错了，请逐位核对（最后一位应为数字或 X）。"},
		{ErrIDLength, "身份证号应为 18 位，请核对后重新输入。"},
		{errors.New("boom"), "身份证号不对，请核对后重新输入。"},
	}
	for _, tt := range tests {
		if got := IDErrorText(tt.err); got != tt.want {
			t.Errorf("IDErrorText(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if got := ErrorText(errors.New("boom")); got != "" {
		t.Errorf("ErrorText(foreign error) = %q, want \"\"", got)
	}
	for _, err := range []error{ErrIDLength, ErrIDChars, ErrIDBirthDate, ErrIDCheckDigit} {
		if strings.Contains(err.Error(), "身份证") {
			t.Errorf("%v.Error() is meant for logs, want English", err)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "110105********002X"},
		{"11010519491231002x", "110105********002X"},
		{"110101199003071234", "110101********1234"},
		{"E12345678", "*****5678"},
		{"12345678", "****5678"},
		{"1234567", "*******"},
		{"", ""},
		{"１２３４", "****"},
	}
	for _, tt := range tests {
		if got := MaskID(tt.in); got != tt.want {
			t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "110101199003071234", "11010520000229001", "１１０１０５", " 110105 19491231 002X", "E12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidateID(s)
		if err != nil {
			if got != "" {
				t.Fatalf("ValidateID(%q) = %q, %v: want \"\" with an error", s, got, err)
			}
			if !errors.Is(err, ErrIDLength) && !errors.Is(err, ErrIDChars) && !errors.Is(err, ErrIDBirthDate) && !errors.Is(err, ErrIDCheckDigit) {
				t.Fatalf("ValidateID(%q) error %v is not one of the ID errors", s, err)
			}
			if IDErrorText(err) == "" || ErrorText(err) == "" {
				t.Fatalf("ValidateID(%q) error %v has no Chinese text", s, err)
			}
		} else {
			if len(got) != 18 || strings.Trim(got[:17], "0123456789") != "" || idCheckChar(got[:17]) != got[17] {
				t.Fatalf("ValidateID(%q) = %q, not a valid 18-character ID", s, got)
			}
			if again, err := ValidateID(got); again != got || err != nil {
				t.Fatalf("ValidateID(%q) = %q, %v, want it to round-trip", got, again, err)
			}
			if m := MaskID(got); m != got[:6]+"********"+got[14:] {
				t.Fatalf("MaskID(%q) = %q", got, m)
			}
		}
		m := MaskID(s)
		if n := utf8.RuneCountInString(m); n != 18 && strings.Count(m, "*") < n-4 {
			t.Fatalf("MaskID(%q) = %q shows more than 4 characters", s, m)
		}
	})
}
