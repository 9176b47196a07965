package parse

import (
	"errors"
	"strings"
	"testing"
)

func TestValidatePlate(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  error
	}{
		{"京A12345", "京A12345", nil},
		{"粤B·12345", "粤B12345", nil},
		{"粤b·12345", "粤B12345", nil},
		{"沪 A 8C8M8", "沪A8C8M8", nil},
		{"京Ａ１２３４５", "京A12345", nil},
		{"京O12345", "京O12345", nil}, // O is an issuing office (police) in several provinces
		{"京A1234警", "京A1234警", nil},
		{"京A1234学", "京A1234学", nil},
		{"鲁B1234挂", "鲁B1234挂", nil},
		{"沪A1234领", "沪A1234领", nil},
		{"粤Z1234港", "粤Z1234港", nil},
		{"京AD12345", "京AD12345", nil},
		{"沪AFA1234", "沪AFA1234", nil},
		{"京AF1A234", "", ErrPlate},
		{"京ADI1234", "", ErrPlate},
		{"沪AA12345", "沪AA12345", nil},
		{"京A12345D", "京A12345D", nil},
		{"京A12345F", "京A12345F", nil},
		{"京A1234I", "", ErrPlate},
		{"京A1234O", "", ErrPlate},
		{"京I12345", "", ErrPlate},
		{"京12345", "", ErrPlate},
		{"港A12345", "", ErrPlate},
		{"京A1234", "", ErrPlate},
		{"京A123456", "", ErrPlate},
		{"京AD1234A", "", ErrPlate},
		{"京AL12345", "", ErrPlate},
		{"京A12345A", "", ErrPlate},
		{"京AI12345", "", ErrPlate},
		{"京A1234使", "", ErrPlate},
		{"WJ京12345", "", ErrPlate},
		{"", "", ErrPlate},
	}
	for _, tt := range tests {
		got, err := ValidatePlate(tt.in)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("ValidatePlate(%q) = %q, %v, want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzValidatePlate(f *testing.F) {
	for _, s := range []string{"京A12345", "粤b·12345", "京AD12345", "京A12345D", "京A1234警", "京Ａ１２３４５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidatePlate(s)
		if err != nil {
			if got != "" || !errors.Is(err, ErrPlate) {
				t.Fatalf("ValidatePlate(%q) = %q, %v", s, got, err)
			}
			return
		}
		p := []rune(got)
		if len(p) != 7 && len(p) != 8 || !strings.ContainsRune(provinces, p[0]) {
			t.Fatalf("ValidatePlate(%q) = %q, not a plate", s, got)
		}
		if strings.ContainsAny(string(p[2:]), "IOabcdefghijklmnopqrstuvwxyz ·") {
			t.Fatalf("ValidatePlate(%q) = %q, not canonical", s, got)
		}
		if again, err := ValidatePlate(got); again != got || err != nil {
			t.Fatalf("ValidatePlate(%q) = %q, %v, want it to round-trip", got, again, err)
		}
	})
}
