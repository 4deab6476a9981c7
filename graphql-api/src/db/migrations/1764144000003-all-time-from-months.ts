import { MigrationInterface, QueryRunner } from 'typeorm';
import { bucketKey } from './1764144000001-rollups';

const SUMS = ['n', 'dur_n', 'dur_sum', 'in_tok', 'out_tok', 'cost_nanos'];
const TABLES = [
  { table: 'rollups', keys: ['status'], sums: SUMS },
  { table: 'rollup_bins', keys: ['bin'], sums: ['n'] },
];

/**
 * All-time figures are read as the sum of the month rows, so the all-time rows (`res = 'total'`,
 * the hottest rows of all: every event of every key adds to them) are no longer written. Reverting
 * sums the months back into all-time rows.
 */
export class AllTimeFromMonths1764144000003 implements MigrationInterface {
  name = 'AllTimeFromMonths1764144000003';

  async up(runner: QueryRunner): Promise<void> {
    for (const { table } of TABLES) await runner.query(`DELETE FROM ${table} WHERE res = 'total'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const grouped = ['metric', 'dim', 'dim_key'];
    for (const { table, keys, sums } of TABLES) {
      const group = [...grouped, ...keys].join(', ');
      await runner.query(
        `INSERT INTO ${table} (${[...bucketKey.map((column) => column.name), ...keys, ...sums].join(', ')})
         SELECT metric, dim, 'total', 0, dim_key, ${keys.join(', ')}, ${sums.map((sum) => `SUM(${sum})`).join(', ')} FROM ${table} WHERE res = 'month' GROUP BY ${group}`
      );
    }
  }
}
