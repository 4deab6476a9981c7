import { DIALECTS, startApi, TestApi } from './support/api';
import { ingest } from './support/events';
import { mixedBatch } from './support/mixed';
import { DRILL_DOWNS, PAGE_QUERIES, RANGES } from '../bench/pages';

// A page is one request whose figures all start at once. Figures that need the same rows (a
// drill-down's summary and its table of that one key, a filter that every figure looks up) share
// one statement: no statement runs twice in a request, on any page, drill-down or range.

type Filter = Record<string, string[]>;

describe.each(DIALECTS)('each page request on %s', (dialect) => {
  let api: TestApi;
  /** Every statement the statistics ran, with its parameters, since the last reset. */
  let statements: string[] = [];
  const filters: Record<string, Filter> = {};

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'reads-once');
    const { events } = mixedBatch(300, 11, new Date(Date.now() - 30 * 60_000).toISOString());
    expect((await ingest(api, events)).rejected).toBe(0);
    // The busiest key of each drill-down, as the pages list them.
    const range = { from: new Date(Date.now() - 3_600_000).toISOString() };
    const { agentStats, toolStats, dagStats, plannerStats } = await api.data(
      `query($range: TimeRangeInput) {
        agentStats(range: $range) { agents { key } } toolStats(range: $range) { tools { key } }
        dagStats(range: $range) { workflows { key } } plannerStats(range: $range) { topUsers { key } } }`,
      { range }
    );
    for (const [name, rows] of [
      ['agents, one agent', agentStats.agents],
      ['tools, one tool', toolStats.tools],
      ['dags, one workflow', dagStats.workflows],
      ['planner, one user', plannerStats.topUsers],
    ] as const) {
      expect(rows.length).toBeGreaterThan(0);
      filters[name] = { [DRILL_DOWNS[name].filter]: [rows[0].key] };
    }
    const source = api.services.readSource;
    const query = source.query.bind(source);
    source.query = ((sql: string, parameters?: unknown[]) => {
      statements.push(JSON.stringify([sql, parameters ?? []]));
      return query(sql, parameters);
    }) as typeof source.query;
  });
  afterAll(() => api?.close());

  const views = [
    ...Object.entries(PAGE_QUERIES).map(([name, document]) => ({ name, document })),
    ...Object.entries(DRILL_DOWNS).map(([name, { query }]) => ({ name, document: query })),
  ].flatMap((view) => Object.entries(RANGES).map(([rangeName, range]) => ({ ...view, rangeName, range })));

  it.each(views)('$name over $rangeName runs no statement twice', async ({ name, document, range }) => {
    statements = [];
    const now = Date.now();
    await api.data(document, {
      range: { from: new Date(now - range.length).toISOString(), to: new Date(now).toISOString() },
      interval: range.interval,
      filter: filters[name],
    });
    expect(statements.length).toBeGreaterThan(0);
    const repeated = statements.filter((statement, i) => statements.indexOf(statement) !== i);
    expect(repeated).toEqual([]);
  });
});
