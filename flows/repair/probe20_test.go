package repair

import (
	"context"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/parse"
)

// TestTeacherWordsOfTheTwentiethRound reads the phrasings a teacher types
// for the three cases of the twentieth round: a 没修好 taken back (UT17
// F14), a reply to the worker's note that only acknowledges it (F32), and
// a score said outside the rating question (UT16 F30).
func TestTeacherWordsOfTheTwentiethRound(t *testing.T) {
	for text, want := range map[string]bool{
		"撤回": true, "撤销": true, "点错了": true, "刚才按错了，其实修好了": true, "不好意思按错了": true,
		"弄错了 是好的": true, "撤销没修好": true, "取消刚才的没修好": true, "没修好是点错的": true, "手滑了": true,
		"还是不亮": false, "点错了吗？": false, "撤销 3": false, "303饮水机不用修了": false,
	} {
		if got := undoRedoWords(text); got != want {
			t.Errorf("undoRedoWords(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"好的，谢谢师傅": true, "收到": true, "好的 麻烦师傅了": true, "知道了 辛苦": true, "嗯嗯": true, "ok": true, "谢谢孙师傅": true,
		"明天下午几点来？": false, "能不能快点": false, "好的 钥匙在门卫那": false,
	} {
		if got := ackWordsRE.MatchString(strings.ToLower(parse.Normalize(text))); got != want {
			t.Errorf("ackWordsRE(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]int{
		"5分": 5, "五分": 5, "给师傅五星好评": 5, "五颗星": 5, "满分": 5, "给孙师傅打4分": 4, "给个两分": 2,
		"很满意": 0, "师傅说5分钟后到": 0, "302的灯": 0,
	} {
		if got := scoreSaid(strings.ToLower(parse.Normalize(text))); got != want {
			t.Errorf("scoreSaid(%q) = %d, want %d", text, got, want)
		}
	}
}

// TestRedoTakenBackKeepsTheFinish: 人为损坏 and who did it, as the worker
// recorded them with 完成, are the job's again once the 没修好 that cleared
// them is taken back, and the trail keeps both.
func TestRedoTakenBackKeepsTheFinish(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `at 2026-12-01 12:00
李老师: 302的门锁坏了 锁不上
李老师: 1
王师傅: 完成 1
王师傅: 2
王师傅: 初二(3)班学生踢的；换了锁芯
李老师: 没修好 1
李老师: 还是锁不上
王师傅: 接单 1
李老师: 撤回
`)
	r, err := w.Repair(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairDone || r.Cause != CauseDamage || r.DamageNote != "初二(3)班学生踢的；换了锁芯" || r.Description != "门锁坏了，锁不上" || r.Reopens != 0 {
		t.Errorf("after 撤回: %s %s %q %q reopens %d, want done, 人为损坏 by 初二(3)班, as first described, no reopen",
			r.Status, r.Cause, r.DamageNote, r.Description, r.Reopens)
	}
	evs, _ := w.RepairEvents(context.Background(), 1)
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, string(e.Kind))
	}
	if got := strings.Join(kinds, " "); !strings.Contains(got, "reopened accepted redo_undone") {
		t.Errorf("trail %s, want the 没修好, the worker's 接单 and its undoing", got)
	}
}

// TestRedoTakenBackKeepsThePhoto: the photo of the finished work, which
// the 没修好 clears from the repair, is kept in its trail and comes back
// when the 没修好 is taken back.
func TestRedoTakenBackKeepsThePhoto(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `at 2026-12-01 12:00
李老师: 303的灯不亮了
李老师: 1
孙师傅: [图片] 完成 1
孙师傅: 1
`)
	done, err := w.Repair(context.Background(), 1)
	if err != nil || done.DonePhoto == "" {
		t.Fatalf("after [图片] 完成: photo %q, %v", done.DonePhoto, err)
	}
	flowtest.Play(t, w.flowWorld(), `李老师: 没修好 1
李老师: 跳过
李老师: 点错了
`)
	r, err := w.Repair(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairDone || r.DonePhoto != done.DonePhoto || !r.DoneAt.Equal(done.DoneAt) {
		t.Errorf("after 点错了: %s photo %q done %s, want done with photo %q done %s", r.Status, r.DonePhoto, r.DoneAt, done.DonePhoto, done.DoneAt)
	}
}
