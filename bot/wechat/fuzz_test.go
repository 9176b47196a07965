package wechat

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

func TestDecodeXMLRefusesDTD(t *testing.T) {
	var v struct{}
	for _, doc := range []string{
		`<!DOCTYPE x [<!ENTITY a "aaaa">]><xml/>`,
		`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE xml SYSTEM "http://example.org/x.dtd"><xml/>`,
	} {
		if err := decodeXML([]byte(doc), &v); !errors.Is(err, errDTD) {
			t.Errorf("decodeXML(%q) = %v, want errDTD", doc, err)
		}
	}
}

var fuzzSeeds = []string{
	textXML(testOpenID, 1, "报修"),
	eventXML(testOpenID, "subscribe", "qrscene_ABC"),
	eventXML(testOpenID, "CLICK", KeyRepair),
	`<xml><FromUserName>a</FromUserName><MsgType>location</MsgType><Location_X>1e400</Location_X></xml>`,
	`<xml><FromUserName>a</FromUserName><MsgType>text</MsgType><MsgId>-1</MsgId><CreateTime>99999999999999999999</CreateTime></xml>`,
	`<!DOCTYPE x [<!ENTITY a "b">]><xml>&a;</xml>`,
	`<xml><xml><xml>`,
	"\xef\xbb\xbf<xml/>",
	"",
}

// FuzzParse drives the inbound parsing path (decodeXML, toMessage) with
// arbitrary documents; it must never panic.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req request
		c := &Channel{cfg: Config{Token: testToken, AppID: testAppID}}
		if _, err := c.decode(&req, data, ""); err != nil {
			return
		}
		msg, _, _ := toMessage(req.msg, time.Unix(0, 0))
		if msg.ExternalUser == "" {
			t.Errorf("accepted a message without a sender: %q", data)
		}
	})
}

// FuzzCallback posts arbitrary, correctly signed bodies to the handler, in
// plaintext mode and as the Encrypt element of safe mode; it must answer
// without a panic (recovered panics show as 500).
func FuzzCallback(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, false)
	}
	enc, _ := util.EncryptMsg([]byte("0123456789abcdef"), []byte(textXML(testOpenID, 1, "x")), testAppID, testAESKey)
	f.Add(string(enc), true)
	f.Add("AAAA", true)
	f.Add(strings.Repeat("A", 64), true)
	plain, safe := newEnv(f, plaintext), newEnv(f, nil)
	f.Fuzz(func(t *testing.T, s string, encrypted bool) {
		e, target, body := plain, plainURL(testToken), s
		if encrypted {
			e = safe
			nonce := freshNonce()
			q := url.Values{
				"timestamp":     {testStamp},
				"nonce":         {nonce},
				"msg_signature": {util.Signature(testToken, testStamp, nonce, s)},
			}
			target = "/wechat?" + q.Encode()
			body = "<xml><Encrypt><![CDATA[" + strings.ReplaceAll(s, "]]>", "") + "]]></Encrypt></xml>"
		}
		w := e.post(target, body)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge:
		default:
			t.Errorf("status %d for %q", w.Code, s)
		}
	})
}
