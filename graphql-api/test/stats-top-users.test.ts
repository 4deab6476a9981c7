import { DIALECTS, startApi, TestApi } from './support/api';
import { BatchEvent, ingest, make, uid } from './support/events';

/**
 * Users ranked by a count over days or months (the Planner's top users, a breakdown of plans by
 * user without summaries) are read from each day's or month's users with the most, deeper only
 * while someone not read yet could still rank. A user whose plans are spread over two days must
 * rank by their sum, though each day holds thirty users with more; filtered rankings, and the
 * ranking with summaries (which reads every user's rollups), must agree with it.
 */
const DAY = 86_400_000;

/** `count` plans of the user, a second apart from `at` (epoch ms). */
const plans = (userId: string, at: number, count: number): BatchEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    plan: make.plan({ userId, createdAt: new Date(at + i * 1_000).toISOString() }),
  }));

describe.each(DIALECTS)('top users by count over days and months on %s', (dialect) => {
  let api: TestApi;
  // Two whole days twelve days ago: thirty users make 20 to 29 plans in the first day only (three
  // users each count), thirty in the second only; one makes 19 in each, 38 in all, and is 31st in
  // either day. The tenth of the one-day users has 28: above either day's twentieth (23), not
  // above their sum.
  const day = Math.floor(Date.now() / DAY) * DAY - 12 * DAY;
  const range = { from: new Date(day), to: new Date(day + 2 * DAY) };
  const oneDay = Array.from({ length: 60 }, (_, i) => ({
    id: uid('one-day-planner'),
    at: day + (i < 30 ? 0 : DAY) + (i % 30) * 60_000 + 3_600_000,
    count: 20 + Math.floor((i % 30) / 3),
  }));
  const spread = uid('spread-planner');
  // Most first; ties go by label, which is the id here.
  const expected = [
    { key: spread, value: 38 },
    ...oneDay
      .map((user) => ({ key: user.id, value: user.count }))
      .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key))
      .slice(0, 9),
  ];

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'top-users');
    const events = [
      ...oneDay.flatMap((user) => plans(user.id, user.at, user.count)),
      ...plans(spread, day + 7_200_000, 19),
      ...plans(spread, day + DAY + 7_200_000, 19),
    ];
    expect((await ingest(api, events)).accepted).toBe(events.length);
  });
  afterAll(() => api?.close());

  it('ranks first the user whose plans are spread over two days on the Planner page and in a breakdown', async () => {
    const { plannerStats, counted, summarised } = await api.data(
      `query($range: TimeRangeInput) {
        plannerStats(range: $range, interval: "1h") { topUsers { key value } }
        counted: breakdown(metric: PLANS, by: USER, range: $range, limit: 10) { key value }
        summarised: breakdown(metric: PLANS, by: USER, range: $range, limit: 10) { key value summary { count } } }`,
      { range }
    );
    expect(plannerStats.topUsers).toEqual(expected);
    expect(counted).toEqual(expected);
    expect(summarised.map(({ key, value }: { key: string; value: number }) => ({ key, value }))).toEqual(expected);
  });

  it('ranks only the filtered users, over the month around them as over their days', async () => {
    const few = [spread, ...oneDay.slice(25, 32).map((user) => user.id)];
    const { days, months } = await api.data(
      `query($range: TimeRangeInput, $months: TimeRangeInput, $filter: StatsFilter) {
        days: plannerStats(range: $range, interval: "1h", filter: $filter) { topUsers { key value } }
        months: breakdown(metric: PLANS, by: USER, range: $months, filter: $filter, limit: 3) { key value } }`,
      { range, months: { from: new Date(day - 30 * DAY), to: new Date() }, filter: { user: few } }
    );
    const counts = new Map(oneDay.map((user) => [user.id, user.count]));
    const ranked = [
      { key: spread, value: 38 },
      ...few
        .slice(1)
        .map((key) => ({ key, value: counts.get(key)! }))
        .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key)),
    ];
    expect(days.topUsers).toEqual(ranked);
    expect(months).toEqual(ranked.slice(0, 3));
  });

  it('names no one for users it does not know', async () => {
    const { plannerStats } = await api.data(
      `query($range: TimeRangeInput) { plannerStats(range: $range, filter: { user: ["nobody-here"] }) { topUsers { key } } }`,
      { range }
    );
    expect(plannerStats.topUsers).toEqual([]);
  });
});
