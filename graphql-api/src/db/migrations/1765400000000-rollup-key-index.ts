import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The rollups and their bins are keyed bucket first, which suits a table of every agent or tool
 * over a range; a figure of one key (a drill-down to one tool) would scan every key's rows of the
 * range for its own. This index reads one key's buckets, and is only written when a row is new.
 */
export const KEY_FIRST = ['metric', 'dim', 'dim_key', 'res', 'bucket'];
export const ROLLUPS_BY_KEY = new TableIndex({ name: 'ix_rollups_key', columnNames: KEY_FIRST });
const INDICES = [
  { table: 'rollups', index: ROLLUPS_BY_KEY },
  { table: 'rollup_bins', index: new TableIndex({ name: 'ix_rollup_bins_key', columnNames: KEY_FIRST }) },
];

export class RollupKeyIndex1765400000000 implements MigrationInterface {
  name = 'RollupKeyIndex1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const { table, index } of INDICES) await runner.createIndex(table, index);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const { table, index } of INDICES) await runner.dropIndex(table, index.name!);
  }
}
