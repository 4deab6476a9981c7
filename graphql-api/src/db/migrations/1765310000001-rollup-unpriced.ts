import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Rollup rows count the agent executions that have no cost because their model has no known price
 * (shown as "unpriced", never as $0). Rows written before count none: `npm run rollups:rebuild`
 * counts the earlier ones.
 */
export class RollupUnpriced1765310000001 implements MigrationInterface {
  name = 'RollupUnpriced1765310000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('rollups', new TableColumn({ name: 'unpriced', type: 'bigint', default: 0 }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('rollups', 'unpriced');
  }
}
