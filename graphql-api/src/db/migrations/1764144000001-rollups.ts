import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const counter = (name: string): TableColumnOptions => ({ name, type: 'bigint', default: 0 });
const keyColumns: TableColumnOptions[] = [
  { name: 'metric', type: 'varchar', length: '24', isPrimary: true },
  { name: 'dim', type: 'varchar', length: '12', isPrimary: true },
  { name: 'res', type: 'varchar', length: '1', isPrimary: true },
  { name: 'bucket', type: 'int', isPrimary: true },
  { name: 'dim_key', type: 'varchar', length: '191', isPrimary: true },
  { name: 'status', type: 'varchar', length: '24', isPrimary: true },
];

/**
 * Pre-aggregated statistics, kept in step with the raw records inside the same transaction:
 * `rollups` has one row per metric, dimension key, status and time bucket (counts and sums);
 * `rollup_bins` the duration histogram of each, one row per non-empty bin.
 */
export class Rollups1764144000001 implements MigrationInterface {
  name = 'Rollups1764144000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'rollups',
        columns: [...keyColumns, counter('n'), counter('dur_n'), counter('dur_sum'), counter('in_tok'), counter('out_tok'), counter('cost_nanos')],
        // For pruning old minute rows.
        indices: [new TableIndex({ name: 'ix_rollups_res_bucket', columnNames: ['res', 'bucket'] })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'rollup_bins',
        columns: [...keyColumns, { name: 'bin', type: 'smallint', isPrimary: true }, counter('n')],
        indices: [new TableIndex({ name: 'ix_rollup_bins_res_bucket', columnNames: ['res', 'bucket'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('rollup_bins');
    await runner.dropTable('rollups');
  }
}
