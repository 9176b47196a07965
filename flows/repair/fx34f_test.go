package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestRatingWords: a score said in words at the rating question (user
// test 34's T37–T39), the words kept as the comment; praise beside a
// complaint, or news of a fault, is no score to guess.
func TestRatingWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int // 0: not a score
	}{
		{"挺好的 没毛病", 5},
		{"没毛病", 5},
		{"都还行 孙师傅这次辛苦", 4},
		{"一般般吧 来回弄了两次", 3},
		{"挺好的 谢谢师傅", 5},
		{"还可以 就是来得晚了点", 0}, // 就是: a complaint, kept while the score is asked (complainedAtRating)
		{"总体还行", 4},
		{"很满意", 5},
		{"挺好的 就是慢了点", 0},
		{"挺好的 楼道灯也坏了", 0},
		{"还行吧 还是有点漏", 0},
		{"来回弄了两次", 0},
		{"一般 303的灯不亮", 0},
	} {
		got, ok := praiseScore(tc.text)
		if !ok {
			got = 0
		}
		if got != tc.want {
			t.Errorf("praiseScore(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// TestWithdrawSelfFixed: a reporter who saw to it herself, or asks the
// report taken back in her own words (user test 34's T43–T45), withdraws
// it; a question, or a repair asked for, does not.
func TestWithdrawSelfFixed(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"算了 椅子我自己修好了 拧了下螺丝就行", true},
		{"不用王师傅来了 这个报修撤了吧", true},
		{"撤回9号报修", true},
		{"撤销这个报修", true},
		{"我自己弄好了", true},
		{"取消刚才的报修", true},
		{"不用师傅过来了", true},
		{"这个报修不要了", true},
		{"报修撤了吗", false},
		{"王师傅什么时候来", false},
		{"椅子还是晃 麻烦王师傅来一下", false},
		{"报修单怎么还没关", false},
		{"实验楼三楼灭火器那个隐患 陈主任自己换好了 我看过了 可以结了", false}, // a hazard vouched for (inspection probe18)
	} {
		if got := withdrawRE.MatchString(tc.text); got != tc.want {
			t.Errorf("withdrawRE.MatchString(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestFx34fTranscripts runs the conversations of testdata/fx34f: a report
// withdrawn in words, a withdrawal offering only the jobs it names, scores
// in words and a sign-off that had begun a report (user test 34), in
// ut32World.
func TestFx34fTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34f/*.txt", ut32World)
}
