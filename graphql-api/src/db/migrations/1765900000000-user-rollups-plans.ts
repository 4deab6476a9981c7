import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

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
    const userId = runner.connection.options.type === 'mysql' ? 'CAST(dim_key AS SIGNED)' : 'CAST(dim_key AS INTEGER)';
    await runner.query(
      `INSERT INTO user_rollups (user_id, res, bucket, metric, n, tokens, cost_nanos)
       SELECT ${userId}, res, bucket, metric, SUM(n), SUM(in_tok + out_tok), SUM(cost_nanos) FROM rollups
       WHERE dim = 'user' AND metric = 'plans'
       GROUP BY dim_key, res, bucket, metric HAVING SUM(n) <> 0`
    );
    await runner.createIndex('user_rollups', BY_COUNT);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', BY_COUNT.name!);
    await runner.query(`DELETE FROM user_rollups WHERE metric = 'plans'`);
  }
}
