package flows

import "testing"

func TestWhatsUp(t *testing.T) {
	for text, want := range map[string]bool{
		"咋了": true, "又咋了？": true, "怎么回事": true, "出什么事了": true, "啥事啊": true,
		"又咋了 我看看": false, "303怎么了": false, "咋了 灯又坏了": false,
	} {
		if got := whatsUpRE.MatchString(text); got != want {
			t.Errorf("whatsUpRE(%q) = %v, want %v", text, got, want)
		}
	}
}
