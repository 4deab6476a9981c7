import { DIALECTS, startApi, TestApi } from './support/api';
import { BatchEvent, ingest, make, uid } from './support/events';

/**
 * Users ranked by a count over more than eight days (the Planner's top users, a breakdown of plans
 * by user without summaries) are read from each month's users with the most, deeper only while
 * someone not read yet could still rank. A user whose plans are spread over two months must rank by
 * their sum, though each month holds thirty users with more; filtered rankings, and the ranking
 * with summaries (which reads every user's rollups), must agree with it.
 */
const DAY = 86_400_000;

/** `count` plans of the user, a second apart from `at` (epoch ms). */
const plans = (userId: string, at: number, count: number): BatchEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    plan: make.plan({ userId, createdAt: new Date(at + i * 1_000).toISOString() }),
  }));

describe.each(DIALECTS)('top users by count over months on %s', (dialect) => {
  let api: TestApi;
  // The two whole months before this one (UTC): thirty users make 20 to 29 plans in the first
  // month only (three users each count), thirty in the second only; one makes 19 in each, 38 in
  // all, and is 31st in either month. The tenth of the one-month users has 28: above either
  // month's twentieth (23), not above their sum.
  const today = new Date();
  const months = [-2, -1, 0].map((m) => Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + m, 1));
  const range = { from: new Date(months[0]), to: new Date(months[2]) };
  const oneMonth = Array.from({ length: 60 }, (_, i) => ({
    id: uid('one-month-planner'),
    at: months[i < 30 ? 0 : 1] + (i % 30) * 60_000 + 3_600_000,
    count: 20 + Math.floor((i % 30) / 3),
  }));
  const spread = uid('spread-planner');
  // Most first; ties go by label, which is the id here.
  const expected = [
    { key: spread, value: 38 },
    ...oneMonth
      .map((user) => ({ key: user.id, value: user.count }))
      .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key))
      .slice(0, 9),
  ];

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'top-users');
    const events = [
      ...oneMonth.flatMap((user) => plans(user.id, user.at, user.count)),
      ...plans(spread, months[0] + DAY, 19),
      ...plans(spread, months[1] + DAY, 19),
    ];
    expect((await ingest(api, events)).accepted).toBe(events.length);
  });
  afterAll(() => api?.close());

  it('ranks first the user whose plans are spread over two months on the Planner page and in a breakdown', async () => {
    const { plannerStats, counted, summarised } = await api.data(
      `query($range: TimeRangeInput) {
        plannerStats(range: $range, interval: "1d") { topUsers { key value } }
        counted: breakdown(metric: PLANS, by: USER, range: $range, limit: 10) { key value }
        summarised: breakdown(metric: PLANS, by: USER, range: $range, limit: 10) { key value summary { count } } }`,
      { range }
    );
    expect(plannerStats.topUsers).toEqual(expected);
    expect(counted).toEqual(expected);
    expect(summarised.map(({ key, value }: { key: string; value: number }) => ({ key, value }))).toEqual(expected);
  });

  it('ranks only the filtered users', async () => {
    const few = [spread, ...oneMonth.slice(25, 32).map((user) => user.id)];
    const { plannerStats, top3 } = await api.data(
      `query($range: TimeRangeInput, $filter: StatsFilter) {
        plannerStats(range: $range, interval: "1d", filter: $filter) { topUsers { key value } }
        top3: breakdown(metric: PLANS, by: USER, range: $range, filter: $filter, limit: 3) { key value } }`,
      { range, filter: { user: few } }
    );
    const counts = new Map(oneMonth.map((user) => [user.id, user.count]));
    const ranked = [
      { key: spread, value: 38 },
      ...few
        .slice(1)
        .map((key) => ({ key, value: counts.get(key)! }))
        .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key)),
    ];
    expect(plannerStats.topUsers).toEqual(ranked);
    expect(top3).toEqual(ranked.slice(0, 3));
  });

  it('names no one for users it does not know', async () => {
    const { plannerStats } = await api.data(
      `query($range: TimeRangeInput) { plannerStats(range: $range, filter: { user: ["nobody-here"] }) { topUsers { key } } }`,
      { range }
    );
    expect(plannerStats.topUsers).toEqual([]);
  });
});
