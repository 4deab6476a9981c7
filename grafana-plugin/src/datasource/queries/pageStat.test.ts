import { type DataFrame, FieldType } from '@grafana/data';
import { getNamedType, type GraphQLObjectType } from 'graphql';
import * as api from '../../test/apiData';
import { createDataSource, field, queryRequest, valuesOf } from '../../test/fixtures';
import { apiSchema, describesNow, schemaTransport, validationErrors } from '../../test/schemaTransport';
import type { AgentmonQuery, StatsPage } from '../types';
import type { QueryContext } from './context';
import { buildPageStatRequest, STATS_PAGES } from './pageStat';

const ctx: QueryContext = {
  refId: 'A',
  from: '2026-11-26T08:00:00.000Z',
  to: '2026-11-26T09:00:00.000Z',
  interval: '1m',
  timezone: 'Europe/Paris',
};

/** Resolvers for every page query, answering with the sample data. */
const root = {
  overview: () => ({
    logins: api.periodCounts,
    activeSessions: 4,
    workflowRuns: api.periodCounts,
    runningWorkflows: 2,
    agentExecutions: api.periodCounts,
    agentSuccessRate: 0.75,
    unpricedAgentExecutions: 2,
    toolExecutions: api.periodCounts,
    toolSuccessRate: null,
    pendingApprovals: 1,
    decidedApprovals: 5,
    plans: api.periodCounts,
    plansPendingApproval: 0,
  }),
  userStats: () => ({
    logins: api.periodCounts,
    activeSessions: 4,
    series: api.timeSeries([{ key: 'logins', label: 'Logins', values: [1, 0, 2] }]),
    loginsPer10Minutes: api.timeSeries([{ key: 'logins', label: 'Logins', values: [1, 0, 2] }]),
    users: [api.userRow],
    topUsersByCost: [api.userRow],
  }),
  toolStats: () => ({
    executions: api.periodCounts,
    summary: api.summary,
    series: api.timeSeries([{ key: 'SUCCESS', label: 'SUCCESS', values: [1, 0, 2] }]),
    tools: [{ ...api.entityRow, key: 'web_search', label: 'web_search' }],
  }),
  agentStats: (args: { filter?: unknown }) => ({
    executions: api.periodCounts,
    summary: api.summary,
    series: api.timeSeries([{ key: 'SUCCESS', label: 'SUCCESS', values: [1, 0, 2] }]),
    agents: [api.entityRow],
    byModel: [api.breakdownRow],
    byProvider: [{ ...api.breakdownRow, key: 'openai', label: 'openai' }],
    dailyUsage: api.timeSeries([
      { key: 'inputTokens', label: 'Input tokens', values: [10, 0, 5] },
      { key: 'costUsd', label: 'Cost', values: [0.1, 0, 0.05] },
    ]),
    errors: ({ first }: { first: number }) => [api.agentExecution].slice(0, first),
    filterSeen: args.filter,
  }),
  dagStats: () => ({
    runs: api.periodCounts,
    summary: api.summary,
    runningNow: 2,
    waitingApprovalNow: 1,
    series: api.timeSeries([
      { key: 'started', label: 'Started', values: [1, 0, 2] },
      { key: 'completed', label: 'Completed', values: [0, 1, 1] },
    ]),
    workflows: [api.workflowRow],
  }),
  plannerStats: () => ({
    plans: api.periodCounts,
    conversations: api.periodCounts,
    approvalRate: 0.5,
    avgTimeToDecisionMs: 60000,
    plansPendingApproval: 3,
    series: api.timeSeries([{ key: 'plans', label: 'Plans', values: [1, 0, 2] }]),
    statusDistribution: [{ status: 'APPROVED', count: 2 }],
    topUsers: [{ ...api.breakdownRow, key: 'u-42', label: 'Ada' }],
    recentPlans: ({ first }: { first: number }) => [api.plan].slice(0, first),
  }),
};

const everyStat = (Object.keys(STATS_PAGES) as StatsPage[]).flatMap((page) =>
  Object.keys(STATS_PAGES[page].stats).map((stat) => [page, stat] as const)
);

async function run(query: Omit<AgentmonQuery, 'refId'>) {
  const { send, calls } = schemaTransport(root);
  const response = await createDataSource(send).query(queryRequest([{ refId: 'A', queryType: 'pageStat', ...query }]));
  return { response, calls, frame: response.data[0] as DataFrame };
}

describe('page statistic queries', () => {
  it.each(everyStat)('%s.%s is a valid operation of the API schema and returns a frame', async (page, stat) => {
    expect(
      validationErrors(buildPageStatRequest({ refId: 'A', queryType: 'pageStat', page, stat }, ctx).query)
    ).toEqual([]);
    const { response, frame } = await run({ page, stat });
    expect(response.errors).toEqual([]);
    expect(response.data).toHaveLength(1);
    expect(frame.refId).toBe('A');
    expect(frame.name).toBe(STATS_PAGES[page].stats[stat].label);
  });

  it('sends the panel range, zone and interval as GraphQL variables, and the filter only when set', () => {
    const request = buildPageStatRequest({ refId: 'A', page: 'agents', stat: 'executions' }, ctx);
    expect(request.variables).toEqual({
      range: { from: ctx.from, to: ctx.to },
      timezone: 'Europe/Paris',
      interval: '1m',
    });
    expect(request.query).toContain('agentStats(range: $range, timezone: $timezone, interval: $interval)');
    const filtered = buildPageStatRequest(
      { refId: 'A', page: 'agents', stat: 'executions', filter: { agent: ['researcher'], user: [] }, interval: '1h' },
      ctx
    );
    expect(filtered.variables.filter).toEqual({ agent: ['researcher'] });
    expect(filtered.variables.interval).toBe('1h');
    expect(validationErrors(filtered.query)).toEqual([]);
  });

  it('frames period counts as three numbers with display names', async () => {
    const { frame } = await run({ page: 'overview', stat: 'logins' });
    expect(valuesOf(frame)).toEqual({ today: [3], last7Days: [20], allTime: [120] });
    expect(frame.fields.map((f) => f.config.displayName)).toEqual(['Today', 'Last 7 days', 'All time']);
    expect(frame.fields.every((f) => f.type === FieldType.number)).toBe(true);
  });

  it('frames a lone rate as a 0-1 percent unit and keeps null when nothing finished', async () => {
    const rate = await run({ page: 'overview', stat: 'agentSuccessRate' });
    expect(field(rate.frame, 'value').config).toMatchObject({
      unit: 'percentunit',
      min: 0,
      max: 1,
      displayName: 'Agent success rate',
    });
    expect(valuesOf(rate.frame).value).toEqual([0.75]);
    const none = await run({ page: 'overview', stat: 'toolSuccessRate' });
    expect(valuesOf(none.frame).value).toEqual([null]);
  });

  it('frames durations in ms', async () => {
    const { frame } = await run({ page: 'planner', stat: 'avgTimeToDecisionMs' });
    expect(field(frame, 'value').config.unit).toBe('ms');
  });

  it('asks only for the summary fields the query names, with units (cost as USD from a Decimal string)', async () => {
    const { frame, calls } = await run({
      page: 'agents',
      stat: 'summary',
      fields: ['successRate', 'costUsd', 'p95DurationMs'],
    });
    expect(calls[0].query).toContain('summary { successRate costUsd p95DurationMs }');
    expect(valuesOf(frame)).toEqual({ successRate: [0.8], costUsd: [0.105], p95DurationMs: [3000] });
    expect(field(frame, 'costUsd').config.unit).toBe('currencyUSD');
    expect(field(frame, 'p95DurationMs').config.unit).toBe('ms');
    expect(field(frame, 'successRate').config.unit).toBe('percentunit');
  });

  it('frames unpriced calls as a count that says what it means: summary, agent rows and the Overview figure', async () => {
    const summary = await run({ page: 'agents', stat: 'summary', fields: ['costUsd', 'unpriced'] });
    expect(summary.calls[0].query).toContain('summary { costUsd unpriced }');
    expect(valuesOf(summary.frame)).toEqual({ costUsd: [0.105], unpriced: [1] });
    expect(field(summary.frame, 'unpriced').config).toMatchObject({
      displayName: 'Unpriced calls',
      unit: 'short',
      description: expect.stringMatching(/no known price.*rather than count them as \$0/),
    });
    const agents = await run({ page: 'agents', stat: 'agents' });
    expect(valuesOf(agents.frame)['summary.unpriced']).toEqual([1]);
    expect(field(agents.frame, 'summary.unpriced').config.description).toBe(
      field(summary.frame, 'unpriced').config.description
    );
    // Tools have no model: no unpriced column.
    const tools = await run({ page: 'tools', stat: 'tools' });
    expect(tools.frame.fields.map((f) => f.name)).not.toContain('summary.unpriced');
    const overview = await run({ page: 'overview', stat: 'unpricedAgentExecutions' });
    expect(overview.calls[0].query).toContain('unpricedAgentExecutions');
    expect(valuesOf(overview.frame).value).toEqual([2]);
  });

  it('frames status counts as a table', async () => {
    const { frame, calls } = await run({ page: 'tools', stat: 'statuses' });
    expect(calls[0].query).toContain('summary { statuses { status count } }');
    expect(valuesOf(frame)).toEqual({ status: ['SUCCESS', 'FAILURE'], count: [8, 2] });
  });

  it('frames a page series as a wide time series with the series units (dailyUsage mixes tokens and USD)', async () => {
    const { frame } = await run({ page: 'agents', stat: 'dailyUsage' });
    expect(field(frame, 'time').type).toBe(FieldType.time);
    expect(field(frame, 'time').values[0]).toBe(Date.parse(api.times[0]));
    expect(field(frame, 'inputTokens').config).toMatchObject({ unit: 'short', displayNameFromDS: 'Input tokens' });
    expect(field(frame, 'costUsd').config.unit).toBe('currencyUSD');
  });

  it('frames entity rows with nested summary and last error columns', async () => {
    const { frame } = await run({ page: 'agents', stat: 'agents' });
    const values = valuesOf(frame);
    expect(values.key).toEqual(['researcher']);
    expect(values['summary.count']).toEqual([10]);
    expect(values['summary.costUsd']).toEqual([0.105]);
    expect(values['lastError.at']).toEqual([Date.parse('2026-11-26T08:30:00.000Z')]);
    expect(field(frame, 'lastError.at').type).toBe(FieldType.time);
    expect(field(frame, 'summary.successRate').config.unit).toBe('percentunit');
  });

  it('frames user rows, workflow rows (task states as text) and breakdown rows', async () => {
    const users = await run({ page: 'users', stat: 'users' });
    expect(valuesOf(users.frame)).toMatchObject({
      userId: ['u-42'],
      userName: ['Ada'],
      costUsd: [0.5],
      activeSessions: [1],
    });
    const workflows = await run({ page: 'dags', stat: 'workflows' });
    expect(valuesOf(workflows.frame)).toMatchObject({ key: ['nightly-report'], taskStatuses: ['SUCCESS 3, FAILED 1'] });
    const models = await run({ page: 'agents', stat: 'byModel' });
    expect(valuesOf(models.frame)).toMatchObject({ key: ['gpt-4o'], value: [7] });
  });

  it('passes the limit to fields that take `first`', async () => {
    const { calls, frame } = await run({ page: 'agents', stat: 'errors', limit: 5 });
    expect(calls[0].query).toContain('errors(first: $first)');
    expect(calls[0].variables.first).toBe(5);
    expect(valuesOf(frame)).toMatchObject({
      requestId: ['req-1'],
      'agent.name': ['researcher'],
      errorMessage: ['model timed out'],
    });
  });

  it('reports an unknown page or figure in the panel', async () => {
    const { response } = await run({ page: 'agents', stat: 'nope' });
    expect(response.errors?.[0]).toMatchObject({
      refId: 'A',
      message: expect.stringContaining('Unknown page statistic'),
    });
  });
});

describe('the query editor names each page figure as the pages title it', () => {
  it('says "now" for a figure of what is true now, and only for those', () => {
    const wrong: string[] = [];
    for (const [page, def] of Object.entries(STATS_PAGES)) {
      const type = getNamedType(apiSchema.getQueryType()!.getFields()[def.field].type) as GraphQLObjectType;
      for (const [stat, { label, path }] of Object.entries(def.stats)) {
        let figure = {};
        let at: GraphQLObjectType = type;
        for (const name of (path ?? stat).split('.')) {
          const schemaField = at.getFields()[name];
          figure = schemaField;
          at = getNamedType(schemaField.type) as GraphQLObjectType;
        }
        if (describesNow(figure) !== /\bnow\b/i.test(label)) {
          wrong.push(`${page}.${stat}: "${label}"`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
