package visit

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// IDVault protects visitors' ID numbers (个人信息保护法): it encrypts them
// at rest with AES-256-GCM and derives a keyed hash (HMAC-SHA256) so the
// watch list and repeat-visitor lookup can match a number without
// decrypting anything. The encryption key and the hash key are derived
// from one configured master key with different labels, so a leaked hash
// key cannot decrypt and the hash of a number reveals nothing without the
// master key (a plain SHA-256 of an 18-digit ID is brute-forced in
// minutes: the birth date and region leave about 10^9 candidates).
//
// IDVault is pure: no SQL, no I/O. It is safe for concurrent use.
type IDVault struct {
	aead    cipher.AEAD
	hashKey []byte
}

// IDKeyLength is the length of the master key in bytes.
const IDKeyLength = 32

// ErrIDKey reports a master key that is not 32 bytes of hex or base64.
var ErrIDKey = errors.New("the ID key must be 32 bytes, written as 64 hex characters or base64")

// ParseIDKey decodes a configured master key: 64 hex characters, or base64
// (standard or URL alphabet, padded or not) of 32 bytes. The error never
// contains the key.
func ParseIDKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*IDKeyLength {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == IDKeyLength {
			return b, nil
		}
	}
	return nil, ErrIDKey
}

// NewIDVault returns a vault for a 32-byte master key.
func NewIDVault(key []byte) (*IDVault, error) {
	if len(key) != IDKeyLength {
		return nil, ErrIDKey
	}
	block, err := aes.NewCipher(derive(key, "houqin/id/encrypt/v1"))
	if err != nil {
		return nil, fmt.Errorf("idvault: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("idvault: %w", err)
	}
	return &IDVault{aead: aead, hashKey: derive(key, "houqin/id/hash/v1")}, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// sealVersion is the first byte of every sealed value, so the format (or
// the key, on rotation) can change later without guessing.
const sealVersion = 1

// Seal encrypts an ID number: version byte, random 12-byte nonce, then the
// GCM ciphertext and tag. Every call gives a different result.
func (v *IDVault) Seal(id string) ([]byte, error) {
	out := make([]byte, 1+v.aead.NonceSize(), 1+v.aead.NonceSize()+len(id)+v.aead.Overhead())
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("idvault: nonce: %w", err)
	}
	return v.aead.Seal(out, out[1:], []byte(id), []byte{sealVersion}), nil
}

// Open decrypts a value made by Seal. It fails for anything tampered with
// or sealed under another key.
func (v *IDVault) Open(sealed []byte) (string, error) {
	n := v.aead.NonceSize()
	if len(sealed) < 1+n+v.aead.Overhead() || sealed[0] != sealVersion {
		return "", errors.New("idvault: not a sealed ID")
	}
	plain, err := v.aead.Open(nil, sealed[1:1+n], sealed[1+n:], sealed[:1])
	if err != nil {
		return "", errors.New("idvault: cannot open: wrong key or damaged value")
	}
	return string(plain), nil
}

// Hash is the keyed hash of an ID number, hex-encoded. Numbers are hashed
// as given: callers pass the normalised form (upper case, no spaces), so a
// lower-case x typed once and an upper-case X typed later match.
func (v *IDVault) Hash(id string) string {
	m := hmac.New(sha256.New, v.hashKey)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))
}
