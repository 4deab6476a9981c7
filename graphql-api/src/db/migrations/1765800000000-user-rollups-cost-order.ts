import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { COST as BY_USER } from './1765500000000-user-rollups-cost-index';

/**
 * The Users page ranks users by cost from the costliest entries of each bucket that encloses its
 * range, reading down them only until no user left unread can reach the ten costliest (see the
 * walk in `user-stats.ts`), where it read every user's entry. The cost index orders a bucket's
 * entries by cost instead of by user; it still holds the user, so no row is looked up.
 */
const BY_COST = new TableIndex({
  name: 'ix_user_rollups_by_cost',
  columnNames: ['res', 'metric', 'bucket', 'cost_nanos', 'user_id'],
});

export class UserRollupsCostOrder1765800000000 implements MigrationInterface {
  name = 'UserRollupsCostOrder1765800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', BY_USER.name!);
    await runner.createIndex('user_rollups', BY_COST);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', BY_COST.name!);
    await runner.createIndex('user_rollups', BY_USER);
  }
}
