import { DIALECTS, startApi, TestApi } from './support/api';
import { BatchEvent, ingest, make, uid } from './support/events';

/**
 * The Users page shows the 100 users seen last and the 10 with the highest cost. It reads only
 * those users' rows, so a costly user seen long ago must still reach the cost table, users seen
 * later but not active in the range must be passed over, and a user whose cost lies just outside
 * the range (in the hour or day that holds it) must not be ranked by it.
 */
/** An agent execution of the user at `at` (epoch ms) that cost `costUsd`. */
const spend = (id: string, at: number, costUsd: string): BatchEvent => ({
  agentExecution: make.agentExecution({
    userId: id,
    startedAt: new Date(at).toISOString(),
    finishedAt: new Date(at + 1_000).toISOString(),
    costUsd,
  }),
});

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
    const events = users.map((user) => spend(user.id, user.seenAt.getTime(), user.cost));
    expect((await ingest(api, events)).accepted).toBe(users.length);
    // Seen after all of them, by tool calls only, which the Users page does not count: more than a page of them.
    const toolOnly: BatchEvent[] = Array.from({ length: 150 }, (_, i) => ({
      toolExecution: make.toolExecution({ userId: uid('tool-user'), startedAt: new Date(now - i * 100).toISOString() }),
    }));
    expect((await ingest(api, toolOnly)).accepted).toBe(150);
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

  it('ranks by the cost in the range, not in the hours around it', async () => {
    // Over the minutes [:30, :30) of two hours five hours ago: twelve users spend 100 each ten
    // minutes before it (in its first hour) and 0.0001 in it; ten spend 1 to 10 in it; then 130
    // more spend 0.00001 each, seen last, so the page finds its 100 users seen last without
    // reading the others'.
    const hour = Math.floor(now / 3_600_000) * 3_600_000 - 5 * 3_600_000;
    const range = { from: new Date(hour + 30 * 60_000), to: new Date(hour + 90 * 60_000) };
    const spender = (id: string, at: number, costUsd: string) => spend(id, hour + at, costUsd);
    const decoys = Array.from({ length: 12 }, () => uid('decoy-user'));
    const spenders = Array.from({ length: 10 }, () => uid('range-user'));
    const fillers = Array.from({ length: 130 }, () => uid('filler-user'));
    const events = [
      ...decoys.flatMap((id, i) => [spender(id, 20 * 60_000, '100'), spender(id, (40 + i) * 60_000, '0.0001')]),
      ...spenders.map((id, i) => spender(id, (60 + i) * 60_000, String(i + 1))),
      ...fillers.map((id, i) => spender(id, 80 * 60_000 + i * 2_000, '0.00001')),
    ];
    expect((await ingest(api, events)).accepted).toBe(events.length);
    const { userStats } = await api.data(
      `query($range: TimeRangeInput) { userStats(range: $range, interval: "10m") {
        users { userId costUsd } topUsersByCost { userId costUsd } } }`,
      { range }
    );
    expect(userStats.topUsersByCost).toEqual(
      spenders.map((id, i) => ({ userId: id, costUsd: String(i + 1) })).reverse()
    );
    expect(userStats.users.map((row: { userId: string }) => row.userId)).toEqual([...fillers].reverse().slice(0, 100));
    expect(userStats.users[0].costUsd).toBe('0.00001');
  });

  it('ranks an hour that ends on the hour by its cost, less what the hour before it held', async () => {
    // [H:05, H+1:00) six hours ago is read as hour H less its first five minutes: twelve users
    // spend 100 each in those minutes and 0.0001 in the range, ten spend 1 to 10 in it.
    const hour = Math.floor(now / 3_600_000) * 3_600_000 - 6 * 3_600_000;
    const range = { from: new Date(hour + 5 * 60_000), to: new Date(hour + 60 * 60_000) };
    const spender = (id: string, at: number, costUsd: string) => spend(id, hour + at, costUsd);
    const decoys = Array.from({ length: 12 }, () => uid('early-decoy-user'));
    const spenders = Array.from({ length: 10 }, () => uid('hour-user'));
    // Active by a login alone: no cost, listed all the same.
    const loginOnly = uid('login-user');
    // Spends the most, all of it in the minutes taken away; seen in the range by a tool call only: not active.
    const outside = uid('outside-user');
    const events: BatchEvent[] = [
      ...decoys.flatMap((id, i) => [spender(id, 2 * 60_000, '100'), spender(id, (10 + i) * 60_000, '0.0001')]),
      ...spenders.map((id, i) => spender(id, (30 + i) * 60_000, String(i + 1))),
      { login: make.login({ userId: loginOnly, at: new Date(hour + 50 * 60_000).toISOString() }) },
      spender(outside, 3 * 60_000, '500'),
      { toolExecution: make.toolExecution({ userId: outside, startedAt: new Date(hour + 55 * 60_000).toISOString() }) },
    ];
    expect((await ingest(api, events)).accepted).toBe(events.length);
    const { userStats } = await api.data(
      `query($range: TimeRangeInput) { userStats(range: $range, interval: "10m") {
        users { userId logins costUsd } topUsersByCost { userId costUsd } } }`,
      { range }
    );
    expect(userStats.topUsersByCost).toEqual(
      spenders.map((id, i) => ({ userId: id, costUsd: String(i + 1) })).reverse()
    );
    expect(userStats.users).toHaveLength(23);
    expect(userStats.users.map((row: { userId: string }) => row.userId)).not.toContain(outside);
    expect(userStats.users[0]).toEqual({ userId: loginOnly, logins: 1, costUsd: '0' });
    expect(userStats.users.filter((row: { costUsd: string }) => row.costUsd === '0.0001')).toHaveLength(12);
  });

  it('ranks by the cost in a range of days, not in the days around it', async () => {
    // Over two days from noon three days ago: twelve users spend 100 each two hours before it (in
    // its first day) and 0.0001 in it, ten spend 1 to 10 in it: more users than the first batch
    // of exact totals reaches the ten costliest.
    const noon = Math.floor(now / 86_400_000) * 86_400_000 - 3 * 86_400_000 + 12 * 3_600_000;
    const range = { from: new Date(noon), to: new Date(noon + 2 * 86_400_000) };
    const spender = (id: string, at: number, costUsd: string) => spend(id, noon + at, costUsd);
    const decoys = Array.from({ length: 12 }, () => uid('day-decoy-user'));
    const spenders = Array.from({ length: 10 }, () => uid('day-range-user'));
    const events = [
      ...decoys.flatMap((id, i) => [spender(id, -2 * 3_600_000, '100'), spender(id, (i + 1) * 60_000, '0.0001')]),
      ...spenders.map((id, i) => spender(id, (i + 1) * 3_600_000, String(i + 1))),
    ];
    expect((await ingest(api, events)).accepted).toBe(events.length);
    const { userStats } = await api.data(
      `query($range: TimeRangeInput) { userStats(range: $range, interval: "1h") { topUsersByCost { userId costUsd } } }`,
      { range }
    );
    expect(userStats.topUsersByCost).toEqual(
      spenders.map((id, i) => ({ userId: id, costUsd: String(i + 1) })).reverse()
    );
  });

  it('ranks first a user whose cost is spread over two days, though thirty users outspend them in each day', async () => {
    // Two whole days twelve days ago: thirty users spend 7.0xx in the first day only, thirty in
    // the second only; one spends 6 in each, 12 in all, and is 31st in either day. A hundred more,
    // seen after all of them, spend next to nothing, so the walk in last-seen order stops before
    // the spread user (the page is filtered to these users): the ranking reads each day's
    // costliest first, and must read on until no one left could add up to the tenth.
    const day = Math.floor(now / 86_400_000) * 86_400_000 - 12 * 86_400_000;
    const range = { from: new Date(day), to: new Date(day + 2 * 86_400_000) };
    const oneDay = Array.from({ length: 60 }, (_, i) => ({
      id: uid('one-day-user'),
      at: day + (i < 30 ? 0 : 86_400_000) + (i + 1) * 60_000,
      cost: (7 + i / 1000).toFixed(3),
    }));
    const spread = uid('spread-user');
    const seenLast = Array.from({ length: 100 }, () => uid('late-user'));
    const events = [
      ...oneDay.map((user) => spend(user.id, user.at, user.cost)),
      spend(spread, day + 3_600_000, '6'),
      spend(spread, day + 86_400_000 + 10_000, '6'),
      ...seenLast.map((id, i) => spend(id, day + 86_400_000 + 20 * 3_600_000 + i * 1_000, '0.00001')),
    ];
    expect((await ingest(api, events)).accepted).toBe(events.length);
    const { userStats } = await api.data(
      `query($range: TimeRangeInput, $filter: StatsFilter) { userStats(range: $range, interval: "1h", filter: $filter) {
        users { userId } topUsersByCost { userId costUsd } } }`,
      { range, filter: { user: [...oneDay.map((user) => user.id), spread, ...seenLast] } }
    );
    expect(userStats.users.map((row: { userId: string }) => row.userId)).toEqual([...seenLast].reverse());
    expect(userStats.topUsersByCost).toEqual([
      { userId: spread, costUsd: '12' },
      ...oneDay
        .slice(-9)
        .reverse()
        .map((user) => ({ userId: user.id, costUsd: user.cost })),
    ]);
  });

  it('counts a range of weeks as the months around it less their days outside it', async () => {
    // From the fourth day of last month (UTC) to now: read as last month less its first three
    // days, plus this month. One user spends in those three days and in the range, another only in those days.
    const today = new Date(now);
    const month = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1);
    const range = { from: new Date(month + 3 * 86_400_000), to: new Date(now) };
    const spender = (id: string, day: number, costUsd: string) => spend(id, month + day * 86_400_000, costUsd);
    const both = uid('month-user');
    const before = uid('month-before-user');
    const events = [spender(both, 1, '100'), spender(both, 5, '2'), spender(before, 2, '50')];
    expect((await ingest(api, events)).accepted).toBe(events.length);
    const { userStats } = await api.data(
      `query($range: TimeRangeInput, $filter: StatsFilter) { userStats(range: $range, interval: "1d", filter: $filter) {
        users { userId agentExecutions costUsd } topUsersByCost { userId costUsd } } }`,
      { range, filter: { user: [both, before] } }
    );
    expect(userStats.users).toEqual([{ userId: both, agentExecutions: 1, costUsd: '2' }]);
    expect(userStats.topUsersByCost).toEqual([{ userId: both, costUsd: '2' }]);
  });
});
