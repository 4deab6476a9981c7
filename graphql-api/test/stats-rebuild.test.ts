import { rebuildRollups, ROLLUP_TABLES } from '../src/rollups/rebuild';
import { DIALECTS, startApi, TestApi } from './support/api';

describe.each(DIALECTS)('rebuilding the rollups from raw records on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'rebuild');
  });
  afterAll(() => api.close());

  it('recomputes the same statistics after the rollups are lost', async () => {
    const start = Date.UTC(2026, 5, 1, 12);
    const events = Array.from({ length: 120 }, (_, i) => ({
      agentExecution: {
        requestId: `rb-${i}`,
        agent: `agent-${i % 4}`,
        userId: `user-${i % 3}`,
        status: i % 5 === 0 ? 'FAILURE' : 'SUCCESS',
        startedAt: new Date(start + i * 97_000).toISOString(),
        durationMs: 50 + ((i * 7919) % 5000),
        inputTokens: i,
        costUsd: `0.0${i % 9}1`,
      },
    }));
    await api.data(`mutation($e: [EventInput!]!) { ingest(events: $e) { rejected } }`, { e: events });
    const query = `query($range: TimeRangeInput) {
      breakdown(metric: AGENT_EXECUTIONS, by: AGENT, range: $range) { key summary { count success avgDurationMs p95DurationMs inputTokens costUsd } }
      periodCounts(metric: AGENT_EXECUTIONS) { allTime }
      timeSeries(metric: AGENT_EXECUTIONS, range: $range, interval: "1h", groupBy: STATUS) { series { key values } }
      userStats(range: $range, interval: "1h") { users { userId agentExecutions totalTokens costUsd } topUsersByCost { userId costUsd } } }`;
    const variables = {
      range: { from: new Date(start - 3_600_000).toISOString(), to: new Date(start + 4 * 3_600_000).toISOString() },
    };
    const before = await api.data(query, variables);
    expect(before.periodCounts.allTime).toBe(120);
    expect(before.userStats.users).toHaveLength(3);
    expect(before.userStats.topUsersByCost).toHaveLength(3);

    for (const table of ROLLUP_TABLES) await api.services.dataSource.query(`DELETE FROM ${table}`);
    const lost = await api.data(query, variables);
    expect(lost.periodCounts.allTime).toBe(0);
    expect(lost.userStats.users).toEqual([]);

    expect(await rebuildRollups(api.services.dataSource, api.services.config.minuteRollupDays)).toBeGreaterThanOrEqual(
      120
    );
    expect(await api.data(query, variables)).toEqual(before);
  });
});
