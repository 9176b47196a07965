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
	"slices"
	"strconv"
	"strings"
)

// IDVault protects visitors' ID numbers (个人信息保护法): it encrypts them
// at rest with AES-256-GCM and derives a keyed hash (HMAC-SHA256) so the
// watch list and repeat-visitor lookup can match a number without
// decrypting anything. The encryption key and the hash keys are derived
// from one configured master key with different labels, so a leaked hash
// key cannot decrypt and the hash of a number reveals nothing without the
// master key (a plain SHA-256 of an 18-digit ID is brute-forced in
// minutes: the birth date and region leave about 10^9 candidates).
//
// A sealed number is bound to the row that holds it (Binding, the GCM's
// additional data): copied into another visit, or another guard's draft,
// it does not open. Each school hashes with a key of its own, so the same
// number hashes differently in two schools and a hash from one school's
// rows matches nothing in another's.
//
// IDVault is pure: no SQL, no I/O. It is safe for concurrent use.
type IDVault struct {
	aead       cipher.AEAD
	master     []byte
	legacyHash []byte
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
	return &IDVault{aead: aead, master: slices.Clone(key), legacyHash: derive(key, "houqin/id/hash/v1")}, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// The first byte of every sealed value says how it was sealed, so the
// format (or the key, on rotation) can change without guessing.
const (
	// sealUnbound values were sealed before they were bound to their row
	// (the version byte alone was the additional data). They are still
	// opened, whatever the binding asked for, and no longer written;
	// they go with the purge of their visits.
	sealUnbound = 1
	// sealBound values carry their Binding as additional data.
	sealBound = 2
)

// Binding names the row a sealed ID number belongs to. It is
// authenticated with the number (GCM additional data) and not stored in
// the sealed value: whoever opens the value names the row it was read
// from, and a value moved to another row does not open there.
type Binding struct {
	kind     string
	schoolID int64
	id       int64
}

// VisitRow binds a number to a school's visit: visits.id_cipher.
func VisitRow(schoolID, visitID int64) Binding { return Binding{"visit", schoolID, visitID} }

// WatchRow binds a number to a school's watch-list entry:
// watch_list.sealed, kept so that a new key can hash it again (rekey).
func WatchRow(schoolID, entryID int64) Binding { return Binding{"watch", schoolID, entryID} }

// DraftOf binds a number to a guard's check-in in progress, kept in the
// guard's session until the visit is registered.
func DraftOf(schoolID, guardID int64) Binding { return Binding{"draft", schoolID, guardID} }

func (b Binding) additionalData() []byte {
	return fmt.Appendf([]byte{sealBound}, "houqin/id/%s/%d/%d", b.kind, b.schoolID, b.id)
}

// Seal encrypts an ID number for the row b: version byte, random 12-byte
// nonce, then the GCM ciphertext and tag. Every call gives a different
// result.
func (v *IDVault) Seal(id string, b Binding) ([]byte, error) {
	if b.kind == "" || b.id == 0 {
		return nil, errors.New("idvault: seal: no row to bind the number to")
	}
	out := make([]byte, 1+v.aead.NonceSize(), 1+v.aead.NonceSize()+len(id)+v.aead.Overhead())
	out[0] = sealBound
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("idvault: nonce: %w", err)
	}
	return v.aead.Seal(out, out[1:], []byte(id), b.additionalData()), nil
}

// Open decrypts a value made by Seal for the same row b. It fails for a
// value tampered with, sealed under another key or for another row. A
// value sealed before rows were bound opens for any row.
func (v *IDVault) Open(sealed []byte, b Binding) (string, error) {
	n := v.aead.NonceSize()
	if len(sealed) < 1+n+v.aead.Overhead() {
		return "", errors.New("idvault: not a sealed ID")
	}
	var ad []byte
	switch sealed[0] {
	case sealBound:
		ad = b.additionalData()
	case sealUnbound:
		ad = sealed[:1]
	default:
		return "", errors.New("idvault: not a sealed ID")
	}
	plain, err := v.aead.Open(nil, sealed[1:1+n], sealed[1+n:], ad)
	if err != nil {
		return "", errors.New("idvault: cannot open: wrong key, another row's value, or damaged")
	}
	return string(plain), nil
}

// Hash is the keyed hash of an ID number in a school, hex-encoded. The key
// is the school's own, derived from the master key (HMAC of the master key
// and "houqin id-hash school N"), so one number hashes differently in each
// school. Numbers are hashed as given: callers pass the normalised form
// (upper case, no spaces), so a lower-case x typed once and an upper-case
// X typed later match.
func (v *IDVault) Hash(schoolID int64, id string) string {
	return hashWith(derive(v.master, "houqin id-hash school "+strconv.FormatInt(schoolID, 10)), id)
}

// LegacyHash is the hash every school shared before each had a key of its
// own. Watch-list entries added before then hold it, and so do visits
// registered before, until they are purged: lookups try it after Hash, so
// those rows keep matching.
func (v *IDVault) LegacyHash(id string) string { return hashWith(v.legacyHash, id) }

func hashWith(key []byte, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))
}
