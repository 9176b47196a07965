package wechat

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// The two XML documents every answered callback writes, the passive text
// reply and (safe mode) its encrypted envelope, are built here byte for
// byte as xml.Marshal writes the SDK's message.Text and
// message.ResponseEncryptedXMLMsg (TestReplyXMLAsTheSDKMarshals compares
// them). xml.Marshal allocates a 4 KiB buffered writer per call, which
// made the two marshals 13 % of the bytes a message allocated (houqin's
// handler, the engine and PostgreSQL: BenchmarkCallbackDB's memory
// profile); here one buffer of the right size is written once.

const (
	cdataStart  = "<![CDATA["
	cdataEnd    = "]]>"
	cdataEscape = "]]]]><![CDATA[>" // a "]]>" inside the text, as encoding/xml splits it
)

// appendCDATA appends the element <name>s</name> with s as CDATA, as the
// SDK's CDATA type marshals (an empty s is an empty element).
func appendCDATA(b []byte, name, s string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	if s != "" {
		b = append(b, cdataStart...)
		for {
			before, after, ok := strings.Cut(s, cdataEnd)
			if !ok {
				break
			}
			b = append(b, before...)
			b = append(b, cdataEscape...)
			s = after
		}
		b = append(b, s...)
		b = append(b, cdataEnd...)
	}
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

// appendText appends <name>s</name> with s escaped as encoding/xml
// escapes character data.
func appendText(b []byte, name, s string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	if strings.ContainsAny(s, "<>&'\"\t\n\r") || !isPlainUTF8(s) {
		var buf bytes.Buffer
		_ = xml.EscapeText(&buf, []byte(s)) // a bytes.Buffer does not fail
		b = append(b, buf.Bytes()...)
	} else {
		b = append(b, s...)
	}
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

// isPlainUTF8 reports whether s is printable ASCII, which xml.EscapeText
// copies unchanged (anything else takes its path: invalid UTF-8 and
// characters XML does not allow become U+FFFD there).
func isPlainUTF8(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// textReplyXML is the passive text reply from `from` to `to`.
func textReplyXML(to, from string, created int64, content string) []byte {
	b := make([]byte, 0, 160+len(to)+len(from)+len(content))
	b = append(b, "<xml>"...)
	b = appendCDATA(b, "ToUserName", to)
	b = appendCDATA(b, "FromUserName", from)
	b = append(b, "<CreateTime>"...)
	b = strconv.AppendInt(b, created, 10)
	b = append(b, "</CreateTime>"...)
	b = append(b, "<MsgType>text</MsgType>"...)
	b = appendCDATA(b, "Content", content)
	return append(b, "</xml>"...)
}

// encryptedReplyXML is the safe-mode envelope of an encrypted reply.
func encryptedReplyXML(enc, signature string, ts int64, nonce string) []byte {
	b := make([]byte, 0, 120+len(enc)+len(signature)+len(nonce))
	b = append(b, "<xml>"...)
	b = appendText(b, "Encrypt", enc)
	b = appendText(b, "MsgSignature", signature)
	b = append(b, "<TimeStamp>"...)
	b = strconv.AppendInt(b, ts, 10)
	b = append(b, "</TimeStamp>"...)
	b = appendText(b, "Nonce", nonce)
	return append(b, "</xml>"...)
}
