import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { BY_COUNT } from './1765900000000-user-rollups-plans';

/**
 * The Users page over an hour or two reads every user active in the range (a count of logins,
 * runs or agent executions) with their cost there, then the totals of those it shows: the same
 * entries read from the count index, again from the cost index, then looked up in the table.
 * Holding the tokens and the cost as well, the count index answers all three in one read. Its
 * entry already moves on every update of a count.
 */
const BY_COUNT_WITH_TOTALS = new TableIndex({
  name: BY_COUNT.name,
  columnNames: [...BY_COUNT.columnNames, 'tokens', 'cost_nanos'],
});

export class UserRollupsCountTotals1766000000000 implements MigrationInterface {
  name = 'UserRollupsCountTotals1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', BY_COUNT.name!);
    await runner.createIndex('user_rollups', BY_COUNT_WITH_TOTALS);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('user_rollups', BY_COUNT_WITH_TOTALS.name!);
    await runner.createIndex('user_rollups', BY_COUNT);
  }
}
