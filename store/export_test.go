package store

import (
	"context"
	"fmt"
)

// MigrateTo applies the migrations up to version only, so a test can
// write rows as an older schema had them and then migrate the rest.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	return nil
}
