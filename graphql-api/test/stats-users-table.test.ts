import { DIALECTS, startApi, TestApi } from './support/api';
import { BatchEvent, ingest, make, uid } from './support/events';

/**
 * The Users page shows the 100 users seen last and the 10 with the highest cost. It reads only
 * those users' rows, so a costly user seen long ago must still reach the cost table.
 */
describe.each(DIALECTS)('the Users page tables on %s', (dialect) => {
  let api: TestApi;
  const now = Date.now();
  // 105 users, each with one execution in the last hour, a minute apart; the one seen first spends the most.
  const users = Array.from({ length: 105 }, (_, i) => ({
    id: uid('table-user'),
    seenAt: new Date(now - (i + 1) * 30_000),
    cost: i === 104 ? '9.5' : ((i + 1) / 10_000).toFixed(4),
  }));

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'users-table');
    const events: BatchEvent[] = users.map((user) => ({
      agentExecution: make.agentExecution({
        userId: user.id,
        startedAt: user.seenAt.toISOString(),
        finishedAt: new Date(user.seenAt.getTime() + 1_000).toISOString(),
        costUsd: user.cost,
      }),
    }));
    expect((await ingest(api, events)).accepted).toBe(users.length);
  });
  afterAll(() => api?.close());

  it('lists the 100 users seen last, newest first, and the costliest users wherever they rank by last seen', async () => {
    const { userStats } = await api.data(`{ userStats(interval: "10m") {
      users { userId agentExecutions costUsd lastSeenAt } topUsersByCost { userId costUsd } } }`);
    expect(userStats.users.map((row: { userId: string }) => row.userId)).toEqual(
      users.slice(0, 100).map((user) => user.id)
    );
    expect(userStats.users[0]).toMatchObject({ agentExecutions: 1, costUsd: users[0].cost });
    expect(userStats.topUsersByCost[0]).toEqual({ userId: users[104].id, costUsd: '9.5' });
    expect(userStats.topUsersByCost.map((row: { userId: string }) => row.userId)).toEqual(
      [104, 103, 102, 101, 100, 99, 98, 97, 96, 95].map((i) => users[i].id)
    );
  });
});
