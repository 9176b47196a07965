package repair

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// 扫码报修: every room has a printed QR code (`houqin qr`). Scanning it sends
// the channel a scene — a WeChat SCAN or subscribe event with the EventKey
// "loc:TOKEN", a Telegram "/start loc_TOKEN" — which the channel adapter
// turns into the text ScanText(scene). The actor below reads that text
// whatever the session is doing and starts a report with the place filled
// in, asking only what is wrong — unless the conversation in progress is
// a hazard being described, which takes the room as its place
// (flows.PlaceTaker).
//
// The token is random and kept in the database with its location, so a
// made-up or altered scene names no location; one from another school is
// refused the same way. Someone not yet bound gets the binding
// instructions from the engine, which keeps the scan for that chat account
// (KeepUnbound, flows.KeptMessages) for flows.KeepUnboundFor: when the
// account binds within it, the report at the scanned place starts right
// after 「绑定成功」, without a second scan.

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
var scanRE = rx.MustCompile(`^` + ScanWord + `\s*(\S*)$`)

// tokenRE is a QR token as store makes them.
var tokenRE = rx.MustCompile(`^[a-z2-7]{16,40}$`)

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

// KeepUnbound implements flows.UnboundKeeper: a scan from an account not
// yet bound is kept for after its binding.
func (RepairFlow) KeepUnbound(text string) (string, bool) {
	data, ok := scanTyped(text)
	if !ok || !tokenRE.MatchString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(data, scanData), "loc:"), "loc_")) {
		return "", false
	}
	return fmt.Sprintf("您刚才扫描的报修二维码已为您保留 %d 分钟：在此期间绑定成功后，会直接继续这个地点的报修，无需再扫。", int(flows.KeepUnboundFor/time.Minute)), true
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
	// A hazard being described takes the room as its place (see
	// flows.PlaceTaker): the scan fills in where, not a new report.
	if took, err := t.OfferPlace(l); took || err != nil {
		return err
	}
	t.Leave(f.Name())
	d := repairDraft{LocationID: l.ID, Location: l.Label()}
	place := scanPlace(l)
	if !strings.HasSuffix(place, "）") {
		place += " "
	}
	if t.Resumed {
		t.Say("您刚才扫描的是 " + scanPlace(l) + "，请说说出了什么问题，比如「灯管不亮」「课桌腿断了」。也可以发一张照片。发送「取消」可以放弃。")
	} else {
		t.Say("您在 " + place + "报修，请说说出了什么问题，比如「灯管不亮」「课桌腿断了」。也可以发一张照片。发送「取消」可以放弃。")
	}
	return t.Begin(RepairFlow{}.Name(), string(stateDescription), &d)
}

// scanPlace names a location the way people in it know it: 初二(3)班（教学楼302）.
func scanPlace(l flows.Location) string {
	if len(l.Aliases) > 0 {
		return l.Aliases[0] + "（" + l.Name() + "）"
	}
	return l.Name()
}
