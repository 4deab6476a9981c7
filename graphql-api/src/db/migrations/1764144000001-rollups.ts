import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { forDialect, IDENTIFIER_COLLATION } from './1764144000000-initial-schema';

const counter = (name: string): TableColumnOptions => ({ name, type: 'bigint', default: 0 });
const text = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isPrimary: true,
  collation: IDENTIFIER_COLLATION,
});
/** The columns that name a rollup bucket: metric, dimension, resolution, bucket start and dimension key. */
export const bucketKey: TableColumnOptions[] = [
  text('metric', 24),
  text('dim', 12),
  text('res', 8),
  { name: 'bucket', type: 'int', isPrimary: true },
  text('dim_key', 191),
];

/**
 * Pre-aggregated statistics, kept in step with the raw records inside the same transaction:
 * `rollups` has one row per metric, dimension key, status and time bucket (counts and sums);
 * `rollup_histograms` one per metric, dimension key and bucket: the duration histogram of all its
 * statuses, as JSON of its non-empty bins (a handful of bins each, read in one row). The next
 * migration replaces it with one row per bin.
 */
export class Rollups1764144000001 implements MigrationInterface {
  name = 'Rollups1764144000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'rollups',
          columns: [
            ...bucketKey,
            text('status', 24),
            counter('n'),
            counter('dur_n'),
            counter('dur_sum'),
            counter('in_tok'),
            counter('out_tok'),
            counter('cost_nanos'),
          ],
          // For pruning old minute rows.
          indices: [new TableIndex({ name: 'ix_rollups_res_bucket', columnNames: ['res', 'bucket'] })],
        })
      )
    );
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'rollup_histograms',
          columns: [...bucketKey, { name: 'bins', type: 'text' }],
          indices: [new TableIndex({ name: 'ix_rollup_histograms_res_bucket', columnNames: ['res', 'bucket'] })],
        })
      )
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('rollup_histograms');
    await runner.dropTable('rollups');
  }
}
