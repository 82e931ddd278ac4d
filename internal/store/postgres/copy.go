package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

// CopyBaseline writes events with PostgreSQL's COPY into temporary copies
// of the event tables, on its own connection: the floor any insert path is
// measured against (orewatch bench trace). generate hands it the events in
// batches. It returns the time taken and the events written.
func CopyBaseline(ctx context.Context, url string, generate func(emit func([]*core.Event) error) error) (time.Duration, int, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`CREATE TEMP TABLE copy_events (LIKE epcis_events INCLUDING DEFAULTS INCLUDING INDEXES)`,
		`CREATE TEMP TABLE copy_quantities (LIKE epcis_quantities INCLUDING DEFAULTS INCLUDING INDEXES)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return 0, 0, fmt.Errorf("COPY baseline: %w", err)
		}
	}
	rows := 0
	t := time.Now()
	err = generate(func(evs []*core.Event) error {
		evRows := make([][]any, len(evs))
		var qRows [][]any
		for i, e := range evs {
			evRows[i] = []any{e.Key, e.EventID, e.Type, e.EventTime, e.Action, e.BizStep, e.Disposition, e.ReadPoint, e.BizLocation,
				sqlstore.PartyColumn(e.Sources), sqlstore.PartyColumn(e.Destinations), sqlstore.PartyColumn(e.BizTransactions), string(e.Raw), "bench", e.RecordedAt}
			for j, q := range e.Quantities {
				qRows = append(qRows, []any{e.Key, j, q.Role, q.EPCClass, int64(q.Quantity), q.UOM})
			}
		}
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"copy_events"}, []string{"event_key", "event_id", "event_type", "event_time", "action",
			"biz_step", "disposition", "read_point", "biz_location", "sources", "destinations", "biz_transactions", "document", "capture_id", "recorded_at"},
			pgx.CopyFromRows(evRows)); err != nil {
			return err
		}
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"copy_quantities"}, []string{"event_key", "seq", "role", "epc_class", "quantity", "uom"},
			pgx.CopyFromRows(qRows)); err != nil {
			return err
		}
		rows += len(evs)
		return nil
	})
	return time.Since(t), rows, err
}
