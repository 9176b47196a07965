package repair

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/houqin/houqin/flows"
)

// 扫码报修: every room has a printed QR code (`houqin qr`). Scanning it sends
// the channel a scene — a WeChat SCAN or subscribe event with the EventKey
// "loc:TOKEN", a Telegram "/start loc_TOKEN" — which the channel adapter
// turns into the text ScanText(scene). The actor below reads that text
// whatever the session is doing and starts a report with the place filled
// in, asking only what is wrong.
//
// The token is random and kept in the database with its location, so a
// made-up or altered scene names no location; one from another school is
// refused the same way. Someone not yet bound gets the binding
// instructions from the engine (it answers unknown accounts with nothing
// else) and scans again after binding: the place is not kept for them.

// ScanWord starts the text an adapter makes of a scanned scene.
const ScanWord = "扫码报修"

// ScanText is the message text for a scanned scene ("loc:TOKEN" or
// "loc_TOKEN").
func ScanText(scene string) string { return ScanWord + " " + scene }

// IsScanScene reports whether a QR scene or deep-link parameter is a
// location's 扫码报修 code rather than, say, a binding code.
func IsScanScene(scene string) bool {
	return strings.HasPrefix(scene, "loc:") || strings.HasPrefix(scene, "loc_")
}

// ScanStore finds the location of a QR token. *store.Tx implements it.
type ScanStore interface {
	// LocationByQRToken returns the active location whose code carries
	// token, or flows.ErrNotFound.
	LocationByQRToken(ctx context.Context, token string) (flows.Location, error)
}

// scanRE reads ScanText: the word, then whatever the scene was.
var scanRE = regexp.MustCompile(`^` + ScanWord + `\s*(\S*)$`)

// tokenRE is a QR token as store makes them.
var tokenRE = regexp.MustCompile(`^[a-z2-7]{16,40}$`)

// scanData is the actor data of a scan, before the scene.
const scanData = actorPrefix + ":scan:"

// scanTyped is Typed for a scan's text.
func scanTyped(text string) (string, bool) {
	m := scanRE.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	return scanData + m[1], true
}

// scanBadCode answers a scene that names no location of the school.
const scanBadCode = "这个报修二维码无效或已经停用了。请直接发送「报修」，再告诉我地点和问题。"

// scan starts a report at the scanned location.
func (f RepairFlow) scan(t *flows.Turn, scene string) error {
	token := strings.TrimPrefix(strings.TrimPrefix(scene, "loc:"), "loc_")
	st, ok := t.Tx.(ScanStore)
	if !ok || !tokenRE.MatchString(token) {
		t.Say(scanBadCode)
		return nil
	}
	l, err := st.LocationByQRToken(t.Ctx, token)
	if errors.Is(err, flows.ErrNotFound) || err == nil && l.SchoolID != t.School.ID {
		t.Say(scanBadCode)
		return nil
	}
	if err != nil {
		return err
	}
	d := repairDraft{LocationID: l.ID, Location: l.Label()}
	place := scanPlace(l)
	if !strings.HasSuffix(place, "）") {
		place += " "
	}
	t.Say("您在 " + place + "报修，请说说出了什么问题，比如「灯管不亮」「课桌腿断了」。也可以发一张照片。发送「取消」可以放弃。")
	return t.Begin(RepairFlow{}.Name(), string(stateDescription), &d)
}

// scanPlace names a location the way people in it know it: 初二(3)班（教学楼302）.
func scanPlace(l flows.Location) string {
	if len(l.Aliases) > 0 {
		return l.Aliases[0] + "（" + l.Name() + "）"
	}
	return l.Name()
}
