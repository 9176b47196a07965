package flows_test

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

func TestTopics(t *testing.T) {
	topic := flows.Topics([]flows.Module{
		{Name: "a", Topics: map[string]string{"repair": "报修"}},
		{Name: "b", Topics: map[string]string{"visit": "来访"}},
	})
	for kind, want := range map[string]string{"repair.assigned": "报修", "visit.confirm": "来访", "visit": "来访", "delivery.failed": "", "": ""} {
		if got := topic(kind); got != want {
			t.Errorf("topic(%q) = %q, want %q", kind, got, want)
		}
	}
}
