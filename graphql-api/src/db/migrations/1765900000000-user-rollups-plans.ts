import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { fillUserRollups } from './1765300000000-user-rollups';

/**
 * The Planner ranks users by the plans they made. Read from the status-split rollups, that is a
 * row per user, status and bucket of a month; kept per user like the Users page's metrics, plans
 * are ranked as users are by cost (rankUsers): from each bucket's entries with the most plans, which
 * this index orders by count and which it holds the user of, so no row is looked up. Filled from the
 * stored per-user plan rollups.
 */
const BY_COUNT = new TableIndex({
  name: 'ix_user_rollups_by_count',
  columnNames: ['res', 'metric', 'bucket', 'n', 'user_id'],
});

export class UserRollupsPlans1765900000000 implements MigrationInterface {
  name = 'UserRollupsPlans1765900000000';

  async up(runner: QueryRunner): Promise<void> {
    await fillUserRollups(runner, ['plans']);
    await runner.createIndex('user_rollups', BY_COUNT);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', BY_COUNT.name!);
    await runner.query(`DELETE FROM user_rollups WHERE metric = 'plans'`);
  }
}
