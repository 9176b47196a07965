package parse

import (
	"errors"
	"testing"
)

func TestValidatePhone(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  error
	}{
		{"13812345678", "13812345678", nil},
		{"138 1234 5678", "13812345678", nil},
		{"138-1234-5678", "13812345678", nil},
		{"+86 138-1234-5678", "13812345678", nil},
		{"(+86)13812345678", "13812345678", nil},
		{"+8613812345678", "13812345678", nil},
		{"008613812345678", "13812345678", nil},
		{"8619912345678", "19912345678", nil},
		{"１３８１２３４５６７８", "13812345678", nil},
		{"12812345678", "", ErrPhone},
		{"1381234567", "", ErrPhone},
		{"138123456789", "", ErrPhone},
		{"23812345678", "", ErrPhone},
		{"010-12345678", "", ErrPhone},
		{"1381234567a", "", ErrPhone},
		{"1+3812345678", "", ErrPhone},
		{"", "", ErrPhone},
		{"+1 13812345678", "", ErrPhone},
	}
	for _, tt := range tests {
		got, err := ValidatePhone(tt.in)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("ValidatePhone(%q) = %q, %v, want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzValidatePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "008613812345678", "１３８", "010-12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidatePhone(s)
		if err != nil {
			if got != "" || !errors.Is(err, ErrPhone) || ErrorText(err) == "" {
				t.Fatalf("ValidatePhone(%q) = %q, %v", s, got, err)
			}
			return
		}
		if len(got) != 11 || got[0] != '1' || got[1] < '3' || got[1] > '9' {
			t.Fatalf("ValidatePhone(%q) = %q, not a mobile number", s, got)
		}
		for _, r := range got {
			if !isDigit(r) {
				t.Fatalf("ValidatePhone(%q) = %q, not all digits", s, got)
			}
		}
		if again, err := ValidatePhone(got); again != got || err != nil {
			t.Fatalf("ValidatePhone(%q) = %q, %v, want it to round-trip", got, again, err)
		}
	})
}
