import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { BIN_COLUMNS } from '../../stats/histogram';

const counter = (name: string): TableColumnOptions => ({ name, type: 'bigint', default: 0 });

/**
 * Pre-aggregated statistics: one row per metric, dimension key, status and time bucket, kept in
 * step with the raw records inside the same transaction.
 */
export class Rollups1764144000001 implements MigrationInterface {
  name = 'Rollups1764144000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'rollups',
        columns: [
          { name: 'metric', type: 'varchar', length: '24', isPrimary: true },
          { name: 'dim', type: 'varchar', length: '12', isPrimary: true },
          { name: 'res', type: 'varchar', length: '1', isPrimary: true },
          { name: 'bucket', type: 'int', isPrimary: true },
          { name: 'dim_key', type: 'varchar', length: '191', isPrimary: true },
          { name: 'status', type: 'varchar', length: '24', isPrimary: true },
          counter('n'),
          counter('dur_n'),
          counter('dur_sum'),
          counter('in_tok'),
          counter('out_tok'),
          counter('cost_nanos'),
          ...BIN_COLUMNS.map((name) => ({ name, type: 'int', default: 0 })),
        ],
      }),
      false,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('rollups', true);
  }
}
