package canteen_test

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/flowtest"
)

// The fifteenth user test's 总务主任 told a canteen issue handled in his
// own words; the 陪餐 record keeps those words, who said them and when,
// and a 陪餐 passed on as no issue is never marked handled.
func TestIssueHandledIsStored(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tx := w.Store.(*flowtest.Store).Tx.(world)
	leader, err := w.Core.StaffNamed("刘副校长")
	if err != nil {
		t.Fatal(err)
	}
	head, err := w.Core.StaffNamed("陈主任")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 12, 40, 0, 0, time.UTC)
	meal := func(note string, issue bool) canteen.AccompaniedMeal {
		a := canteen.AccompaniedMeal{SchoolID: leader.SchoolID, Day: Monday, Meal: flows.MealLunch, StaffID: leader.ID,
			Dishes: []string{"红烧肉", "米饭"}, Taste: 4, Portion: 5, Hygiene: 5, Note: note, Issue: issue, RecordedAt: at}
		if err := tx.CreateAccompaniedMeal(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	quiet := meal("米饭有点硬", false)
	meal("红烧肉太肥了", true)
	e := flows.NewEngine(flows.EngineConfig{Store: w.Store, Now: func() time.Time { return at.Add(3 * time.Hour) }, Modules: w.Modules})
	said := "红烧肉太肥那个事我已经跟食堂说了，以后买瘦一点的肉，这个事处理完了"
	if _, err := e.Handle(ctx, flows.Message{Channel: flows.ChannelConsole, ExternalUser: "陈主任", Chat: "陈主任",
		Text: said, DedupKey: "h1", At: at.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	ms, err := tx.AccompaniedMeals(ctx, leader.SchoolID, Monday, Monday)
	if err != nil || len(ms) != 2 {
		t.Fatalf("meals: %+v, %v", ms, err)
	}
	for _, a := range ms {
		switch {
		case a.ID == quiet.ID && !a.HandledAt.IsZero():
			t.Errorf("a 陪餐 passed on as no issue was marked handled: %+v", a)
		case a.ID != quiet.ID && (a.HandledNote != said || a.HandledBy != head.ID || !a.HandledAt.Equal(at.Add(3*time.Hour))):
			t.Errorf("issue handled as %q by %d at %v; want %q by %d at %v", a.HandledNote, a.HandledBy, a.HandledAt, said, head.ID, at.Add(3*time.Hour))
		}
	}
	if err := tx.HandleCanteenIssue(ctx, quiet.ID, head.ID, "x", at); err == nil {
		t.Error("HandleCanteenIssue of a 陪餐 that is no issue: no error")
	}
}
