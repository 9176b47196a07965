package wechat

import (
	"encoding/xml"
	"testing"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// TestReplyXMLAsTheSDKMarshals: the hand-built reply documents are, byte
// for byte, what xml.Marshal writes for the SDK's types, including text
// that needs escaping (a "]]>" inside CDATA, markup, control characters,
// invalid UTF-8) and empty fields.
func TestReplyXMLAsTheSDKMarshals(t *testing.T) {
	texts := []string{
		"", "收到，已报修。", "a]]>b", "]]>", "x]]>]]>y]]", "<b>&amp;</b> 'q' \"d\"",
		"一行\n两行\r\n\t缩进", "\x00\x01\x1f控制", "bad \xff\xfe utf8", "emoji 🔧", "]]]>", strings0(3000),
	}
	for _, s := range texts {
		reply := message.NewText(s)
		reply.SetToUserName(message.CDATA("o" + s))
		reply.SetFromUserName("gh_" + message.CDATA(s))
		reply.SetMsgType(message.MsgTypeText)
		reply.SetCreateTime(1764400000)
		want, err := xml.Marshal(reply)
		if err != nil {
			t.Fatal(err)
		}
		if got := textReplyXML("o"+s, "gh_"+s, 1764400000, s); string(got) != string(want) {
			t.Errorf("textReplyXML(%q)\n got %s\nwant %s", s, got, want)
		}
		want, err = xml.Marshal(message.ResponseEncryptedXMLMsg{EncryptedMsg: "e" + s, MsgSignature: s, Timestamp: -12, Nonce: s + "n"})
		if err != nil {
			t.Fatal(err)
		}
		if got := encryptedReplyXML("e"+s, s, -12, s+"n"); string(got) != string(want) {
			t.Errorf("encryptedReplyXML(%q)\n got %s\nwant %s", s, got, want)
		}
	}
}

func strings0(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "ab]>&<"[i%6]
	}
	return string(b)
}

func BenchmarkReplyXML(b *testing.B) {
	b.Run("xml.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			reply := message.NewText("收到，已为您报修：302教室第三排课桌腿断了。")
			reply.SetToUserName("oTeacher01")
			reply.SetFromUserName("gh_houqin")
			reply.SetMsgType(message.MsgTypeText)
			reply.SetCreateTime(1764400000)
			if _, err := xml.Marshal(reply); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("textReplyXML", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			_ = textReplyXML("oTeacher01", "gh_houqin", 1764400000, "收到，已为您报修：302教室第三排课桌腿断了。")
		}
	})
}
