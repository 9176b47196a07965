package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

var _ repair.ScanStore = (*Tx)(nil)

// LocationQR is a location's 扫码报修 code: the token its scene carries,
// and the official account's permanent QR code for it once fetched.
type LocationQR struct {
	Location     flows.Location
	Token        string
	WeChatTicket string
	WeChatURL    string // what the QR code encodes (http://weixin.qq.com/q/...)
}

// newQRToken is 80 random bits in lower-case base32 (16 characters), for
// a scene string and a Telegram deep link alike.
func newQRToken() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// LocationQRs returns the codes of a school's active locations (in one
// building when building is not ""), ordered by building and room, making
// a token for each location that has none yet. Tokens are made once: a
// second call returns the same ones.
func (t *Tx) LocationQRs(ctx context.Context, schoolID int64, building string) ([]LocationQR, error) {
	locs, err := listLocations(ctx, t.q, schoolID, false)
	if err != nil {
		return nil, err
	}
	var out []LocationQR
	for _, l := range locs {
		if building != "" && l.Building != building {
			continue
		}
		tok, err := newQRToken()
		if err != nil {
			return nil, err
		}
		if _, err := t.q.ExecContext(ctx, `INSERT INTO location_qr (location_id, school_id, token) VALUES ($1, $2, $3)
			ON CONFLICT (location_id) DO NOTHING`, l.ID, schoolID, tok); err != nil {
			return nil, wrap("location_qr", err)
		}
		var row struct {
			Token  string `db:"token"`
			Ticket string `db:"wechat_ticket"`
			URL    string `db:"wechat_url"`
		}
		if err := sqlx.GetContext(ctx, t.q, &row, `SELECT token, wechat_ticket, wechat_url FROM location_qr WHERE location_id = $1`, l.ID); err != nil {
			return nil, wrap("location_qr", err)
		}
		out = append(out, LocationQR{Location: l, Token: row.Token, WeChatTicket: row.Ticket, WeChatURL: row.URL})
	}
	return out, nil
}

// SaveWeChatQR keeps the official account's QR code of a location.
func (t *Tx) SaveWeChatQR(ctx context.Context, locationID int64, ticket, url string) error {
	res, err := t.q.ExecContext(ctx, `UPDATE location_qr SET wechat_ticket = $2, wechat_url = $3 WHERE location_id = $1`, locationID, ticket, url)
	if err != nil {
		return wrap("location_qr", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("location_qr %d: %w", locationID, flows.ErrNotFound)
	}
	return nil
}

// LocationByQRToken implements repair.ScanStore: the active location whose
// code carries token, or flows.ErrNotFound.
func (t *Tx) LocationByQRToken(ctx context.Context, token string) (flows.Location, error) {
	var r locationRow
	err := sqlx.GetContext(ctx, t.q, &r, `SELECT l.id, l.school_id, l.building, l.floor, l.room, l.aliases, l.owner_id, l.active
		FROM location_qr q JOIN locations l ON l.id = q.location_id WHERE q.token = $1 AND l.active`, token)
	if err != nil {
		return flows.Location{}, wrap("location by QR code", err)
	}
	return r.location(), nil
}
