import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { forDialect } from './1764144000000-initial-schema';
import { bucketKey } from './1764144000001-rollups';

const BUCKET_COLUMNS = bucketKey.map((column) => column.name).join(', ');
/**
 * The coarse bins as of this migration (`rollups/histogram.ts`): fine bins 0 and 1, then coarse
 * bins 201 to 299; column b<p> holds the bin at position p.
 */
const BINS = [0, 1, ...Array.from({ length: 99 }, (_, k) => 201 + k)];
const column = (position: number) => `b${position}`;

/**
 * Day and month rows keep their duration histogram in one row per bucket and key, one column per
 * coarse bin (`rollup_coarse_bins`), instead of a row per bin: at 10M executions a tool filled some
 * 20 bin rows a day and 25 a month, so a table of 50 tools over 30 days read some 8,600 of them for
 * its percentiles, 400 rows now. Ingestion still adds to counts in place, a column each. Minute and
 * hour rows keep their fine bins in `rollup_bins`. Stored day and month bins move, both ways.
 */
export class CoarseBinRows1765700000000 implements MigrationInterface {
  name = 'CoarseBinRows1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'rollup_coarse_bins',
          columns: [
            ...bucketKey,
            ...BINS.map((_, position) => ({ name: column(position), type: 'bigint', default: 0 })),
          ],
          // One key's buckets, as for the other rollup tables (a drill-down to one tool).
          indices: [
            new TableIndex({
              name: 'ix_rollup_coarse_bins_key',
              columnNames: ['metric', 'dim', 'dim_key', 'res', 'bucket'],
            }),
          ],
        })
      )
    );
    const counts = BINS.map((bin, position) => `SUM(CASE WHEN bin = ${bin} THEN n ELSE 0 END) AS ${column(position)}`);
    await runner.query(
      `INSERT INTO rollup_coarse_bins (${BUCKET_COLUMNS}, ${BINS.map((_, p) => column(p)).join(', ')}) ` +
        `SELECT ${BUCKET_COLUMNS}, ${counts.join(', ')} FROM rollup_bins WHERE res IN ('day', 'month') GROUP BY ${BUCKET_COLUMNS}`
    );
    await runner.query("DELETE FROM rollup_bins WHERE res IN ('day', 'month')");
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [position, bin] of BINS.entries()) {
      await runner.query(
        `INSERT INTO rollup_bins (${BUCKET_COLUMNS}, bin, n) SELECT ${BUCKET_COLUMNS}, ${bin}, ${column(position)} FROM rollup_coarse_bins WHERE ${column(position)} <> 0`
      );
    }
    await runner.dropTable('rollup_coarse_bins');
  }
}
