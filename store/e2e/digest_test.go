package e2e_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/store/storetest"
)

// The digest goes out at 07:00 to the principal, the 分管领导 and the 总务主任,
// once each per day, however many scheduler instances tick.
func TestDigestJobSendsOncePerPersonPerDay(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestRepairs(t, db, s)
	quiet := storetest.Seed(t, db, "二中")
	link := func(sc flows.School, day time.Time) string {
		return "https://houqin.example/digest/" + sc.Name + "/" + day.Format("2006-01-02")
	}
	morning := storetest.DigestDay.AddDate(0, 0, 1)
	tick := func(at time.Time) {
		sched := &flows.Scheduler{Store: db, Now: func() time.Time { return at }, Jobs: digest.Module(link, nil).Jobs}
		sched.Tick(ctx)
	}
	type row struct {
		School int64  `db:"school_id"`
		To     int64  `db:"to_staff"`
		Body   string `db:"body"`
		Link   string `db:"link"`
	}
	digests := func() []row {
		var rs []row
		if err := db.SQL().Select(&rs, `SELECT school_id, to_staff, body, link FROM outbox WHERE kind = $1 ORDER BY school_id, to_staff`, digest.Kind); err != nil {
			t.Fatal(err)
		}
		return rs
	}
	tick(morning.Add(6*time.Hour + 59*time.Minute))
	if n := len(digests()); n != 0 {
		t.Fatalf("at 06:59: %d digests queued, want none before digest_at", n)
	}
	// Two instances at 07:00, concurrently, then a restart at 07:30.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); tick(morning.Add(7 * time.Hour)) }()
	}
	wg.Wait()
	tick(morning.Add(7*time.Hour + 30*time.Minute))
	rs := digests()
	if len(rs) != 6 {
		t.Fatalf("%d digests queued, want 3 people × 2 schools exactly once: %+v", len(rs), rs)
	}
	want := map[int64]bool{s.Staff["张校长"].ID: true, s.Staff["刘副校长"].ID: true, s.Staff["陈主任"].ID: true,
		quiet.Staff["张校长"].ID: true, quiet.Staff["刘副校长"].ID: true, quiet.Staff["陈主任"].ID: true}
	for _, r := range rs {
		if !want[r.To] {
			t.Errorf("digest to staff %d, who is not a principal, leader or head", r.To)
		}
		if !strings.Contains(r.Link, "2026-11-20") {
			t.Errorf("link %q is not to the page of 2026-11-20", r.Link)
		}
		switch r.School {
		case s.ID:
			if !strings.Contains(r.Body, "需关注：2 项逾期维修") {
				t.Errorf("一中's digest does not start with what needs attention:\n%s", r.Body)
			}
		case quiet.ID:
			if r.Body != "【二中 11月20日（周五）后勤日报】一切正常" {
				t.Errorf("a school with nothing: got %q, want one line 一切正常", r.Body)
			}
		}
	}
	// The next morning brings the next day's digest.
	tick(morning.AddDate(0, 0, 1).Add(7 * time.Hour))
	if n := len(digests()); n != 12 {
		t.Errorf("after the second morning: %d digests, want 12", n)
	}
}
