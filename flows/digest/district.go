package digest

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
)

// The district's morning view goes to the leaders of the district office:
// the one "school" whose Settings.DistrictOffice is set, which stands for
// the education bureau (区教育局, 学区) and whose staff are its people. It
// is the same view as `houqin digest --district` and the /district/ page,
// sent by the office's own digest job (digestTick) instead of a digest of
// the office itself.

// DistrictLink makes the link to the district view of a day; "" when
// houqin has no public address.
type DistrictLink func(day time.Time) string

// BuildDistrict computes the district view of a calendar day (that of
// day's own zone), each school's line as of the end of that day in the
// school's zone, or asOf when earlier.
func BuildDistrict(ctx context.Context, q Store, schools []flows.School, day, asOf time.Time) (District, error) {
	var ds []Digest
	for _, s := range flows.DistrictSchools(schools) {
		local := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, s.Location())
		d, err := BuildDigest(ctx, q, s, local, asOf, false)
		if err != nil {
			return District{}, fmt.Errorf("school %d: %w", s.ID, err)
		}
		ds = append(ds, d)
	}
	return NewDistrict(day, asOf, ds), nil
}

// DistrictKind is the district view's notification kind.
const DistrictKind = "digest.district"

// districtTick sends yesterday's district view to the office's leaders,
// once each (claimed per person and day, like a school's digest).
func districtTick(t *flows.Turn, day time.Time, staff []flows.Staff, link DistrictLink) error {
	var text string
	return sendEach(t, staff, func(st int64) string { return districtKey(t.School.ID, day, st) }, func() error {
		schools, err := t.Tx.ActiveSchools(t.Ctx)
		if err != nil {
			return err
		}
		v, err := BuildDistrict(t.Ctx, db(t), schools, day, t.Now)
		if err != nil {
			return fmt.Errorf("district: %w", err)
		}
		text = DistrictText(v)
		return nil
	}, func(st int64) flows.Notification {
		n := flows.Notification{SchoolID: t.School.ID, ToStaff: st, Kind: DistrictKind, Ref: districtRefPrefix + ":" + day.Format(time.DateOnly), Text: text}
		if link != nil {
			n.Link = link(day)
		}
		return n
	})
}

// districtClaimPrefix and districtRefPrefix are stored (claims, outbox
// rows), so they never change.
const (
	districtClaimPrefix = "district"
	districtRefPrefix   = "district"
)

// districtKey is the claim of one person's district view of one day.
func districtKey(officeID int64, day time.Time, staffID int64) string {
	return districtClaimPrefix + ":" + strconv.FormatInt(officeID, 10) + ":" + day.Format(time.DateOnly) + ":" + strconv.FormatInt(staffID, 10)
}
