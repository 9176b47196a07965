package parse

import (
	"errors"
	"strings"
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

func TestValidateLandline(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  error
		short    bool // a *LandlineLengthError
	}{
		{"025-83456789", "025-83456789", nil, false},
		{"02583456789", "025-83456789", nil, false},
		{"(025)83456789", "025-83456789", nil, false},
		{"010 6512 3456", "010-65123456", nil, false},
		{"0571-87654321", "0571-87654321", nil, false},
		{"0571-8765432", "0571-8765432", nil, false},
		{"+86 25 8345 6789", "025-83456789", nil, false},
		{"０２５－８３４５６７８９", "025-83456789", nil, false},
		{"025-8345678", "", ErrLandline, true},
		{"025-834567890", "", ErrLandline, true},
		{"0571-876543", "", ErrLandline, true},
		{"025-03456789", "", ErrLandline, false},
		{"83456789", "", ErrLandline, false},
		{"13812345678", "", ErrLandline, false},
		{"0025-83456789", "", ErrLandline, false},
		{"025-8345678a", "", ErrLandline, false},
		{"", "", ErrLandline, false},
	}
	for _, tt := range tests {
		got, err := ValidateLandline(tt.in)
		_, short := errors.AsType[*LandlineLengthError](err)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) || short != tt.short {
			t.Errorf("ValidateLandline(%q) = %q, %v, want %q, %v (length error %v)", tt.in, got, err, tt.want, tt.wantErr, tt.short)
		}
	}
	var le *LandlineLengthError
	if _, err := ValidateLandline("025-8345678"); !errors.As(err, &le) || le.Text() != "座机号码不对：区号 025 后面的号码应是 8 位，你发的是 7 位，请再核对一下。" {
		t.Errorf("025-8345678: %v", err)
	}
}

func FuzzValidateLandline(f *testing.F) {
	for _, s := range []string{"025-83456789", "0571-8765432", "(010)65123456", "+86 25 8345 6789", "025-8345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidateLandline(s)
		if err != nil {
			if got != "" || !errors.Is(err, ErrLandline) {
				t.Fatalf("ValidateLandline(%q) = %q, %v", s, got, err)
			}
			return
		}
		area, local, ok := strings.Cut(got, "-")
		if !ok || area[0] != '0' || len(area) < 3 || len(area) > 4 || len(local) < 7 || len(local) > 8 {
			t.Fatalf("ValidateLandline(%q) = %q, not a landline", s, got)
		}
		if again, err := ValidateLandline(got); again != got || err != nil {
			t.Fatalf("ValidateLandline(%q) = %q, %v, want it to round-trip", got, again, err)
		}
	})
}
