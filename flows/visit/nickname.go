package visit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// A visitor known at the gate by what people call him, 小刘 or 老王: the
// eighteenth user test's 「来了个送快递的 顺丰 小刘 电话135… 送东西给王老师」 was
// answered 「请发送访客的姓名」 as if nothing had been read. The rest is kept,
// and the full name asked for, with 就写小刘 for a guard who does not know it.

// nicknamePrefixes come before a surname to call someone by it.
var nicknamePrefixes = []string{"小", "老", "阿"}

// nickname reads tok as a surname called with 小, 老 or 阿 (小刘, 老王,
// 阿陈) and returns the surname.
func (v *vocab) nickname(tok string) (string, bool) {
	for _, p := range nicknamePrefixes {
		if sur, ok := strings.CutPrefix(tok, p); ok && utf8.RuneCountInString(sur) == 1 && v.hasSurname(sur) && !v.notName[tok] {
			return sur, true
		}
	}
	return "", false
}

// nicknameAsk asks for the full name of the visitor called d.Nickname.
func nicknameAsk(d *visitDraft) string {
	return fmt.Sprintf("其他信息已记下。「%s」是称呼，请问这位访客的全名叫什么（如「%s强」）？问不到全名的，回复「就写%s」即可。", d.Nickname, d.Surname, d.Nickname)
}

// nicknameTaken says the visitor asked for once is registered by his
// nickname.
func nicknameTaken(d *visitDraft) string {
	return fmt.Sprintf("好的，问不到全名就登记为「%s」；问到了随时发全名，我来改。", d.Nickname)
}

// nicknameLater reads a message after the visitor was registered by his
// nickname and the check-in went on: the full name found out then (刘洋,
// of 小刘) is his name, and the nickname said again (就写小刘) is nothing
// new. Neither is the answer to the question asked (the ID number).
func (f VisitFlow) nicknameLater(t *flows.Turn, d *visitDraft) (bool, error) {
	if d.Nickname == "" || d.Name != d.Nickname {
		return false, nil
	}
	v, text := vocabFor(t), strings.TrimSpace(parse.Normalize(t.Text))
	switch {
	case nicknameOnly(text, d.Nickname):
		// Not the question asked again word for word: it stands.
		t.Say(fmt.Sprintf("好的，姓名已经登记为「%s」了，请接着回复刚才的问题。", d.Nickname))
		return true, nil
	case strings.HasPrefix(text, d.Surname) && text != d.Nickname && v.isName(text) && v.hasSurname(text):
		d.Name = text
		t.Say(fmt.Sprintf("好的，访客姓名已改为%s。", text))
		return true, f.next(t, d)
	}
	return false, nil
}

// taskAtName answers the word of another task (巡查) typed at the name
// question: the check-in is finished or cancelled first.
func taskAtName(word string, d *visitDraft) string {
	if d.Nickname != "" {
		return fmt.Sprintf("「%s」要等这位访客登记完再做：请先回复%s的全名（问不到就回复「就写%s」），或者发送「取消」放弃这次登记。", word, d.Nickname, d.Nickname)
	}
	return fmt.Sprintf("「%s」要等这位访客登记完再做：请先回复访客的姓名，或者发送「取消」放弃这次登记。", word)
}

// unknownNameWords say the full name is not known: 不知道, 没问.
var unknownNameWords = []string{"不知道", "不知道全名", "不清楚", "不晓得", "没问", "问不到", "他不说", "不肯说", "不说", "就这样", "就这样写", "就写这个"}

// nicknameOnly reports whether text, at the full name's question, keeps
// the nickname as the name: 就写小刘, 小刘就行, 不知道全名.
func nicknameOnly(text, nick string) bool {
	if nick == "" {
		return false
	}
	s := strings.Trim(parse.Normalize(strings.TrimSpace(text)), " ,，。.!！吧")
	if flows.IsWord(s, unknownNameWords) {
		return true
	}
	for _, w := range []string{"就写", "就登记", "就记", "写", "登记", "记"} {
		s = strings.TrimPrefix(s, w)
	}
	for _, w := range []string{"就行", "就可以", "就好", "吧"} {
		s = strings.TrimSuffix(s, w)
	}
	return s == nick
}
