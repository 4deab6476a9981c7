import fs from 'node:fs';
import path from 'node:path';
import { COARSE_RELATIVE_ACCURACY } from '../src/rollups/histogram';
import { DIALECTS, startApi, TestApi } from './support/api';
import { BatchEvent, ingest } from './support/events';

interface GuideQuery {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The README's "Query it" queries, each a graphql block followed by its json variables, as written. */
function guideQueries(): Map<string, GuideQuery> {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.split('\n## Query it\n')[1].split('\n## ')[0];
  const queries = new Map<string, GuideQuery>();
  for (const [, query, variables] of section.matchAll(/```graphql\n([\s\S]*?)```\n```json\n([\s\S]*?)```/g)) {
    const name = /^query (\w+)/.exec(query)![1];
    queries.set(name, { name, query, variables: JSON.parse(variables) as Record<string, unknown> });
  }
  return queries;
}

const HOUR = 3_600_000;
const NOW = Date.now();
const TODAY = new Date(NOW).setUTCHours(0, 0, 0, 0);
// A week back from midnight: a whole hour, as the guide asks of ranges read at hour granularity.
const SINCE = TODAY - 6 * 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
// Earlier today, never in the future.
const earlierToday = TODAY + Math.floor((NOW - TODAY) / 2);

let sequence = 0;
const agentExecution = (userId: string, costUsd: string, startedAt: number): BatchEvent => ({
  agentExecution: {
    requestId: `guide-a-${++sequence}`,
    agent: 'writer',
    userId,
    status: 'SUCCESS',
    startedAt: iso(startedAt),
    durationMs: 900,
    costUsd,
  },
});
const toolCall = (tool: string, durationMs: number | null, startedAt: number): BatchEvent => ({
  toolExecution: {
    requestId: `guide-t-${++sequence}`,
    tool,
    status: durationMs === null ? 'RUNNING' : 'SUCCESS',
    startedAt: iso(startedAt),
    durationMs,
  },
});
const run = (runId: string, status: string, startedAt: number): BatchEvent => ({
  workflowRun: {
    runId,
    workflowKey: 'etl',
    workflowName: 'Nightly ETL',
    status,
    startedAt: iso(startedAt),
    durationMs: 1_000,
    ...(status === 'FAILED' ? { errorType: 'SchemaMismatch', errorMessage: 'column "total" is missing' } : {}),
  },
});

const EVENTS: BatchEvent[] = [
  agentExecution('ann', '0.50', SINCE + HOUR),
  agentExecution('ann', '0.25', earlierToday),
  agentExecution('bob', '1.20', SINCE + 2 * HOUR),
  agentExecution('bob', '5.00', SINCE - 2 * HOUR), // last week: not this week's cost
  toolCall('search', 100, SINCE + HOUR),
  toolCall('search', 140, earlierToday),
  toolCall('search', null, earlierToday), // still running: no duration, never "slowest"
  toolCall('browser', 2_000, SINCE + 3 * HOUR),
  toolCall('browser', 3_000, earlierToday),
  toolCall('calc', 5, earlierToday),
  toolCall('calc', 99_999, SINCE - 2 * HOUR), // last week
  run('etl-today-failed', 'FAILED', earlierToday),
  run('etl-today-ok', 'SUCCESS', earlierToday),
  run('etl-yesterday-failed', 'FAILED', TODAY - 2 * HOUR),
];

describe.each(DIALECTS)("the README's Query it guide on %s", (dialect) => {
  const guide = guideQueries();
  let api: TestApi;

  /** Runs the guide's query `name` with the variables it shows, their values set to this test's times. */
  const ask = async (name: string, values: Record<string, string>) => {
    const entry = guide.get(name)!;
    expect(Object.keys(entry.variables).sort()).toEqual(Object.keys(values).sort());
    return api.data(entry.query, values);
  };

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'guide');
    expect((await ingest(api, EVENTS)).rejected).toBe(0);
  });
  afterAll(() => api.close());

  it('has the three questions', () => {
    expect([...guide.keys()]).toEqual(['CostPerUser', 'SlowestTools', 'FailedRunsToday']);
  });

  it('cost per user this week: costliest first, last week left out', async () => {
    const { breakdown } = await ask('CostPerUser', { since: iso(SINCE) });
    type Row = { key: string; summary: { costUsd: string; count: number } };
    const rows = breakdown.map((row: Row) => [row.key, row.summary.costUsd, row.summary.count]);
    expect(rows).toEqual([
      ['bob', '1.2', 1],
      ['ann', '0.75', 2],
    ]);
  });

  it('slowest tools this week: by p95, and the slowest finished calls first', async () => {
    const { breakdown, toolExecutions } = await ask('SlowestTools', { since: iso(SINCE) });
    expect(breakdown.map((row: { key: string }) => row.key)).toEqual(['browser', 'search', 'calc']);
    // A week reads day rows: within 10 %.
    expect(breakdown[0].value).toBeGreaterThanOrEqual(3_000 * (1 - COARSE_RELATIVE_ACCURACY));
    expect(breakdown[0].value).toBeLessThanOrEqual(3_000 * (1 + COARSE_RELATIVE_ACCURACY));
    const calls = toolExecutions.edges.map((edge: { node: { tool: { name: string }; durationMs: number | null } }) => [
      edge.node.tool.name,
      edge.node.durationMs,
    ]);
    expect(calls).toEqual([
      ['browser', 3_000],
      ['browser', 2_000],
      ['search', 140],
      ['search', 100],
      ['calc', 5],
      ['search', null],
    ]);
  });

  it('failed runs today: only today, only failed, with their error', async () => {
    const { workflowRuns } = await ask('FailedRunsToday', { today: iso(TODAY) });
    expect(workflowRuns.totalCount).toBe(1);
    expect(workflowRuns.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      expect.objectContaining({
        runId: 'etl-today-failed',
        workflow: { key: 'etl', name: 'Nightly ETL' },
        errorType: 'SchemaMismatch',
        errorMessage: 'column "total" is missing',
      }),
    ]);
    expect(workflowRuns.pageInfo.hasNextPage).toBe(false);
  });
});
