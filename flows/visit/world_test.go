package visit

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/repair/repairtest"
)

// world is one transaction of the in-memory school: the core fake and the
// visit fake together, so that flows.StoreOf finds both.
type world struct {
	*flowtest.Core
	*fakeStore
	words map[int64][]lexicon.Entry // schools' own words (houqin lexicon add)
}

// Lexicon implements lexicon.Store, as the store does.
func (w *world) Lexicon(_ context.Context, schoolID int64) ([]lexicon.Entry, error) {
	return w.words[schoolID], nil
}

// Valid resident ID numbers (check digits computed). idBad, the issue's
// example, has a wrong check digit; idWatched is on the watch list.
const (
	idZhang   = "11010519491231002X"
	idLi      = "440304198510123415"
	idWatched = "320102198001011238"
	idBad     = "110101199003071234"
)

// testVault is the vault of every test here: a fixed key, so sealed and
// hashed values are the same on every run.
func testVault(tb testing.TB) *IDVault {
	tb.Helper()
	v, err := NewIDVault(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// newWorld seeds the school 一中 (flowtest.Seed) with a watch list of an
// ID number, a mobile number and a name, and a second school 二中 with a
// guard (二中门卫) and a teacher (赵老师); it runs the visit module with
// vault (nil: no ID key configured).
func newWorld(tb testing.TB, vault *IDVault) (*flowtest.World, *world) {
	tb.Helper()
	c := flowtest.NewCore()
	s := flowtest.Seed(c)
	w := &world{Core: c, fakeStore: &fakeStore{core: c}}
	hash := testVault(tb).Hash(s.ID, idWatched)
	for _, e := range []WatchEntry{
		{Kind: WatchID, Hash: hash, Masked: "320102********1238", Note: "校闹，法院禁止令"},
		{Kind: WatchPhone, Value: "13700000000", Masked: "137****0000", Note: "多次冒充家长"},
		{Kind: WatchName, Value: "冯刚", Masked: "冯刚", Note: "已被学校解聘，不得入校"},
	} {
		e.SchoolID, e.AddedAt = s.ID, flowtest.Start
		if err := w.addWatch(e); err != nil {
			tb.Fatal(err)
		}
	}
	// A second school, whose visits 一中's people must not reach.
	other := c.AddSchool("二中")
	for _, p := range []flows.Staff{
		{SchoolID: other.ID, Name: "二中门卫", Roles: []flows.Role{flows.RoleGuard}},
		{SchoolID: other.ID, Name: "赵老师", Roles: []flows.Role{flows.RoleTeacher}},
	} {
		c.Bind(flows.ChannelConsole, p.Name, c.AddStaff(p))
	}
	return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: w}, Modules: []flows.Module{Module(vault)}}, w
}

// The gate's conversations as golden transcripts: go test -run
// Transcripts -update rewrites the want sections.
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World {
		fw, _ := newWorld(t, testVault(t))
		return fw
	})
}

// TestBesideRepairTranscripts: the gate's flows beside the repair module,
// as serve runs them (testdata/withrepair).
func TestBesideRepairTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/withrepair/*.txt", func(t *testing.T) *flowtest.World {
		fw, w := newWorld(t, testVault(t))
		fw.Modules = append(fw.Modules, repair.Module()) // after the gate, as serve registers them
		fw.Store.(*flowtest.Store).Tx = repairWorld{world: w}
		return fw
	})
}

// repairWorld is this module's world with a school that has no repairs
// (repairtest.NoRepairs), as repair finds it in serve.
type repairWorld struct {
	*world
	repairtest.NoRepairs
}

// Without an ID key the gate log refuses, politely, to start.
func TestTranscriptsWithoutVault(t *testing.T) {
	flowtest.Run(t, "testdata/novault/*.txt", func(t *testing.T) *flowtest.World {
		fw, _ := newWorld(t, nil)
		return fw
	})
}

// idNumberRE finds document numbers in a transcript: resident IDs and
// passport-like numbers (a letter and 7 or 8 digits).
var idNumberRE = regexp.MustCompile(`(?i)\d{17}[0-9x]|\b[a-z]\d{7,8}\b`)

// Every number the guard typed appears masked in what houqin says and
// notifies, never in full: only the guard's own input lines hold it.
func TestTranscriptsShowMaskedIDs(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	nested, _ := filepath.Glob("testdata/*/*.txt")
	for _, file := range append(files, nested...) {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		input, want, ok := strings.Cut(string(raw), "-- want --\n")
		if !ok {
			t.Fatalf("%s has no want section", file)
		}
		typed := idNumberRE.FindAllString(input, -1)
		for n, line := range strings.Split(want, "\n") {
			if strings.HasPrefix(line, "> ") {
				continue
			}
			for _, id := range typed {
				if strings.Contains(strings.ToUpper(line), strings.ToUpper(id)) {
					t.Errorf("%s: want line %d shows %s in full: %s", file, n+1, id, line)
				}
			}
		}
	}
}

// play runs a script (the transcript language) on a fresh world with the
// test vault and returns the world, for what a transcript does not show:
// the records, their events and the sealed ID.
func play(t *testing.T, script string) *world {
	t.Helper()
	fw, w := newWorld(t, testVault(t))
	flowtest.Play(t, fw, script)
	return w
}

const oneMessage = "张三 身份证" + idZhang + " 13800138000 找初二班主任李老师 家长会 京A12345"

func staffID(t *testing.T, w *world, name string) int64 {
	t.Helper()
	s, err := w.StaffNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

func TestRecordsOfACheckIn(t *testing.T) {
	vault := testVault(t)
	w := play(t, "at 09:30\n老郑: "+oneMessage+"\n老郑: 1\nat +3m\n李老师: 同意 1\n李老师: 拒绝 1\n")
	v := w.visits[0]
	if v.Status != VisitAdmitted || v.HostID != staffID(t, w, "李老师") || v.DecidedBy != staffID(t, w, "李老师") ||
		v.Party != 1 || v.Plate != "京A12345" || v.IDMasked != "110105********002X" || v.Decision != "被访人李老师同意" {
		t.Errorf("visit %+v", v)
	}
	if plain, err := vault.Open(v.IDCipher, VisitRow(v.SchoolID, v.ID)); err != nil || plain != idZhang || v.IDHash != vault.Hash(v.SchoolID, idZhang) {
		t.Errorf("stored ID opens to %q (%v)", plain, err)
	}
	if got, want := w.eventKinds(v.ID), "registered,approved"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	for _, q := range w.Outbox {
		if strings.Contains(q.Text, idZhang) {
			t.Errorf("a notification shows the plain ID: %s", q.Text)
		}
	}
	for _, e := range w.events {
		if strings.Contains(fmt.Sprintf("%+v", e), idZhang) {
			t.Errorf("an event holds the plain ID: %+v", e)
		}
	}
}

// A repeat visitor's number, reused from the last visit, is sealed afresh
// for the new visit: the old visit's value does not open as the new one's.
func TestRecordsOfARepeatVisit(t *testing.T) {
	vault := testVault(t)
	w := play(t, "老郑: "+oneMessage+"\n老郑: 1\nat +1d\n老郑: 来访登记 13800138000\n老郑: 1\n老郑: 1\n")
	if len(w.visits) != 2 {
		t.Fatalf("%d visits, want 2", len(w.visits))
	}
	first, again := w.visits[0], w.visits[1]
	if plain, err := vault.Open(again.IDCipher, VisitRow(again.SchoolID, again.ID)); err != nil || plain != idZhang {
		t.Errorf("the repeat visit's ID opens to %q, %v", plain, err)
	}
	if _, err := vault.Open(again.IDCipher, VisitRow(first.SchoolID, first.ID)); err == nil {
		t.Error("the repeat visit's sealed ID opens as the first visit's")
	}
	if again.IDHash != first.IDHash || again.IDHash != vault.Hash(again.SchoolID, idZhang) {
		t.Errorf("hash %s, want the school's %s", again.IDHash, vault.Hash(again.SchoolID, idZhang))
	}
}

// Rows written before each school had its own hash key and before sealed
// numbers were bound to their rows still work: a visit with the shared
// hash and an unbound sealed number is offered to its repeat visitor and
// reused (the new visit gets the school's hash and a bound number), and a
// watch-list entry with the shared hash still alerts.
func TestRowsFromBeforePerSchoolKeys(t *testing.T) {
	vault := testVault(t)
	fw, w := newWorld(t, vault)
	ctx := context.Background()
	const idOld = "440305197506231810"
	old := Visit{SchoolID: 1, GuardID: staffID(t, w, "老郑"), Name: "李四", IDType: IDResident,
		IDCipher: sealV1(t, vault, idLi), IDHash: vault.LegacyHash(idLi), IDMasked: "440304********3415",
		Phone: "13912345678", Org: "顺丰速运", Purpose: "送货", HostID: staffID(t, w, "王老师"), Plate: "京B54321",
		Party: 1, Status: VisitLeft, ArrivedAt: flowtest.Start.Add(-48 * time.Hour)}
	if err := w.CreateVisit(ctx, &old, VisitEvent{At: old.ArrivedAt, ActorID: old.GuardID, Kind: EventRegistered}); err != nil {
		t.Fatal(err)
	}
	if err := w.addWatch(WatchEntry{SchoolID: 1, Kind: WatchID, Hash: vault.LegacyHash(idOld), Masked: "440305********1810",
		Note: "旧名单", AddedAt: flowtest.Start.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got := flowtest.Play(t, fw, "老郑: 来访登记 "+idLi+"\n老郑: 1\n老郑: 1\n老郑: 王五 身份证"+idOld+" 13600001111 找李老师 面试 步行\n")
	// The new visit is the day's first: number 1 (the old one was two days ago).
	for _, want := range []string{"来过", "已登记，第 1 号访客李四", "旧名单"} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript does not say %q:\n%s", want, got)
		}
	}
	v := w.visits[1]
	if plain, err := vault.Open(v.IDCipher, VisitRow(1, v.ID)); err != nil || plain != idLi || v.IDCipher[0] != sealBound {
		t.Errorf("the new visit's ID opens to %q, %v (version %d)", plain, err, v.IDCipher[0])
	}
	if v.IDHash != vault.Hash(1, idLi) {
		t.Errorf("the new visit keeps the shared hash %s", v.IDHash)
	}
}

// A draft's sealed number opens only for the guard whose draft it is: one
// moved into another session (or sealed under a key since replaced) is
// not registered; the guard is asked for the number again.
func TestADraftsNumberOpensOnlyInItsDraft(t *testing.T) {
	vault := testVault(t)
	fw, w := newWorld(t, vault)
	ctx := context.Background()
	if got := flowtest.Play(t, fw, "老郑: "+oneMessage+"\n"); !strings.Contains(got, "请核对") {
		t.Fatalf("no read-back:\n%s", got)
	}
	sess, err := w.Session(ctx, flows.ChannelConsole, "老郑")
	if err != nil {
		t.Fatal(err)
	}
	var d visitDraft
	if err := json.Unmarshal(sess.Data, &d); err != nil {
		t.Fatal(err)
	}
	if d.IDSealed, err = vault.Seal(idZhang, DraftOf(1, staffID(t, w, "陈主任"))); err != nil {
		t.Fatal(err)
	}
	if sess.Data, err = json.Marshal(d); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	got := flowtest.Play(t, fw, "老郑: 1\n")
	if !strings.Contains(got, "证件号码需要重新输入") || !strings.Contains(got, "居民身份证号码") || len(w.visits) != 0 {
		t.Errorf("%d visits registered; houqin said:\n%s", len(w.visits), got)
	}
}

// sealV1 seals a number as the vault did before rows were bound:
// version 1, the version byte as the only additional data.
func sealV1(t *testing.T, v *IDVault, id string) []byte {
	t.Helper()
	out := make([]byte, 1+v.aead.NonceSize())
	out[0] = sealUnbound
	if _, err := rand.Read(out[1:]); err != nil {
		t.Fatal(err)
	}
	return v.aead.Seal(out, out[1:], []byte(id), out[:1])
}

func TestRecordsOfTheHeadsAuthority(t *testing.T) {
	w := play(t, "老郑: "+oneMessage+"\n老郑: 1\nat +11m\ntick\ntick\n老郑: 总务主任同意 1\n")
	v := w.visits[0]
	if v.Status != VisitAdmitted || v.DecidedBy != staffID(t, w, "老郑") || !strings.Contains(v.Decision, "经总务主任陈主任电话同意") {
		t.Errorf("admitted on authority: %+v", v)
	}
	if got, want := w.eventKinds(v.ID), "registered,host_timeout,admitted_on_head_authority"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
}

func TestRecordsOfCheckOutAndGateClose(t *testing.T) {
	w := play(t, `at 09:30
老郑: `+oneMessage+`
老郑: 1
李老师: 同意 1
老郑: 李四 `+idLi+` 13912345678 找王老师 顺丰速运 送货 步行
老郑: 1
王老师: 同意 2
at 10:40
老郑: 离校 1
at 18:01
tick
tick
`)
	first, second := w.visits[0], w.visits[1]
	if first.Status != VisitLeft || !first.LeftAt.Equal(time.Date(2026, 11, 20, 10, 40, 0, 0, flowtest.Start.Location())) || first.InsideAtClose {
		t.Errorf("checked out: %+v", first)
	}
	if !second.InsideAtClose || second.Status != VisitAdmitted {
		t.Errorf("inside at close: %+v", second)
	}
	if got, want := w.eventKinds(second.ID), "registered,approved,still_inside_at_close"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
	inside, err := w.VisitsInsideAtClose(context.Background(), 1, flowtest.Start, flowtest.Start.Add(24*time.Hour))
	if err != nil || len(inside) != 1 || inside[0].ID != second.ID || inside[0].HostName != "王老师" {
		t.Errorf("inside at close: %+v, %v", inside, err)
	}
}

func TestRecordsOfAWatchHit(t *testing.T) {
	w := play(t, "老郑: 刘强 身份证"+idWatched+" 13912345678 找张校长 其他 步行\n老郑: 无\n老郑: 2人\n老郑: 1\n")
	v := w.visits[0]
	if v.WatchNote != "校闹，法院禁止令" || v.Party != 2 {
		t.Errorf("visit %+v", v)
	}
	if got, want := w.eventKinds(v.ID), "registered,watch_hit"; got != want {
		t.Errorf("events %s, want %s", got, want)
	}
}

func TestRecordsOfThePurge(t *testing.T) {
	w := play(t, "老郑: "+oneMessage+"\n老郑: 1\nat +2d\n老郑: 李四 "+idLi+" 13912345678 找王老师 送货 京B54321\n老郑: 无\n老郑: 1\nat +179d\ntick\ntick\n")
	old, recent := w.visits[0], w.visits[1]
	if old.Name != "张某" || old.Phone != "" || old.IDCipher != nil || old.IDHash != "" || old.PurposeNote != "" ||
		old.Plate != "京A*****" || old.PurgedAt.IsZero() || old.IDMasked != "110105********002X" || old.Purpose != "家长来访" {
		t.Errorf("purged visit %+v", old)
	}
	if recent.Name != "李四" || recent.IDHash == "" || !recent.PurgedAt.IsZero() {
		t.Errorf("recent visit purged: %+v", recent)
	}
	// The host's card for the old visit is blanked; the reminders the
	// same tick wrote about it (it was never decided) came after the
	// purge and name 张某.
	for _, q := range w.Outbox {
		if q.Ref == Ref(1) && q.Kind == NoticeConfirm && (q.Text != PurgedNotice || len(q.Buttons) != 0) {
			t.Errorf("notification about the purged visit kept: %+v", q)
		}
		if q.Ref == Ref(2) && q.Text == PurgedNotice {
			t.Errorf("notification about a recent visit blanked: %+v", q)
		}
		if strings.Contains(q.Text, "张三") || strings.Contains(q.Text, "13800138000") {
			t.Errorf("a notification repeats purged data: %+v", q)
		}
	}
}

// The messages of the corpus's kinds as conversations, in the corpus's
// school (classrooms owned by their 班主任, offices by their heads).
func TestTranscriptsUnderstood(t *testing.T) {
	flowtest.Run(t, "testdata/understood/*.txt", func(t *testing.T) *flowtest.World {
		fw, _ := newCorpusWorld(t)
		return fw
	})
}

// A school's own words (houqin lexicon add) as conversations: 一中 added a
// purpose, a title, an organisation, a role word, a surname and a
// document; 二中's guard types the same and is read with the defaults only.
func TestTranscriptsSchoolWords(t *testing.T) {
	flowtest.Run(t, "testdata/lexicon/*.txt", func(t *testing.T) *flowtest.World {
		fw, w := newWorld(t, testVault(t))
		w.words = map[int64][]lexicon.Entry{1: {
			{Kind: lexicon.Purpose, Word: "送校服", Value: "送货"},
			{Kind: lexicon.Title, Word: "后勤主管", Value: "head"},
			{Kind: lexicon.Org, Word: "叮咚买菜"},
			{Kind: lexicon.Role, Word: "保洁员"},
			{Kind: lexicon.Surname, Word: "禤"},
			{Kind: lexicon.Document, Word: "居住证"},
		}}
		return fw
	})
}

// TestCheckInOffTellsWhy: without a vault the guard is told to keep the
// paper log, why in the words the module was given: no key configured,
// or a key that does not open the numbers stored (after a rotation).
func TestCheckInOffTellsWhy(t *testing.T) {
	for _, c := range []struct {
		mod  flows.Module
		want string
	}{{Module(nil), noVaultText}, {ModuleOff(KeyMismatchText), KeyMismatchText}} {
		fw, _ := newWorld(t, nil)
		fw.Modules = []flows.Module{c.mod}
		got := flowtest.Play(t, fw, "老郑: 来访登记\n老郑: 张三 13800138000 找陈主任")
		first, _, _ := strings.Cut(c.want, "\n") // the transcript indents the lines after the first
		if strings.Count(got, first) != 2 || !strings.Contains(c.want, "纸质登记簿") {
			t.Errorf("check-in off said:\n%s\nwant %q twice", got, c.want)
		}
	}
}
