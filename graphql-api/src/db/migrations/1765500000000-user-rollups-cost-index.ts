import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The Users page ranks every user by their cost in the few buckets that enclose its range. Read
 * through (res, bucket), that is a lookup into the table per user; this index holds the cost, so
 * the ranking reads one metric's entries of those buckets and nothing else. An update of a row's
 * cost moves its entry.
 */
export const COST = new TableIndex({
  name: 'ix_user_rollups_cost',
  columnNames: ['res', 'metric', 'bucket', 'user_id', 'cost_nanos'],
});

export class UserRollupsCostIndex1765500000000 implements MigrationInterface {
  name = 'UserRollupsCostIndex1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex('user_rollups', COST);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', COST.name!);
  }
}
