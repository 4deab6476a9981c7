import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { forDialect, IDENTIFIER_COLLATION } from './1764144000000-initial-schema';

const counter = (name: string) => ({ name, type: 'bigint', default: 0 });
const keyText = (name: string, length: number) => ({
  name,
  type: 'varchar',
  length: String(length),
  isPrimary: true,
  collation: IDENTIFIER_COLLATION,
});

/** Per-user totals of the metrics, summed from the stored per-user rollup rows over their statuses. */
export async function fillUserRollups(runner: QueryRunner, metrics: string[]): Promise<void> {
  const userId = runner.connection.options.type === 'mysql' ? 'CAST(dim_key AS SIGNED)' : 'CAST(dim_key AS INTEGER)';
  await runner.query(
    `INSERT INTO user_rollups (user_id, res, bucket, metric, n, tokens, cost_nanos)
     SELECT ${userId}, res, bucket, metric, SUM(n), SUM(in_tok + out_tok), SUM(cost_nanos) FROM rollups
     WHERE dim = 'user' AND metric IN (${metrics.map(() => '?').join(', ')})
     GROUP BY dim_key, res, bucket, metric HAVING SUM(n) <> 0`,
    metrics
  );
}

/**
 * Per-user totals without the status split, user first: one row per user, resolution, bucket and
 * metric (logins, workflow runs, agent executions, as the catalogue's USER_TOTAL_METRICS were
 * when this ran), with the count, tokens and cost. The Users page reads only the users it shows
 * from them, and ranks users by cost from a bucket or two per user. Filled from the stored
 * per-user rollup rows.
 */
export class UserRollups1765300000000 implements MigrationInterface {
  name = 'UserRollups1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'user_rollups',
          columns: [
            { name: 'user_id', type: 'int', isPrimary: true },
            keyText('res', 8),
            { name: 'bucket', type: 'int', isPrimary: true },
            keyText('metric', 24),
            counter('n'),
            counter('tokens'),
            counter('cost_nanos'),
          ],
          // For pruning old minute rows, and for reading every user's bucket or two.
          indices: [new TableIndex({ name: 'ix_user_rollups_res_bucket', columnNames: ['res', 'bucket'] })],
        })
      )
    );
    await fillUserRollups(runner, ['logins', 'workflow_runs', 'agent_executions']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('user_rollups');
  }
}
