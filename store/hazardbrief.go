package store

import (
	"context"

	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
)

var _ repair.HazardLister = (*Tx)(nil)

// OpenHazardBriefs implements repair.HazardLister: the open hazards
// (OpenHazards) as a repair question shows them.
func (t *Tx) OpenHazardBriefs(ctx context.Context, schoolID int64) ([]repair.HazardBrief, error) {
	hs, err := t.OpenHazards(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	out := make([]repair.HazardBrief, len(hs))
	for i, h := range hs {
		out[i] = repair.HazardBrief{Ref: h.Ref, LocationID: h.LocationID, Place: h.Place, Description: h.Description,
			Level: h.Level.Label(), Status: h.Status.Label(), Fixed: h.Status == inspection.HazardFixed,
			Responsible: h.ResponsibleName, DueAt: h.DueAt}
	}
	return out, nil
}
